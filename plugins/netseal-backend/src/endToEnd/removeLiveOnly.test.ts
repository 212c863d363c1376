import { execFileSync } from 'node:child_process';
import { mockCredentials } from '@backstage/backend-test-utils';
import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  liveRequest,
  livePolicies,
  PAYMENTS,
  policiesPath,
  resetLivePolicies,
  statusesOf,
} from './__testUtils__/endToEnd';
import { usePaymentsBackend } from './__testUtils__/usePaymentsBackend';

jest.setTimeout(120_000);

const ANA = mockCredentials.user.header('user:default/ana');

/** Live in the cluster, selecting payments' pods, in no policy source: their only egress isolation. */
const debugDenyEgress = {
  apiVersion: 'networking.k8s.io/v1' as const,
  kind: 'NetworkPolicy' as const,
  metadata: { name: 'debug-deny-egress', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Egress' as const],
  },
};

const removal = {
  op: 'remove',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'debug-deny-egress',
};

describe('removing a live-only policy, through the API', () => {
  const payments = usePaymentsBackend();

  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function startWithLiveOnly() {
    const started = await payments.start({}, { rolloutIdentity: true });
    await liveRequest(payments.cluster, 'POST', '', debugDenyEgress);
    await waitFor(
      async () =>
        statusesOf((await request(started.server).get(policiesPath)).body)[
          'prod-eu/debug-deny-egress'
        ] === 'unsealed',
      'debug-deny-egress unsealed',
    );
    return started;
  }

  async function fileApproveAndMerge(server: Parameters<typeof request>[0]) {
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send({
        entityRef: PAYMENTS,
        reason: 'a debugging leftover nobody reviewed',
        changes: [{ ...removal, acknowledgeNonIsolation: true }],
      });
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    return { filed, id };
  }

  it('asks for the acknowledgement, records the live object in an empty commit, and deletes it once approved and merged', async () => {
    const { server, repo } = await startWithLiveOnly();
    const live = (await livePolicies(payments.cluster)).find(
      policy => policy.metadata.name === 'debug-deny-egress',
    )!;

    const unacknowledged = await request(server)
      .post('/api/netseal/requests/preview')
      .send({ entityRef: PAYMENTS, changes: [removal] });
    expect(unacknowledged.body.problems).toEqual([
      {
        field: 'changes[0].acknowledgeNonIsolation',
        message: expect.stringMatching(
          /^removing shop\/debug-deny-egress leaves .* open to all egress traffic in prod-eu/,
        ),
      },
    ]);

    const { filed, id } = await fileApproveAndMerge(server);
    expect(filed.body.changes[0]).toMatchObject({
      op: 'remove',
      liveObject: {
        uid: live.metadata.uid,
        resourceVersion: live.metadata.resourceVersion,
        digest: computeSeal(live),
      },
    });
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    const message = execFileSync('git', ['log', '-1', '--format=%B', 'main'], {
      cwd: repo.root,
    }).toString();
    expect(message).toContain(
      `Netseal-Live-Removal: cluster=prod-eu namespace=shop name=debug-deny-egress uid=${
        live.metadata.uid
      } resourceVersion=${live.metadata.resourceVersion} digest=${computeSeal(
        live,
      )}`,
    );
    expect(
      execFileSync('git', ['diff', '--stat', 'main~1', 'main'], {
        cwd: repo.root,
      }).toString(),
    ).toBe('');

    let detail: {
      state: string;
      rollout?: { clusters: { steps: { description: string }[] }[] };
    } = { state: 'merged' };
    await waitFor(async () => {
      detail = (await request(server).get(`/api/netseal/requests/${id}`)).body;
      return detail.state === 'completed';
    }, 'removal rolled out');
    expect(
      detail.rollout!.clusters[0].steps.map(step => step.description),
    ).toEqual([
      expect.stringMatching(/^Create the guard shop\/netseal-guard-/),
      'Delete shop/debug-deny-egress.',
      expect.stringMatching(/^Delete the guard shop\/netseal-guard-/),
    ]);
    expect(
      (await livePolicies(payments.cluster)).map(
        policy => policy.metadata.name,
      ),
    ).toEqual(['allow-checkout']);
    await waitFor(
      async () =>
        !(
          'prod-eu/debug-deny-egress' in
          statusesOf((await request(server).get(policiesPath)).body)
        ),
      'debug-deny-egress gone from the live picture',
    );
  });

  it('fails closed, deleting nothing, when the live object changed after the request was filed', async () => {
    const { server } = await startWithLiveOnly();
    const { id } = await fileApproveAndMerge(server);
    await liveRequest(payments.cluster, 'PATCH', '/debug-deny-egress', {
      spec: { egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
    });
    // The backend's live view has seen the edit before the merge starts the rollout.
    await waitFor(async () => {
      const detail = await request(server).get(
        `${policiesPath}/prod-eu/shop/debug-deny-egress`,
      );
      return (detail.body.liveManifest?.spec?.egress?.length ?? 0) > 0;
    }, 'debug-deny-egress edited');

    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    let detail: { state: string; error?: { kind: string; message: string } } = {
      state: 'merged',
    };
    await waitFor(async () => {
      detail = (await request(server).get(`/api/netseal/requests/${id}`)).body;
      return detail.state === 'failed';
    }, 'removal refused');
    expect(detail.error).toEqual({
      kind: 'live-object-changed',
      message: expect.stringContaining(
        'shop/debug-deny-egress in cluster prod-eu changed since the request was filed',
      ),
    });
    expect(
      (await livePolicies(payments.cluster)).map(
        policy => policy.metadata.name,
      ),
    ).toContain('debug-deny-egress');
  });
});
