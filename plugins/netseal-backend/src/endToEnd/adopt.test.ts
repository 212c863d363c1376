import { mockCredentials } from '@backstage/backend-test-utils';
import {
  computeSeal,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { stringify } from 'yaml';
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

/** Live in the cluster, selecting payments' pods, in no policy source. */
const debugAllowAll = {
  apiVersion: 'networking.k8s.io/v1' as const,
  kind: 'NetworkPolicy' as const,
  metadata: { name: 'debug-allow-all', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    ingress: [{}],
  },
};

describe('adopting a live-only policy into Git, through the API', () => {
  const payments = usePaymentsBackend();

  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function unsealedLiveOnly(server: Parameters<typeof request>[0]) {
    await liveRequest(payments.cluster, 'POST', '', debugAllowAll);
    await waitFor(
      async () =>
        statusesOf((await request(server).get(policiesPath)).body)[
          'prod-eu/debug-allow-all'
        ] === 'unsealed',
      'debug-allow-all unsealed',
    );
  }

  it('adds it to Git sealed, and the rollout replaces the live object with the sealed one behind a guard', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await unsealedLiveOnly(server);
    const adoption = {
      entityRef: PAYMENTS,
      reason: 'the debug policy stays; review it like the others',
      changes: [
        {
          op: 'add',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'debug-allow-all',
          manifest: stringify(debugAllowAll),
        },
      ],
    };

    const preview = await request(server)
      .post('/api/netseal/requests/preview')
      .send({ entityRef: adoption.entityRef, changes: adoption.changes });
    expect(preview.body.ok).toBe(true);
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(adoption);
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    const newSeal: string = filed.body.changes[0].newSeal;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    let detail: {
      state: string;
      rollout?: { clusters: { steps: { description: string }[] }[] };
    } = { state: 'merged' };
    await waitFor(async () => {
      detail = (await request(server).get(`/api/netseal/requests/${id}`)).body;
      return detail.state === 'completed';
    }, 'adoption rolled out');
    expect(
      detail.rollout!.clusters[0].steps.map(step => step.description),
    ).toEqual([
      expect.stringMatching(/^Create the guard shop\/netseal-guard-/),
      'Delete shop/debug-allow-all.',
      'Create shop/debug-allow-all, labelled netseal.io/sealed=true.',
      `Read shop/debug-allow-all back and check its digest against ${newSeal}.`,
      expect.stringMatching(/^Delete the guard shop\/netseal-guard-/),
    ]);
    await waitFor(
      async () =>
        statusesOf((await request(server).get(policiesPath)).body)[
          'prod-eu/debug-allow-all'
        ] === 'in-sync',
      'debug-allow-all in sync',
    );
    const live = (await livePolicies(payments.cluster)).find(
      policy => policy.metadata.name === 'debug-allow-all',
    )!;
    expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(newSeal);
    expect(computeSeal(live)).toBe(newSeal);
  });

  it("refuses to add a policy under the name of a live object that is not the entity's live-only one", async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    // Selects other pods: not payments' to adopt.
    await liveRequest(payments.cluster, 'POST', '', {
      ...debugAllowAll,
      metadata: { name: 'ledger-open', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'ledger' } }, ingress: [{}] },
    });
    await waitFor(
      async () =>
        (
          await livePolicies(payments.cluster)
        ).some(policy => policy.metadata.name === 'ledger-open'),
      'ledger-open live',
    );

    const preview = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: PAYMENTS,
        changes: [
          {
            op: 'add',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'ledger-open',
            manifest: stringify({
              ...debugAllowAll,
              metadata: { name: 'ledger-open', namespace: 'shop' },
            }),
          },
        ],
      });

    expect(preview.body.problems).toEqual([
      {
        field: 'changes[0].name',
        message:
          'a NetworkPolicy shop/ledger-open is live in cluster prod-eu and is not a live-only policy of component:default/payments to adopt; choose another name',
      },
    ]);
  });
});
