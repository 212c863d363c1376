import { SEAL_ANNOTATION } from '../constants';
import { compileLabelSelector } from '../reachability/labelSelector';
import type { CompiledLabelSelector } from '../reachability/labelSelector';
import { computeSeal } from '../seal/computeSeal';
import type { NetworkPolicy } from '../types';
import { DriftInputError } from './DriftInputError';
import { diffCanonicalPolicies } from './diffCanonicalPolicies';
import type {
  ClusterConnection,
  ClusterDriftInput,
  LivePod,
  PendingRollout,
  PolicySourceManifest,
  SealedManifest,
  ServiceDriftInput,
} from './ServiceDriftInput';
import type { ServicePods } from './servicePodsFromAnnotations';
import type { PolicyDrift } from './types';

/**
 * The drift status of every policy of one service, one per (cluster, namespace, name),
 * ordered by cluster as given, then namespace and name.
 *
 * Which status wins when several apply, and why:
 * 1. A manifest that is invalid, has no seal, has a seal that does not match its content,
 *    or shares its namespace and name with another manifest is `unsealed`, whatever the
 *    cluster holds: what Git says is wrong, and no live state makes it right.
 * 2. A cluster that is not connected makes every other policy of it `unknown`: its live
 *    state cannot be read, so nothing there is reported in sync, missing or drifted.
 * 3. A policy whose approved replacement is rolling out is `pending`: the live object is
 *    expected to differ until the rollout completes. A pending rollout that names what it
 *    leaves live (`expected`) stops counting once the live state shows it.
 * 4. Otherwise the live object decides: `missing` when absent, `drifted` when its digest
 *    differs from the seal (with the differences), `in-sync` when equal.
 * 5. A live policy that the policy source does not hold, in a namespace where the service
 *    has pods, and whose pod selector selects at least one of them, is `unsealed`.
 *
 * Pure: reads only its input. Throws a DriftInputError for a cluster listed twice or an
 * invalid service pod selector.
 *
 * @public
 */
export function computeDrift(input: ServiceDriftInput): PolicyDrift[] {
  const servicePodSelector = input.servicePods
    ? compileServiceSelector(input.servicePods)
    : undefined;
  const seen = new Set<string>();
  const drifts: PolicyDrift[] = [];
  for (const cluster of input.clusters) {
    if (seen.has(cluster.cluster)) {
      throw new DriftInputError(
        `cluster "${cluster.cluster}" is listed twice; give each cluster's manifests and live state once`,
      );
    }
    seen.add(cluster.cluster);
    drifts.push(
      ...clusterDrift(cluster, input.servicePods, servicePodSelector),
    );
  }
  return drifts;
}

function compileServiceSelector(pods: ServicePods): CompiledLabelSelector {
  try {
    return compileLabelSelector(pods.selector, 'servicePods.selector');
  } catch (error) {
    throw new DriftInputError((error as Error).message);
  }
}

// Namespaces and names are DNS names, which never contain '/'.
function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function identityOf(policy: NetworkPolicy): {
  namespace: string;
  name: string;
} {
  const metadata = policy?.metadata;
  return {
    namespace:
      typeof metadata?.namespace === 'string' ? metadata.namespace : '',
    name: typeof metadata?.name === 'string' ? metadata.name : '',
  };
}

function manifestIdentity(manifest: PolicySourceManifest): {
  namespace: string;
  name: string;
} {
  if (manifest.kind === 'sealed') {
    return identityOf(manifest.policy);
  }
  // A manifest whose name could not be read still gets its own row, named by where it is.
  return {
    namespace: manifest.namespace ?? '',
    name: manifest.name ?? `${manifest.file}:${manifest.line}`,
  };
}

