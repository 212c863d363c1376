import { execFileSync } from 'node:child_process';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  clusterConfig,
  createPolicyRepository,
  liveRequest,
  NetsealTestBackend,
  PAYMENTS,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

const ANA = mockCredentials.user.header('user:default/ana');

interface PolicyItem {
  name: string;
  status: string;
  reason?: string;
  seal?: string;
}

describe('drift status of a merged replacement request, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  let cluster: KubeApiTestServer;
  let repository: PolicyRepository;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster([sealed(allowCheckout)]);
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
    repository?.remove();
  });

  async function allowCheckoutItem(): Promise<PolicyItem | undefined> {
    const res = await request(backend!.server).get(policiesPath);
    return (res.body.items ?? []).find(
      (item: PolicyItem) => item.name === 'allow-checkout',
    );
  }

  it('shows a policy pending, naming the request, from its merge until its new sealed object is live, then in sync', async () => {
    backend = await startNetsealBackend({
      repository,
      clusters: [clusterConfig('prod-eu', cluster)],
    });
    const server = backend.server;
    await waitFor(
      async () => (await allowCheckoutItem())?.status === 'in-sync',
      'allow-checkout in sync',
    );
    const onPort9443 = structuredClone(allowCheckout);
    onPort9443.spec.ingress![0].ports = [{ port: 9443 }];
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send({
        entityRef: PAYMENTS,
        reason: 'checkout moved to 9443',
        changes: [
          {
            op: 'replace',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'allow-checkout',
            manifest: stringify(onPort9443),
          },
        ],
      });
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    const newSeal: string = filed.body.changes[0].newSeal;
    const approved = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' });
    expect(approved.body.state).toBe('approved');
    // Filed and approved, nothing is in the policy source yet.
    expect((await allowCheckoutItem())?.status).toBe('in-sync');

    const merged = await request(server).post(
      `/api/netseal/requests/${id}/merge`,
    );
    expect(merged.body.state).toBe('merged');

    // The merge alone re-reads the policy source: no refresh of sources is triggered.
    await waitFor(async () => {
      const item = await allowCheckoutItem();
      return item?.status === 'pending' && item.seal === newSeal;
    }, 'allow-checkout pending with the merged seal');
    expect(await allowCheckoutItem()).toEqual(
      expect.objectContaining({
        status: 'pending',
        reason: `replacement request ${id} is merged; its rollout has not run yet`,
      }),
    );

    // Someone applies the merged manifest by hand, as the rollout would: delete, create.
    const mergedManifest: NetworkPolicy = parse(
      execFileSync(
        'git',
        ['show', 'main:payments/prod-eu/allow-checkout.yaml'],
        { cwd: repository.root },
      ).toString(),
    );
    await liveRequest(cluster, 'DELETE', '/allow-checkout');
    await liveRequest(cluster, 'POST', '', mergedManifest);

    await waitFor(
      async () => (await allowCheckoutItem())?.status === 'in-sync',
      'allow-checkout in sync with the merged seal',
    );
    expect(await allowCheckoutItem()).toEqual(
      expect.objectContaining({ status: 'in-sync', seal: newSeal }),
    );
  });
});
