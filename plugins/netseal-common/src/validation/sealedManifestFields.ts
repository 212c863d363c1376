import { GUARD_LABEL } from '../rollout/planRollout';
import type { NetworkPolicy } from '../types';
import { childPath, entryPath, isRecord } from './ProblemCollector';
import { validateNetworkPolicy } from './validateNetworkPolicy';
import type { ValidationProblem } from './ValidationProblem';

/**
 * What a sealed manifest may carry, the one list that the CLI's `seal` and `verify`, the
 * request API and the rollout share: these fields of the object, and of its metadata
 * these. Everything else is runtime metadata the API server or a controller sets
 * (`resourceVersion`, `finalizers`, `ownerReferences`, `deletionTimestamp`, `status`,
 * ...): it is not part of the seal, and sent to a cluster it would change how the object
 * lives there (a finalizer makes the next delete-and-recreate wait forever).
 *
 * @public
 */
export const SEALED_MANIFEST_FIELDS = {
  root: ['apiVersion', 'kind', 'metadata', 'spec'],
  metadata: ['name', 'namespace', 'labels', 'annotations'],
} as const;

const SEALED_LIST =
  'metadata.name, namespace, labels and annotations, and spec';

/** Why a known but unsealed field is there, in words that say what to do. */
function runtimeFieldMessage(path: string): string {
  if (path === 'metadata.generateName') {
    return `is not sealed: a generated name cannot be sealed before it exists, and metadata.name already names the policy; remove it`;
  }
  if (path === 'status') {
    return `is not sealed: a NetworkPolicy has no status in networking.k8s.io/v1, and a sealed manifest carries only ${SEALED_LIST}; remove it`;
  }
  return `is runtime metadata that the API server or a controller sets, not part of a sealed policy; a sealed manifest carries only ${SEALED_LIST}, so remove it`;
}

/**
 * Every problem of a manifest that is to be sealed, committed or rolled out: those of
 * {@link validateNetworkPolicy}, and each field outside {@link SEALED_MANIFEST_FIELDS}
 * (with its path), and the reserved `netseal.io/guard` label. Empty when it may be sealed.
 *
 * @public
 */
export function validateSealedManifest(manifest: unknown): ValidationProblem[] {
  const problems = validateNetworkPolicy(manifest);
  if (!isRecord(manifest)) {
    return problems;
  }
  // Fields validateNetworkPolicy does not know are reported there as unknown already.
  const reported = new Set(problems.map(problem => problem.path));
  const unsealed = (path: string) => {
    if (!reported.has(path)) {
      problems.push({ path, message: runtimeFieldMessage(path) });
    }
  };
  for (const key of Object.keys(manifest)) {
    if (!(SEALED_MANIFEST_FIELDS.root as readonly string[]).includes(key)) {
      unsealed(childPath('', key));
    }
  }
  const metadata = manifest.metadata;
  if (!isRecord(metadata)) {
    return problems;
  }
  for (const key of Object.keys(metadata)) {
    if (!(SEALED_MANIFEST_FIELDS.metadata as readonly string[]).includes(key)) {
      unsealed(childPath('metadata', key));
    }
  }
  if (isRecord(metadata.labels) && GUARD_LABEL in metadata.labels) {
    problems.push({
      path: entryPath('metadata.labels', GUARD_LABEL),
      message: `is reserved for a rollout's temporary guard policies, which Netseal deletes when the rollout ends; remove it`,
    });
  }
  return problems;
}

/**
 * The policy with only the fields of {@link SEALED_MANIFEST_FIELDS}: what a rollout sends
 * to a cluster, whatever the manifest it was given carries.
 *
 * @public
 */
export function sealedFieldsOf(policy: NetworkPolicy): NetworkPolicy {
  const { name, namespace, labels, annotations } = policy.metadata ?? {};
  return {
    apiVersion: policy.apiVersion,
    kind: policy.kind,
    metadata: {
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels !== undefined ? { labels } : {}),
      ...(annotations !== undefined ? { annotations } : {}),
    },
    spec: policy.spec,
  };
}