function clusterDrift(
  input: ClusterDriftInput,
  servicePods: ServicePods | undefined,
  servicePodSelector: CompiledLabelSelector | undefined,
): PolicyDrift[] {
  const { cluster, connection } = input;
  const digestOf = input.digestOf ?? computeSeal;
  const connected = connection.state === 'connected';
  const manifestsByKey = new Map<string, PolicySourceManifest[]>();
  for (const manifest of input.manifests) {
    const { namespace, name } = manifestIdentity(manifest);
    const key = keyOf(namespace, name);
    const sameIdentity = manifestsByKey.get(key);
    if (sameIdentity) {
      sameIdentity.push(manifest);
    } else {
      manifestsByKey.set(key, [manifest]);
    }
  }
  const liveByKey = new Map<string, NetworkPolicy>();
  if (connected) {
    for (const policy of input.livePolicies) {
      const { namespace, name } = identityOf(policy);
      const key = keyOf(namespace, name);
      if (!liveByKey.has(key)) {
        liveByKey.set(key, policy);
      }
    }
  }
  const pendingByKey = new Map<string, PendingRollout>();
  if (input.pending) {
    for (const pending of input.pending) {
      pendingByKey.set(keyOf(pending.namespace, pending.name), pending);
    }
  }

  const drifts: PolicyDrift[] = [];
  for (const [key, manifests] of manifestsByKey) {
    const { namespace, name } = manifestIdentity(manifests[0]);
    const base = {
      cluster,
      namespace,
      name,
      source: { file: manifests[0].file, line: manifests[0].line },
    };
    const live = liveByKey.get(key);
    const liveDigest = live ? digestOf(live) : undefined;
    const verdict = manifestVerdict(manifests, cluster, connection, live, {
      liveDigest,
      pending: stillPending(pendingByKey.get(key), liveDigest),
      digestOf,
    });
    drifts.push({ ...base, ...verdict });
  }

  if (connected && servicePods && servicePodSelector) {
    drifts.push(
      ...liveOnlyDrift(
        input,
        servicePods,
        servicePodSelector,
        liveByKey,
        manifestsByKey,
        pendingByKey,
      ),
    );
  }
  return drifts.sort(
    (a, b) =>
      compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
  );
}

/**
 * The pending rollout, unless the live state already shows its effect: the live object
 * carries the expected seal, or a removed policy is gone.
 */
function stillPending(
  pending: PendingRollout | undefined,
  liveDigest: string | undefined,
): PendingRollout | undefined {
  if (!pending?.expected) {
    return pending;
  }
  if (pending.expected === 'absent') {
    return liveDigest === undefined ? undefined : pending;
  }
  return liveDigest === pending.expected.seal ? undefined : pending;
}

type Verdict = Omit<PolicyDrift, 'cluster' | 'namespace' | 'name' | 'source'>;

function manifestVerdict(
  manifests: readonly PolicySourceManifest[],
  cluster: string,
  connection: ClusterConnection,
  live: NetworkPolicy | undefined,
  known: {
    liveDigest?: string;
    pending?: PendingRollout;
    digestOf: (policy: NetworkPolicy) => string;
  },
): Verdict {
  const { liveDigest, pending } = known;
  const withLiveDigest = liveDigest === undefined ? {} : { liveDigest };
  if (manifests.length > 1) {
    const places = manifests.map(m => `${m.file}:${m.line}`).join(', ');
    return {
      status: 'unsealed',
      reason: `defined ${manifests.length} times in the policy source (${places}); keep one manifest per policy`,
      ...withLiveDigest,
      differences: [],
    };
  }
  const manifest = manifests[0];
  if (manifest.kind === 'invalid') {
    return {
      status: 'unsealed',
      reason: manifest.reason,
      ...withLiveDigest,
      differences: [],
      problems: manifest.problems,
    };
  }
  const sealCheck = checkRecordedSeal(manifest, known.digestOf);
  if (sealCheck.problem) {
    return {
      status: 'unsealed',
      reason: sealCheck.problem,
      ...(sealCheck.recorded ? { seal: sealCheck.recorded } : {}),
      ...withLiveDigest,
      differences: [],
    };
  }
  const seal = sealCheck.recorded;
  if (connection.state !== 'connected') {
    return {
      status: 'unknown',
      reason: describeConnection(cluster, connection),
      seal,
      differences: [],
    };
  }
  const differences =
    live && liveDigest !== seal
      ? diffCanonicalPolicies(manifest.policy, live)
      : [];
  if (pending) {
    return {
      status: 'pending',
      reason: pending.reason,
      seal,
      ...withLiveDigest,
      differences,
    };
  }
  if (!live) {
    return {
      status: 'missing',
      reason: `sealed in the policy source but absent from cluster ${cluster}`,
      seal,
      differences: [],
    };
  }
  if (liveDigest === seal) {
    return { status: 'in-sync', seal, liveDigest, differences: [] };
  }
  return {
    status: 'drifted',
    reason: describeDifferences(differences),
    seal,
    liveDigest,
    differences,
  };
}

