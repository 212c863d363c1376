import { InputError } from '@backstage/errors';
import { netsealComplianceReadPermission } from '@netseal/backstage-plugin-netseal-common';
import type { Authorization } from '../authorization';
import { toComplianceReportJson } from '../json';
import type { NetsealRouter } from '../NetsealRouter';
import type { RouterOptions } from '../router';
import { incidentsCsv, policiesCsv } from '../../compliance/complianceCsv';

function instant(name: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
    throw new InputError(
      `${name} must be an ISO 8601 date or time, such as 2026-12-01 or 2026-12-01T09:00:00Z; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return date;
}

/** The compliance report, as JSON or as CSV tables for a spreadsheet. */
export function addComplianceRoutes(
  router: NetsealRouter,
  options: {
    authorization: Authorization;
    compliance: RouterOptions['compliance'];
  },
) {
  const { authorization, compliance } = options;

  router.get('/compliance/report', async (req, res) => {
    const credentials = await authorization.user(req);
    await authorization.require(
      credentials,
      netsealComplianceReadPermission,
      'read the compliance report',
    );
    const from = instant('from', req.query.from);
    const to = instant('to', req.query.to);
    if (to <= from) {
      throw new InputError(
        `to must be after from; got from ${from.toISOString()} and to ${to.toISOString()}`,
      );
    }
    const report = await compliance.report({
      from,
      to,
      ...(req.query.cluster ? { cluster: req.query.cluster } : {}),
    });
    if (req.query.format !== 'csv') {
      res.json(toComplianceReportJson(report));
      return;
    }
    const table = req.query.table ?? 'policies';
    // The typed router knows JSON bodies only; the CSV is written as the text it is.
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set(
        'Content-Disposition',
        `attachment; filename="netseal-compliance-${table}.csv"`,
      )
      .end(table === 'incidents' ? incidentsCsv(report) : policiesCsv(report));
  });
}
