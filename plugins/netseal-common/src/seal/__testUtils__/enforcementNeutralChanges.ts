import type { NetworkPolicy, PolicyType } from '../../types';
import { SEAL_ANNOTATION } from '../../constants';
import { Random, shuffle, visitPolicyParts } from './policyParts';

/*
 * Changes that alter a manifest's text but not what the API server enforces. Each takes
 * a policy and returns a changed copy; the seal must not notice any of them.
 */

export type NeutralChange = (
  policy: NetworkPolicy,
  random: Random,
) => NetworkPolicy;

/** Rebuilds every object with its keys in another order. */
export const reorderMapKeys: NeutralChange = (policy, random) =>
  rebuildWithShuffledKeys(policy, random) as NetworkPolicy;

function rebuildWithShuffledKeys(value: unknown, random: Random): unknown {
  if (Array.isArray(value)) {
    return value.map(item => rebuildWithShuffledKeys(item, random));
  }
  if (typeof value === 'object' && value !== null) {
    const rebuilt: Record<string, unknown> = {};
    for (const key of shuffle(Object.keys(value), random)) {
      rebuilt[key] = rebuildWithShuffledKeys(
        (value as Record<string, unknown>)[key],
        random,
      );
    }
    return rebuilt;
  }
  return value;
}

/** Writes or drops `protocol: TCP`, the API server's default. */
export const toggleDefaultProtocol: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  visitPolicyParts(policy, {
    port(port) {
      if (port.protocol === undefined && random() < 0.5) {
        port.protocol = 'TCP';
      } else if (port.protocol === 'TCP' && random() < 0.5) {
        delete port.protocol;
      }
    },
  });
  return policy;
};

/** Writes out the policyTypes the API server would infer, or drops them when inferred. */
export const toggleInferredPolicyTypes: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  const inferred: PolicyType[] =
    (policy.spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  const written = policy.spec.policyTypes ?? [];
  if (written.length === 0) {
    policy.spec.policyTypes = shuffle(inferred, random);
  } else if (
    new Set(written).size === inferred.length &&
    inferred.every(type => written.includes(type))
  ) {
    delete policy.spec.policyTypes;
  }
  return policy;
};

/**
 * Swaps empty lists and maps with missing ones wherever the API server treats them
 * alike. Never touches a peer's selectors: there, `{}` and absent differ.
 */
export const swapEmptyAndMissing: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  const toggle = (holder: object, key: string, empty: () => unknown) => {
    const record = holder as Record<string, unknown>;
    const value = record[key];
    if (value === undefined) {
      if (random() < 0.5) {
        record[key] = empty();
      }
    } else if (isEmpty(value) && random() < 0.5) {
      delete record[key];
    }
  };
  toggle(policy.metadata, 'labels', () => ({}));
  toggle(policy.spec, 'policyTypes', () => []);
  toggle(policy.spec, 'ingress', () => []);
  toggle(policy.spec, 'egress', () => []);
  visitPolicyParts(policy, {
    rule(rule, peers) {
      toggle(rule, peers, () => []);
      toggle(rule, 'ports', () => []);
    },
    selector(selector) {
      toggle(selector, 'matchLabels', () => ({}));
      toggle(selector, 'matchExpressions', () => []);
    },
    requirement(requirement) {
      toggle(requirement, 'values', () => []);
    },
    ipBlock(ipBlock) {
      toggle(ipBlock, 'except', () => []);
    },
  });
  return policy;
};

function isEmpty(value: unknown): boolean {
  return Array.isArray(value)
    ? value.length === 0
    : typeof value === 'object' &&
        value !== null &&
        Object.keys(value).length === 0;
}

/** Adds what a live object carries besides its content: the API server's bookkeeping. */
export const addRuntimeMetadata: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  const serial = Math.floor(random() * 1e6);
  Object.assign(policy.metadata, {
    uid: `6f1c2a4e-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    resourceVersion: String(serial),
    generation: 1 + Math.floor(random() * 5),
    creationTimestamp: '2026-11-26T09:00:00Z',
    selfLink: `/apis/networking.k8s.io/v1/namespaces/x/networkpolicies/${serial}`,
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'networking.k8s.io/v1',
        time: '2026-11-26T09:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:podSelector': {} } },
      },
    ],
    annotations: {
      ...policy.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(original),
      'example.com/owner': `team-${serial}`,
      [SEAL_ANNOTATION]: `sha256:${serial.toString(16).padStart(64, '0')}`,
    },
  });
  return { ...policy, status: {} };
};

/** Shuffles the lists whose order the API server does not enforce. */
export const reorderOrderFreeLists: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  const reorder = (holder: object, key: string) => {
    const record = holder as Record<string, unknown>;
    if (Array.isArray(record[key])) {
      record[key] = shuffle(record[key] as unknown[], random);
    }
  };
  reorder(policy.spec, 'policyTypes');
  reorder(policy.spec, 'ingress');
  reorder(policy.spec, 'egress');
  visitPolicyParts(policy, {
    rule(rule, peers) {
      reorder(rule, peers);
      reorder(rule, 'ports');
    },
    selector(selector) {
      reorder(selector, 'matchExpressions');
    },
    requirement(requirement) {
      reorder(requirement, 'values');
    },
    ipBlock(ipBlock) {
      reorder(ipBlock, 'except');
    },
  });
  return policy;
};

/**
 * Repeats entries of additive lists (rules, peers, ports, excepts, expressions, values):
 * a second copy allows or excludes nothing more. policyTypes is left alone, because
 * validation rejects repeats there.
 */
export const repeatListEntries: NeutralChange = (original, random) => {
  const policy = structuredClone(original);
  const repeat = (holder: object, key: string) => {
    const list = (holder as Record<string, unknown>)[key];
    if (Array.isArray(list) && list.length > 0 && random() < 0.5) {
      list.push(structuredClone(list[Math.floor(random() * list.length)]));
    }
  };
  repeat(policy.spec, 'ingress');
  repeat(policy.spec, 'egress');
  visitPolicyParts(policy, {
    rule(rule, peers) {
      repeat(rule, peers);
      repeat(rule, 'ports');
    },
    selector(selector) {
      repeat(selector, 'matchExpressions');
    },
    requirement(requirement) {
      repeat(requirement, 'values');
    },
    ipBlock(ipBlock) {
      repeat(ipBlock, 'except');
    },
  });
  return policy;
};
