import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  ComplianceReport,
  ComplianceReportQuery,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useEffect, useState } from 'react';
import { netsealApiRef } from '../../api';
import { saveFile } from '../AttestationDownload';
import { withBreakOpportunities } from '../ReadableTable';

const DAY_MS = 24 * 60 * 60 * 1000;

const useStyles = makeStyles(theme => ({
  // The printable view: the report alone, without the app's navigation and controls.
  '@global': {
    '@media print': {
      'nav, header, [data-netseal-no-print]': { display: 'none !important' },
    },
  },
  totals: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  // Short headers of narrow columns stay whole words instead of breaking mid-word.
  table: {
    '& th': { whiteSpace: 'nowrap' },
  },
}));

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const duration = (seconds: number | undefined) => {
  if (seconds === undefined) return '—';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
};
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The compliance report for auditors: a window, its totals, each cluster's guard share,
 * each sealed policy with its provenance, and each drift incident with who changed the
 * policy and how it ended; both tables as CSV, and a printable view.
 */
export function ComplianceView() {
  const api = useApi(netsealApiRef);
  const classes = useStyles();
  const [from, setFrom] = useState(() =>
    day(new Date(Date.now() - 7 * DAY_MS)),
  );
  const [to, setTo] = useState(() => day(new Date(Date.now() + DAY_MS)));
  const [report, setReport] = useState<ComplianceReport>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);
  const query: ComplianceReportQuery = { from, to };

  const load = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    try {
      setReport(await api.getComplianceReport({ from, to }));
    } catch (e) {
      setReport(undefined);
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoading(false);
    }
  }, [api, from, to]);
  useEffect(() => {
    load();
    // Loaded once on arrival; later windows load on request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const download = async (table: 'policies' | 'incidents') => {
    try {
      saveFile(
        `netseal-compliance-${table}-${from}-${to}.csv`,
        await api.getComplianceCsv(query, table),
        'text/csv',
      );
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  return (
    <Box component="section" aria-label="Compliance report">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mb={2}
        data-netseal-no-print
      >
        <TextField
          label="From"
          type="date"
          value={from}
          onChange={event => setFrom(event.target.value)}
          InputLabelProps={{ shrink: true }}
        />
        <TextField
          label="To"
          type="date"
          value={to}
          onChange={event => setTo(event.target.value)}
          InputLabelProps={{ shrink: true }}
        />
        <Button variant="contained" color="primary" onClick={load}>
          Show report
        </Button>
        <Button variant="outlined" onClick={() => download('policies')}>
          Download policies (CSV)
        </Button>
        <Button variant="outlined" onClick={() => download('incidents')}>
          Download drift incidents (CSV)
        </Button>
        <Button variant="outlined" onClick={() => window.print()}>
          Print
        </Button>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {report && <ReportTables report={report} classes={classes} />}
    </Box>
  );
}

function ReportTables(props: {
  report: ComplianceReport;
  classes: ReturnType<typeof useStyles>;
}) {
  const { report, classes } = props;
  const { totals } = report;
  return (
    <>
      <InfoCard title={`Compliance from ${report.from} to ${report.to}`}>
        <Box component="dl" className={classes.totals}>
          <dt>Sealed policies</dt>
          <dd>{totals.policies}</dd>
          <dt>In sync for the whole window</dt>
          <dd>{percent(totals.inSyncWholeWindowShare)}</dd>
          <dt>Drifts</dt>
          <dd>{totals.drifts}</dd>
          <dt>Mean time to restore</dt>
          <dd>{duration(totals.meanTimeToRestoreSeconds)}</dd>
          <dt>Worst time to restore</dt>
          <dd>{duration(totals.worstTimeToRestoreSeconds)}</dd>
          <dt>Live sealed policies without provenance</dt>
          <dd>{totals.withoutProvenance}</dd>
          <dt>Attestations</dt>
          <dd>
            {report.attestations.signed
              ? 'signed'
              : `not signed: ${report.attestations.reason ?? ''}`}
          </dd>
          {report.clusters.map(cluster => (
            <Box component="span" key={cluster.cluster} display="contents">
              <dt>Guard protecting {cluster.cluster}</dt>
              <dd>{percent(cluster.guardProtectedShare)} of the window</dd>
            </Box>
          ))}
        </Box>
      </InfoCard>
      <Box mt={3}>
        <Typography variant="h6" component="h3">
          Sealed policies
        </Typography>
        <Table
          size="small"
          aria-label="Sealed policies"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>In sync since</TableCell>
              <TableCell>Drifts</TableCell>
              <TableCell>Provenance</TableCell>
              <TableCell>Attestation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {report.policies.map(policy => (
              <TableRow
                key={`${policy.cluster}/${policy.namespace}/${policy.name}`}
              >
                <TableCell>
                  {withBreakOpportunities(
                    `${policy.cluster}/${policy.namespace}/${policy.name}`,
                  )}
                </TableCell>
                <TableCell>{policy.status}</TableCell>
                <TableCell>{policy.inSyncSince ?? '—'}</TableCell>
                <TableCell>{policy.drifts}</TableCell>
                <TableCell>
                  {policy.provenance
                    ? `${policy.provenance.kind} ${policy.provenance.id} by ${policy.provenance.requestedBy}`
                    : 'none recorded'}
                </TableCell>
                <TableCell>{policy.attestationId ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Box mt={3}>
        <Typography variant="h6" component="h3">
          Drift incidents
        </Typography>
        <Table
          size="small"
          aria-label="Drift incidents"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Start</TableCell>
              <TableCell>End</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Changed by</TableCell>
              <TableCell>Ended by</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {report.incidents.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>No drift in this window.</TableCell>
              </TableRow>
            )}
            {report.incidents.map(incident => (
              <TableRow
                key={`${incident.cluster}/${incident.namespace}/${incident.name}@${incident.start}`}
              >
                <TableCell>
                  {withBreakOpportunities(
                    `${incident.cluster}/${incident.namespace}/${incident.name}`,
                  )}
                </TableCell>
                <TableCell>{incident.start}</TableCell>
                <TableCell>{incident.end ?? 'open'}</TableCell>
                <TableCell>{duration(incident.durationSeconds)}</TableCell>
                <TableCell>
                  {incident.attribution?.manager
                    ? `${incident.attribution.manager} (${incident.attribution.writer})`
                    : 'unknown'}
                </TableCell>
                <TableCell>{incident.endedBy}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </>
  );
}