function checkRecordedSeal(
  manifest: SealedManifest,
  digestOf: (policy: NetworkPolicy) => string,
): {
  recorded: string;
  problem?: string;
} {
  const expected = digestOf(manifest.policy);
  const annotation = manifest.policy?.metadata?.annotations?.[SEAL_ANNOTATION];
  const recorded = manifest.seal ?? annotation;
  if (typeof recorded !== 'string' || recorded === '') {
    return {
      recorded: '',
      problem: `has no seal (annotation ${SEAL_ANNOTATION}); seal it with \`netseal seal\` and merge it through a reviewed change`,
    };
  }
  if (recorded !== expected) {
    return {
      recorded,
      problem: `its seal does not match its content (recorded ${recorded}, the content seals to ${expected}): it was edited without resealing; review the edit, then reseal it with \`netseal seal\``,
    };
  }
  return { recorded };
}

function describeConnection(
  cluster: string,
  connection: Exclude<ClusterConnection, { state: 'connected' }>,
): string {
  const state = {
    unreachable: 'unreachable',
    unauthorized: 'rejected the credentials (unauthorized)',
    forbidden: 'forbids reading (forbidden)',
    connecting: 'not read yet (connecting)',
  }[connection.state];
  const prefix = `cluster ${cluster} ${state}`;
  if (connection.state === 'connecting') {
    return `${prefix}: its first list has not finished yet`;
  }
  // Cluster access already words its reasons this way; say it once.
  return connection.reason.startsWith(prefix)
    ? connection.reason
    : `${prefix}: ${connection.reason}`;
}

function describeDifferences(differences: readonly { path: string }[]): string {
  if (differences.length === 0) {
    return 'the live object differs from its seal';
  }
  const more =
    differences.length > 1 ? ` and ${differences.length - 1} more` : '';
  return `the live object differs from its seal at ${differences[0].path}${more}`;
}

function liveOnlyDrift(
  input: ClusterDriftInput,
  servicePods: ServicePods,
  servicePodSelector: CompiledLabelSelector,
  liveByKey: ReadonlyMap<string, NetworkPolicy>,
  manifestsByKey: ReadonlyMap<string, unknown>,
  pendingByKey: ReadonlyMap<string, PendingRollout>,
): PolicyDrift[] {
  const podsByNamespace = new Map<string, LivePod[]>();
  for (const pod of input.livePods) {
    if (
      (servicePods.namespace === undefined ||
        pod.namespace === servicePods.namespace) &&
      servicePodSelector.matches(pod.labels ?? {})
    ) {
      const pods = podsByNamespace.get(pod.namespace);
      if (pods) {
        pods.push(pod);
      } else {
        podsByNamespace.set(pod.namespace, [pod]);
      }
    }
  }
  const drifts: PolicyDrift[] = [];
  for (const [key, policy] of liveByKey) {
    const { namespace, name } = identityOf(policy);
    const pods = podsByNamespace.get(namespace);
    if (
      !pods ||
      manifestsByKey.has(key) ||
      input.isInAnotherPolicySource?.(namespace, name) ||
      !selectsAny(policy, pods)
    ) {
      continue;
    }
    const liveDigest = (input.digestOf ?? computeSeal)(policy);
    const pending = stillPending(pendingByKey.get(key), liveDigest);
    drifts.push({
      cluster: input.cluster,
      namespace,
      name,
      status: pending ? 'pending' : 'unsealed',
      reason: pending
        ? pending.reason
        : `exists only in cluster ${input.cluster}, not in the policy source`,
      liveDigest,
      differences: [],
    });
  }
  return drifts;
}

function selectsAny(policy: NetworkPolicy, pods: readonly LivePod[]): boolean {
  let selector: CompiledLabelSelector;
  try {
    selector = compileLabelSelector(
      policy.spec?.podSelector ?? {},
      'spec.podSelector',
    );
  } catch {
    // The API server admits no such selector; a policy that selects nothing readable
    // is not attributed to the service.
    return false;
  }
  return pods.some(pod => selector.matches(pod.labels ?? {}));
}

function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
