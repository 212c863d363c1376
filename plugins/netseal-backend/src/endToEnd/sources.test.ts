import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  clusterConfig,
  createPolicyRepository,
  NetsealTestBackend,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
  statusesOf,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

describe('a policy source that cannot be read, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  let cluster: KubeApiTestServer;
  let repository: PolicyRepository | undefined;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster([sealed(allowCheckout)]);
  });

  afterEach(async () => {
    await backend?.stop();
    repository?.remove();
    backend = undefined;
    repository = undefined;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  async function start(files: Parameters<typeof createPolicyRepository>[0]) {
    repository = createPolicyRepository(files);
    backend = await startNetsealBackend({
      repository,
      clusters: [clusterConfig('prod-eu', cluster)],
    });
    return { repository, backend };
  }

  async function policies(server: NetsealTestBackend['server']) {
    const res = await request(server).get(policiesPath);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('says why the source cannot be read while keeping the last statuses, and stops saying it once the source is back', async () => {
    const { repository: repo, backend: server } = await start({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    await waitFor(
      async () =>
        statusesOf(await policies(server.server))['prod-eu/allow-checkout'] ===
        'in-sync',
      'allow-checkout in sync',
    );

    repo.commitRemoval(['payments']);
    await server.triggerTask('netseal-drift-sync');

    const broken = await policies(server.server);
    expect(broken.sourceError).toEqual({
      message: expect.stringMatching(
        /^file:\/\/.*\/payments: payments is not in commit [0-9a-f]{40} \("HEAD"\) of .*; commit it there or correct the URL$/,
      ),
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(statusesOf(broken)).toEqual({ 'prod-eu/allow-checkout': 'in-sync' });

    repo.commit({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    await server.triggerTask('netseal-drift-sync');

    const back = await policies(server.server);
    expect(back.sourceError).toBeUndefined();
    expect(statusesOf(back)).toEqual({ 'prod-eu/allow-checkout': 'in-sync' });
  });

  it('shows no statuses, only the reason, for an entity whose source was never readable', async () => {
    const { backend: server } = await start({
      'checkout/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    await waitFor(
      async () => (await policies(server.server)).sourceError !== undefined,
      'the source error',
    );

    const body = await policies(server.server);
    // Not `unsealed` for the live policy that selects the pods: without its source,
    // nothing is known about what is sealed.
    expect(body.items).toEqual([]);
    expect(body.sourceError.message).toMatch(/payments is not in commit/);
  });

  it('reports a manifest that is not valid YAML as unsealed with its file and line, and reads the rest', async () => {
    const { repository: repo, backend: server } = await start({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    await waitFor(
      async () =>
        statusesOf(await policies(server.server))['prod-eu/allow-checkout'] ===
        'in-sync',
      'allow-checkout in sync',
    );

    repo.commit({
      'payments/prod-eu/broken.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken\n',
    });
    await server.triggerTask('netseal-drift-sync');

    const body = await policies(server.server);
    expect(body.sourceError).toBeUndefined();
    expect(statusesOf(body)).toEqual({
      'prod-eu/allow-checkout': 'in-sync',
      'prod-eu/prod-eu/broken.yaml:4': 'unsealed',
    });
    const broken = body.items.find(
      (item: { status: string }) => item.status === 'unsealed',
    );
    expect(broken.reason).toMatch(
      /^prod-eu\/broken\.yaml cannot be read: not valid YAML: /,
    );
    expect(broken.source).toEqual({ file: 'prod-eu/broken.yaml', line: 4 });
  });
});
