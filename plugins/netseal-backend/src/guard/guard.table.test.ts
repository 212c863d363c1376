import {
  fetchWithCa,
  TestCluster,
} from '../clusters/__testUtils__/testClusters';
import {
  applyGuardAsAdmin,
  guardTokens,
  startGuardCluster,
  testGuardManifests,
} from './__testUtils__/guardedCluster';
import {
  expectedVerdict,
  GUARD_TABLE,
  GuardIdentity,
  GuardOperation,
  guardTablePolicy,
  guardTableRequest,
  guardTableSetUp,
  guardVerdictOf,
} from './__testUtils__/guardTable';

jest.setTimeout(60_000);

const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

describe('the generated admission guard, evaluated by the Kubernetes API test server with a real CEL engine', () => {
  let cluster: TestCluster;
  let counter = 0;

  beforeAll(async () => {
    cluster = await startGuardCluster();
    await applyGuardAsAdmin(cluster, testGuardManifests());
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  it.each(GUARD_TABLE)(
    '$operation of $object by $identity: allowed $allowed',
    async ({ operation, identity, sealed, allowed }) => {
      counter += 1;
      const name = `policy-${counter}`;
      if (operation !== 'create') {
        // The policy as the rollout identity creates it: the one way a sealed one appears.
        const setUp = guardTableSetUp(name, sealed);
        await sendOrThrow(setUp.method, setUp.path, setUp.body, 'rollout');
      }
      const response = await send(operation, name, sealed, identity);

      expect(guardVerdictOf(response)).toEqual(expectedVerdict(allowed, name));
    },
  );

  function send(
    operation: GuardOperation,
    name: string,
    sealed: boolean,
    identity: GuardIdentity,
  ) {
    const { method, path, body } = guardTableRequest(operation, name, sealed);
    return fetchWithCa(
      cluster,
      method,
      path,
      body,
      guardTokens[identity].token,
    );
  }

  async function sendOrThrow(
    method: string,
    path: string,
    body: unknown,
    identity: keyof typeof guardTokens,
  ) {
    const response = await fetchWithCa(
      cluster,
      method,
      path,
      body,
      guardTokens[identity].token,
    );
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    }
    return JSON.parse(response.text);
  }

  it('refused changes leave the sealed policy as it was', async () => {
    await sendOrThrow(
      'POST',
      policiesPath,
      guardTablePolicy('kept', true),
      'rollout',
    );
    await send('update-spec', 'kept', true, 'jane');
    const stored = await sendOrThrow(
      'GET',
      `${policiesPath}/kept`,
      undefined,
      'admin',
    );
    expect(stored.spec.ingress[0].ports).toEqual([
      expect.objectContaining({ port: 8443 }),
    ]);
  });
});
