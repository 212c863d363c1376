import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';

/**
 * The guard table (operation × identity × sealed or not) and its expected answers, shared
 * by the test server's table test and the comparison with a real API server, so that both
 * judge the same rows.
 */

export type GuardOperation =
  | 'create'
  | 'update-spec'
  | 'update-labels'
  | 'remove-sealed-label'
  | 'update-annotation'
  | 'delete';

/** Who asks; each is a user of {@link guardTokens} in `guardedCluster`. */
export type GuardIdentity =
  | 'rollout'
  | 'namespaceController'
  | 'cleanupBot'
  | 'jane';

export const GUARD_TABLE_NAMESPACE = 'shop';

const policiesPath = `/apis/networking.k8s.io/v1/namespaces/${GUARD_TABLE_NAMESPACE}/networkpolicies`;

/** The answer a change of `name` should get: allowed, or refused by the guard in its words. */
export function expectedVerdict(allowed: boolean, name: string) {
  if (allowed) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    reason: 'Forbidden',
    message: expect.stringMatching(
      new RegExp(
        `^.*Netseal: NetworkPolicy ${GUARD_TABLE_NAMESPACE}/${name} is sealed; .*use the Netseal portal or open a replacement request\\.$`,
      ),
    ),
  };
}

/** DESIGN rule 6, as the issue states it: what each identity may do to a sealed policy. */
export function allowedOnSealed(
  operation: GuardOperation,
  identity: GuardIdentity,
): boolean {
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

/** The row's policy, sealed (carrying the sealed label) or not. */
export function guardTablePolicy(name: string, sealed: boolean): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: GUARD_TABLE_NAMESPACE,
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

const PATCHES: Record<Exclude<GuardOperation, 'create' | 'delete'>, object> = {
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

/** One request of the table, to send as a merge patch where it is a PATCH. */
export interface GuardTableRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: object;
}

/** The request that performs `operation` on the row's policy `name`. */
export function guardTableRequest(
  operation: GuardOperation,
  name: string,
  sealed: boolean,
): GuardTableRequest {
  switch (operation) {
    case 'create':
      return {
        method: 'POST',
        path: policiesPath,
        body: guardTablePolicy(name, sealed),
      };
    case 'delete':
      return { method: 'DELETE', path: `${policiesPath}/${name}` };
    default:
      return {
        method: 'PATCH',
        path: `${policiesPath}/${name}`,
        body: PATCHES[operation],
      };
  }
}

/** The request that creates the row's policy beforehand, as the rollout identity sends it. */
export function guardTableSetUp(name: string, sealed: boolean) {
  return guardTableRequest('create', name, sealed);
}

/** What a server answered, as allowed or refused with its Status. */
export function guardVerdictOf(response: {
  ok: boolean;
  status: number;
  text: string;
}) {
  if (response.ok) return { allowed: true };
  const status = JSON.parse(response.text);
  return {
    allowed: false,
    status: response.status,
    reason: status.reason,
    message: status.message,
  };
}

const operations: GuardOperation[] = [
  'create',
  'update-spec',
  'update-labels',
  'remove-sealed-label',
  'update-annotation',
  'delete',
];
const identities: GuardIdentity[] = [
  'rollout',
  'namespaceController',
  'cleanupBot',
  'jane',
];

/** Every row: each operation by each identity on a sealed and an unsealed policy. */
export const GUARD_TABLE = operations.flatMap(operation =>
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
