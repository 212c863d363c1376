import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import {
  fetchWithCa,
  TestCluster,
} from '../../clusters/__testUtils__/testClusters';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import { applyGuardObject } from '../../guard/applyGuardObject';
import {
  applyGuardAsAdmin,
  guardTokens,
  startGuardCluster,
  testGuardManifests,
} from '../../guard/__testUtils__/guardedCluster';
import {
  expectedVerdict,
  GUARD_TABLE,
  GUARD_TABLE_NAMESPACE,
  GuardIdentity,
  GuardTableRequest,
  guardTablePolicy,
  guardTableRequest,
  guardTableSetUp,
  guardVerdictOf,
} from '../../guard/__testUtils__/guardTable';
import { realRequest, realWrite } from './__testUtils__/realCluster';

// Bounds for a loaded CI machine and a real control plane, not expectations of speed.
jest.setTimeout(180_000);

/** The part of a refusal that the guard writes; the servers word what precedes it alike or not. */
function comparable(verdict: ReturnType<typeof guardVerdictOf>) {
  if (verdict.allowed) return verdict;
  const at = String(verdict.message).indexOf('Netseal:');
  return { ...verdict, message: String(verdict.message).slice(at) };
}

/**
 * The guard's whole table (operation × identity × sealed or not), from the definition the
 * test server's table test uses, sent to a real API server and to the test server, each
 * with the same generated guard installed: every row must get the same answer from both,
 * and the expected one. The guard binds cluster wide, so this file owns a control plane.
 */
describe('the guard table on a real API server and on the Kubernetes API test server', () => {
  let real: RealKubernetes;
  let testServer: TestCluster;
  let compared = 0;
  let counter = 0;

  beforeAll(async () => {
    [real, testServer] = await Promise.all([
      startRealKubernetes({ dedicated: true }),
      startGuardCluster(),
    ]);
    await applyGuardAsAdmin(testServer, testGuardManifests());

    await realWrite(real, 'admin', 'POST', '/api/v1/namespaces', {
      metadata: { name: GUARD_TABLE_NAMESPACE },
    });
    // On the real server RBAC comes first: the table's other identities may write
    // NetworkPolicies, so that what refuses them is the guard alone, as on the test server.
    await realWrite(
      real,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      {
        metadata: { name: 'guard-table-networkpolicy-writer' },
        rules: [
          {
            apiGroups: ['networking.k8s.io'],
            resources: ['networkpolicies'],
            verbs: ['*'],
          },
        ],
      },
    );
    await realWrite(
      real,
      'admin',
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        metadata: { name: 'guard-table-networkpolicy-writer' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'guard-table-networkpolicy-writer',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: guardTokens.jane.username,
          },
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: guardTokens.cleanupBot.username,
          },
          {
            kind: 'ServiceAccount',
            namespace: 'kube-system',
            name: 'namespace-controller',
          },
        ],
      },
    );
    for (const manifest of testGuardManifests()) {
      await applyGuardObject(real.kubeConfig('admin'), manifest);
    }
    // The server loads a new binding a moment after it is stored; a dry run tells when.
    await waitFor(
      async () =>
        (
          await realRequest(
            real,
            'admin',
            'POST',
            `/apis/networking.k8s.io/v1/namespaces/${GUARD_TABLE_NAMESPACE}/networkpolicies?dryRun=All`,
            guardTablePolicy('probe', true),
          )
        ).status === 403,
      'the guard to refuse the admin a sealed policy',
      { timeoutMs: 60_000 },
    );
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    process.stdout.write(
      `\n[guard table] ${compared} of ${GUARD_TABLE.length} rows answered alike by the real API server ${real?.version} and the test server\n`,
    );
    await testServer?.server.stop();
    await real?.stop();
  });

  /**
   * The row's request on the real server as `identity`: the rollout identity with its own
   * token, the others as the admin impersonating their username, so that the guard sees
   * the same `request.userInfo.username` as on the test server.
   */
  async function sendToReal(
    { method, path, body }: GuardTableRequest,
    identity: GuardIdentity,
  ) {
    const answer =
      identity === 'rollout'
        ? await realRequest(real, 'rollout', method, path, body)
        : await realRequest(real, 'admin', method, path, body, undefined, {
            'Impersonate-User': guardTokens[identity].username,
          });
    return {
      ok: answer.status < 300,
      status: answer.status,
      text: JSON.stringify(answer.body),
    };
  }

  function sendToTestServer(
    { method, path, body }: GuardTableRequest,
    identity: GuardIdentity,
  ) {
    return fetchWithCa(
      testServer,
      method,
      path,
      body,
      guardTokens[identity].token,
    );
  }

  it.each(GUARD_TABLE)(
    '$operation of $object by $identity gets the same answer from both servers: allowed $allowed',
    async ({ operation, identity, sealed, allowed }) => {
      counter += 1;
      const name = `policy-${counter}`;
      if (operation !== 'create') {
        // The policy as the rollout identity creates it: the one way a sealed one appears.
        const setUp = guardTableSetUp(name, sealed);
        const [onReal, onTestServer] = await Promise.all([
          sendToReal(setUp, 'rollout'),
          sendToTestServer(setUp, 'rollout'),
        ]);
        if (onReal.status !== 201 || onTestServer.status !== 201) {
          throw new Error(
            `creating ${name} as netseal-rollout answered ${onReal.status} on the real server and ${onTestServer.status} on the test server`,
          );
        }
      }
      const row = guardTableRequest(operation, name, sealed);
      const fromReal = guardVerdictOf(await sendToReal(row, identity));
      const fromTestServer = guardVerdictOf(
        await sendToTestServer(row, identity),
      );

      expect(fromReal).toEqual(expectedVerdict(allowed, name));
      expect(comparable(fromReal)).toEqual(comparable(fromTestServer));
      compared += 1;
    },
  );
});
