import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  DriftAttribution,
  PolicyProvenance,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { ComplianceService } from '../compliance/ComplianceService';
import type { PolicyDriftToStore } from '../database/DriftStore';
import { NetsealDatabase } from '../database/NetsealDatabase';
import {
  PAYMENTS,
  permissionsAllowing,
  routerServices,
  startTestRouter,
} from './__testUtils__/startTestRouter';

const SEAL = `sha256:${'a'.repeat(64)}`;
const DENY_SEAL = `sha256:${'d'.repeat(64)}`;
const at = (time: string) => new Date(`2026-12-01T${time}Z`);

const byKubectlEdit: DriftAttribution = {
  writer: 'manual',
  manager: 'kubectl-edit',
  operation: 'Update',
  time: '2026-12-01T09:59:58.000Z',
  generation: 2,
};
const byController: DriftAttribution = {
  writer: 'controller',
  manager: 'policy-operator',
  operation: 'Apply',
  time: '2026-12-01T11:59:59.000Z',
  generation: 3,
};

function verdict(
  name: string,
  overrides: Partial<PolicyDriftToStore> = {},
): PolicyDriftToStore {
  const seal = name === 'allow-checkout' ? SEAL : DENY_SEAL;
  return {
    cluster: 'prod-eu',
    namespace: 'shop',
    name,
    status: 'in-sync',
    seal,
    liveDigest: seal,
    differences: [],
    ...overrides,
  };
}

const drifted = (attribution: DriftAttribution) =>
  verdict('allow-checkout', {
    status: 'drifted',
    liveDigest: `sha256:${'b'.repeat(64)}`,
    attribution,
  });

const restoredProvenance: PolicyProvenance = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  entityRef: PAYMENTS,
  seal: SEAL,
  kind: 'restore',
  id: 'restore-1',
  requestedBy: 'user:default/ana',
  approvers: [],
  identity: 'netseal-rollout',
  startedBy: 'user:default/ana',
  completedAt: '2026-12-01T10:30:00.000Z',
};

