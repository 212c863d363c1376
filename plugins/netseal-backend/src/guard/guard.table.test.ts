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
      const token = guardTokens[identity].token;
      let response;
      if (operation === 'create') {
        response = await fetchWithCa(
          cluster,
          'POST',
          policiesPath,
          policy(name, sealed),
          token,
        );
      } else {
        // The policy as the rollout identity creates it: the one way a sealed one appears.
        const created = await fetchWithCa(
          cluster,
          'POST',
          policiesPath,
          policy(name, sealed),
          guardTokens.rollout.token,
        );
        expect(created.status).toBe(201);
        response =
          operation === 'delete'
            ? await fetchWithCa(
                cluster,
                'DELETE',
                `${policiesPath}/${name}`,
                undefined,
                token,
              )
            : await fetchWithCa(
                cluster,
                'PATCH',
                `${policiesPath}/${name}`,
                PATCHES[operation],
                token,
              );
      }

      if (allowed) {
        // The answer's text on failure says what the cluster refused and why.
        expect(
          response.ok ? 'allowed' : `${response.status} ${response.text}`,
        ).toBe('allowed');
        return;
      }
      expect(response.status).toBe(403);
      const status = JSON.parse(response.text);
      expect(status).toEqual(
        expect.objectContaining({ kind: 'Status', reason: 'Forbidden' }),
      );
      expect(status.message).toContain(
        `Netseal: NetworkPolicy shop/${name} is sealed`,
      );
      expect(status.message).toContain(
        'use the Netseal portal or open a replacement request',
      );
    },
  );

  it('refused changes leave the sealed policy as it was', async () => {
    await fetchWithCa(
      cluster,
      'POST',
      policiesPath,
      policy('kept', true),
      guardTokens.rollout.token,
    );
    await fetchWithCa(
      cluster,
      'PATCH',
      `${policiesPath}/kept`,
      PATCHES['update-spec'],
      guardTokens.jane.token,
    );
    const stored = JSON.parse(
      (
        await fetchWithCa(
          cluster,
          'GET',
          `${policiesPath}/kept`,
          undefined,
          guardTokens.admin.token,
        )
      ).text,
    );
    expect(stored.spec.ingress[0].ports).toEqual([
      expect.objectContaining({ port: 8443 }),
    ]);
  });
});
