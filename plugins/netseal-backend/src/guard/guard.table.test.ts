import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
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

jest.setTimeout(60_000);

const policiesPath =
  '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

type Operation =
  | 'create'
  | 'update-spec'
  | 'update-labels'
  | 'remove-sealed-label'
  | 'update-annotation'
  | 'delete';
type Identity = 'rollout' | 'namespaceController' | 'cleanupBot' | 'jane';

/** The answer a change of `name` should get: allowed, or refused by the guard in its words. */
function expectedVerdict(allowed: boolean, name: string) {
  if (allowed) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    reason: 'Forbidden',
    message: expect.stringMatching(
      new RegExp(
        `^.*Netseal: NetworkPolicy shop/${name} is sealed; .*use the Netseal portal or open a replacement request\\.$`,
      ),
    ),
  };
}

/** DESIGN rule 6, as the issue states it: what each identity may do to a sealed policy. */
function allowedOnSealed(operation: Operation, identity: Identity): boolean {
  switch (operation) {
    case 'create':
      return identity === 'rollout';
    case 'update-annotation':
      return true;
    case 'delete':
      return identity !== 'jane';
    default:
      // Spec and labels never change in place, whoever asks: rollouts delete and create.
      return false;
  }
}

function policy(name: string, sealed: boolean): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: 'shop',
      labels: {
        app: 'payments',
        ...(sealed ? { 'netseal.io/sealed': 'true' } : {}),
      },
    },
    spec: {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [{ ports: [{ port: 8443 }] }],
    },
  };
}

const PATCHES: Record<Exclude<Operation, 'create' | 'delete'>, object> = {
  'update-spec': { spec: { ingress: [{ ports: [{ port: 9443 }] }] } },
  'update-labels': { metadata: { labels: { team: 'payments' } } },
  'remove-sealed-label': {
    metadata: { labels: { 'netseal.io/sealed': null } },
  },
  'update-annotation': {
    metadata: {
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"kind":"NetworkPolicy"}',
      },
    },
  },
};

const operations: Operation[] = [
  'create',
  'update-spec',
  'update-labels',
  'remove-sealed-label',
  'update-annotation',
  'delete',
];
const identities: Identity[] = [
  'rollout',
  'namespaceController',
  'cleanupBot',
  'jane',
];
const cases = operations.flatMap(operation =>
  identities.flatMap(identity =>
    [true, false].map(sealed => ({
      operation,
      identity,
      sealed,
      object: sealed ? 'a sealed policy' : 'an unsealed policy',
      allowed: sealed ? allowedOnSealed(operation, identity) : true,
    })),
  ),
);

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

  it.each(cases)(
    '$operation of $object by $identity: allowed $allowed',
    async ({ operation, identity, sealed, allowed }) => {
      counter += 1;
      const name = `policy-${counter}`;
      if (operation !== 'create') {
        // The policy as the rollout identity creates it: the one way a sealed one appears.
        await sendOrThrow(
          'POST',
          policiesPath,
          policy(name, sealed),
          'rollout',
        );
      }
      const response = await send(operation, name, sealed, identity);

      expect(verdictOf(response)).toEqual(expectedVerdict(allowed, name));
    },
  );

  /** What the cluster answered, as allowed or refused with its Status. */
  function verdictOf(response: { ok: boolean; status: number; text: string }) {
    if (response.ok) return { allowed: true };
    const status = JSON.parse(response.text);
    return {
      allowed: false,
      status: response.status,
      reason: status.reason,
      message: status.message,
    };
  }

  function send(
    operation: Operation,
    name: string,
    sealed: boolean,
    identity: Identity,
  ) {
    const token = guardTokens[identity].token;
    switch (operation) {
      case 'create':
        return fetchWithCa(
          cluster,
          'POST',
          policiesPath,
          policy(name, sealed),
          token,
        );
      case 'delete':
        return fetchWithCa(
          cluster,
          'DELETE',
          `${policiesPath}/${name}`,
          undefined,
          token,
        );
      default:
        return fetchWithCa(
          cluster,
          'PATCH',
          `${policiesPath}/${name}`,
          PATCHES[operation],
          token,
        );
    }
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
    await sendOrThrow('POST', policiesPath, policy('kept', true), 'rollout');
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