/**
 * The known history, in cluster prod-eu, reported for 09:00 to 15:00: a rollout
 * puts allow-checkout live at 08:00 (deny-all was there before Netseal); kubectl edit
 * drifts it at 10:00 and a restore puts it back at 10:30; the guard is off from 11:00
 * to 12:00; a controller drifts it again at 12:00, still open at the end.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function knownHistory() {
  const knex = await databases.init('SQLITE_3');
  const database = await NetsealDatabase.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const { driftStore, provenanceStore, guardHistoryStore } = database;
  const write = (time: string, statuses: PolicyDriftToStore[]) =>
    driftStore.replaceStatuses({
      entityRef: PAYMENTS,
      statuses,
      checkedAt: at(time),
    });

  await provenanceStore.record(
    [
      {
        ...restoredProvenance,
        kind: 'request',
        id: 'request-1',
        changeUrl: 'https://github.com/acme/policies/pull/7',
        requestedBy: 'user:default/mo',
        approvers: ['user:default/ana'],
        mergedBy: 'user:default/ana',
        mergeCommit: 'c'.repeat(40),
        startedBy: 'user:default/mo',
        completedAt: '2026-12-01T08:00:00.000Z',
      },
    ],
    [],
  );
  await write('08:00:00', [verdict('allow-checkout'), verdict('deny-all')]);
  await guardHistoryStore.record({
    cluster: 'prod-eu',
    status: 'protected',
    observedAt: at('08:00:00'),
  });
  await write('10:00:00', [drifted(byKubectlEdit), verdict('deny-all')]);
  await database.restoreStore.create(
    {
      id: 'restore-1',
      entityRef: PAYMENTS,
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      driftStatus: 'drifted',
      seal: SEAL,
      requestedBy: 'user:default/ana',
      selfHeal: false,
    },
    {
      startedBy: 'user:default/ana',
      approvedBy: [],
      changes: [
        {
          op: 'replace',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          newSeal: SEAL,
        },
      ],
      clusters: [
        { cluster: 'prod-eu', identity: 'netseal-rollout', steps: ['Create'] },
      ],
    },
    at('10:25:00'),
  );
  await database.rolloutStore.setStatus('restore-1', {
    status: 'completed',
    endedAt: at('10:30:00'),
  });
  await provenanceStore.record([restoredProvenance], []);
  await write('10:30:00', [verdict('allow-checkout'), verdict('deny-all')]);
  await guardHistoryStore.record({
    cluster: 'prod-eu',
    status: 'unprotected',
    reason: 'the guard policy is not installed',
    observedAt: at('11:00:00'),
  });
  await guardHistoryStore.record({
    cluster: 'prod-eu',
    status: 'protected',
    observedAt: at('12:00:00'),
  });
  await write('12:00:00', [drifted(byController), verdict('deny-all')]);

  const service = new ComplianceService({
    ...database,
    clusterNames: () => ['prod-eu'],
  });
  const fakes = routerServices();
  fakes.compliance.report = jest.fn(window => service.report(window));
  return startTestRouter({
    permissions: permissionsAllowing('netseal.compliance.read'),
    fakes,
  });
}

// As a browser's URLSearchParams encodes them: the API spec refuses reserved characters.
const report = `/compliance/report?${new URLSearchParams({
  from: '2026-12-01T09:00:00Z',
  to: '2026-12-01T15:00:00Z',
})}`;

jest.setTimeout(60_000);

describe('GET /compliance/report on a known history', () => {
  it('answers exactly the rows and totals of the window as JSON', async () => {
    const { server } = await knownHistory();

    const res = await request(server).get(report);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-12-01T09:00:00.000Z',
      to: '2026-12-01T15:00:00.000Z',
      attestations: { signed: true },
      clusters: [{ cluster: 'prod-eu', guardProtectedShare: 5 / 6 }],
      policies: [
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          entityRef: PAYMENTS,
          seal: SEAL,
          status: 'drifted',
          inSyncWholeWindow: false,
          provenance: restoredProvenance,
          attestationId: 'restore-1',
          drifts: 2,
        },
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'deny-all',
          entityRef: PAYMENTS,
          seal: DENY_SEAL,
          status: 'in-sync',
          inSyncSince: '2026-12-01T08:00:00.000Z',
          inSyncWholeWindow: true,
          drifts: 0,
        },
      ],
      incidents: [
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          entityRef: PAYMENTS,
          status: 'drifted',
          start: '2026-12-01T10:00:00.000Z',
          end: '2026-12-01T10:30:00.000Z',
          durationSeconds: 1800,
          attribution: byKubectlEdit,
          endedBy: 'restored',
        },
        {
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
          entityRef: PAYMENTS,
          status: 'drifted',
          start: '2026-12-01T12:00:00.000Z',
          attribution: byController,
          endedBy: 'open',
        },
      ],
      totals: {
        policies: 2,
        inSyncWholeWindowShare: 0.5,
        drifts: 2,
        meanTimeToRestoreSeconds: 1800,
        worstTimeToRestoreSeconds: 1800,
        withoutProvenance: 1,
        windowSeconds: 21600,
      },
    });
  });

  it('answers the policies and the incidents as CSV a spreadsheet opens cleanly', async () => {
    const { unchecked } = await knownHistory();

    const policies = await request(unchecked).get(`${report}&format=csv`);
    const incidents = await request(unchecked).get(
      `${report}&format=csv&table=incidents`,
    );

    expect(policies.status).toBe(200);
    expect(policies.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(policies.headers['content-disposition']).toBe(
      'attachment; filename="netseal-compliance-policies.csv"',
    );
    expect(policies.text).toBe(
      [
        'cluster,namespace,name,entity,seal,status,in_sync_since,in_sync_whole_window,drifts,provenance,provenance_id,requested_by,approved_by,merged_by,merge_commit,identity,completed_at,attestation_id',
        `prod-eu,shop,allow-checkout,component:default/payments,${SEAL},drifted,,false,2,restore,restore-1,user:default/ana,,,,netseal-rollout,2026-12-01T10:30:00.000Z,restore-1`,
        `prod-eu,shop,deny-all,component:default/payments,${DENY_SEAL},in-sync,2026-12-01T08:00:00.000Z,true,0,none,,,,,,,,`,
        '',
      ].join('\r\n'),
    );
    expect(incidents.text).toBe(
      [
        'cluster,namespace,name,entity,status,start,end,duration_seconds,writer,manager,operation,written_at,ended_by',
        'prod-eu,shop,allow-checkout,component:default/payments,drifted,2026-12-01T10:00:00.000Z,2026-12-01T10:30:00.000Z,1800,manual,kubectl-edit,Update,2026-12-01T09:59:58.000Z,restored',
        'prod-eu,shop,allow-checkout,component:default/payments,drifted,2026-12-01T12:00:00.000Z,,,controller,policy-operator,Apply,2026-12-01T11:59:59.000Z,open',
        '',
      ].join('\r\n'),
    );
  });

  it('refuses a window whose end is not after its start, naming both, and a caller without netseal.compliance.read', async () => {
    const { server } = await knownHistory();
    const denied = await startTestRouter({
      permissions: permissionsAllowing(),
    });

    const backwards = await request(server).get(
      '/compliance/report?from=2026-12-02&to=2026-12-01',
    );
    const garbled = await request(server).get(
      '/compliance/report?from=yesterday&to=2026-12-01',
    );
    const refused = await request(denied.server).get(report);

    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe(
      'to must be after from; got from 2026-12-02T00:00:00.000Z and to 2026-12-01T00:00:00.000Z',
    );
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.message).toMatch(
      /^from must be an ISO 8601 date/,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You may not read the compliance report (permission netseal.compliance.read)',
    );
  });
});
