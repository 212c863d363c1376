import type {
  NewReplacementRequest,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { parse } from 'yaml';

/** What the dialog asks for. */
export type ChangeOp = 'replace' | 'add' | 'remove';

/** The dialog's fields, before they are a change the API takes. */
export interface ChangeDraft {
  op: ChangeOp;
  /** The sealed policy to edit or remove, as `policyId` names it. */
  policyId?: string;
  /** The cluster a new policy goes to. */
  cluster?: string;
  /** Other clusters whose policy of the same namespace and name gets the same change. */
  alsoIn?: string[];
  manifest: string;
  /**
   * The policies (by `policyId`) whose removal the requester acknowledged leaves pods
   * they isolated open to all traffic.
   */
  acknowledgedNonIsolation?: string[];
}

type RequestChange = NewReplacementRequest['changes'][number];

/** One sealed policy of the entity, named uniquely across its clusters. */
export function policyId(policy: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return `${policy.cluster}/${policy.namespace}/${policy.name}`;
}

/** The entity's policies that a request can edit or remove: those sealed in the policy source. */
export function sealedPolicies(policies: readonly PolicyStatus[]) {
  return policies
    .filter(policy => policy.seal !== undefined)
    .sort((a, b) => policyId(a).localeCompare(policyId(b)));
}

/** `metadata.namespace` and `metadata.name` of a manifest, when the YAML says them. */
function manifestIdentity(text: string): { namespace?: string; name?: string } {
  try {
    const manifest: unknown = parse(text, { maxAliasCount: 0 });
    const metadata =
      manifest && typeof manifest === 'object' && 'metadata' in manifest
        ? (manifest as { metadata?: unknown }).metadata
        : undefined;
    if (!metadata || typeof metadata !== 'object') return {};
    const { namespace, name } = metadata as Record<string, unknown>;
    return {
      namespace: typeof namespace === 'string' ? namespace : undefined,
      name: typeof name === 'string' ? name : undefined,
    };
  } catch {
    // The server names the YAML's problem with its line; here it only has no identity.
    return {};
  }
}

/**
 * The clusters, other than the chosen policy's, that hold a sealed policy of the same
 * namespace and name: where the same change can be asked for in the same request.
 */
export function samePolicyElsewhere(
  policies: readonly PolicyStatus[],
  id: string | undefined,
): string[] {
  const chosen = policies.find(policy => policyId(policy) === id);
  if (!chosen) return [];
  return policies
    .filter(
      policy =>
        policy.seal !== undefined &&
        policy.cluster !== chosen.cluster &&
        policy.namespace === chosen.namespace &&
        policy.name === chosen.name,
    )
    .map(policy => policy.cluster)
    .sort();
}

/**
 * The changes the draft asks for, or undefined while it is not one yet: its policy's (or
 * new policy's) change, then the same change of the same policy in each cluster of
 * `alsoIn`, one pull request for all.
 */
export function draftToChanges(
  draft: ChangeDraft,
  policies: readonly PolicyStatus[],
): RequestChange[] | undefined {
  const first = draftToChange(draft, policies);
  if (!first) return undefined;
  const elsewhere =
    first.op === 'add'
      ? []
      : samePolicyElsewhere(policies, draft.policyId).filter(cluster =>
          (draft.alsoIn ?? []).includes(cluster),
        );
  const acknowledged = draft.acknowledgedNonIsolation ?? [];
  return [first, ...elsewhere.map(cluster => ({ ...first, cluster }))].map(
    change =>
      change.op === 'remove' && acknowledged.includes(policyId(change))
        ? { ...change, acknowledgeNonIsolation: true }
        : change,
  );
}

/**
 * The change the draft asks for, or undefined while it is not one yet (no policy or
 * cluster chosen). A new policy is named by its own metadata, so the name in the YAML
 * and the request cannot disagree.
 */
function draftToChange(
  draft: ChangeDraft,
  policies: readonly PolicyStatus[],
): RequestChange | undefined {
  if (draft.op === 'add') {
    if (!draft.cluster) return undefined;
    const { namespace = '', name = '' } = manifestIdentity(draft.manifest);
    return {
      op: 'add',
      cluster: draft.cluster,
      namespace,
      name,
      manifest: draft.manifest,
    };
  }
  const policy = policies.find(
    candidate => policyId(candidate) === draft.policyId,
  );
  if (!policy) return undefined;
  const target = {
    cluster: policy.cluster,
    namespace: policy.namespace,
    name: policy.name,
  };
  return draft.op === 'remove'
    ? { op: 'remove', ...target }
    : { op: 'replace', ...target, manifest: draft.manifest };
}

/** A starting point for a new policy in the entity's namespace: deny all ingress to the selected pods until rules are added. */
export function newPolicyTemplate(options: {
  namespace?: string;
  podLabels?: Record<string, string>;
}): string {
  const labels = Object.entries(options.podLabels ?? {});
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: allow-',
    `  namespace: ${options.namespace ?? ''}`,
    'spec:',
    '  podSelector:',
    ...(labels.length > 0
      ? [
          '    matchLabels:',
          ...labels.map(([key, value]) => `      ${key}: ${value}`),
        ]
      : ['    matchLabels: {}']),
    '  policyTypes: [Ingress]',
    '  ingress:',
    '    - from:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: ',
    '      ports:',
    '        - protocol: TCP',
    '          port: 8080',
    '',
  ].join('\n');
}
