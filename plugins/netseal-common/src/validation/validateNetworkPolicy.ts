import { SEAL_ANNOTATION, SEAL_PATTERN } from '../constants';
import type { ValidationProblem } from './ValidationProblem';
import {
  ProblemCollector,
  childPath,
  entryPath,
  indexPath,
  isRecord,
  quote,
  notOneOf,
} from './ProblemCollector';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  qualifiedNameProblems,
} from './kubernetesNames';
import { validateIPBlock } from './validateIPBlock';
import { validateLabelSelector } from './validateLabelSelector';
import { validateLabels } from './validateLabels';
import { validatePort } from './validatePort';

const API_VERSION = 'networking.k8s.io/v1';
const KIND = 'NetworkPolicy';
const ROOT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
// ObjectMeta's fields. Runtime ones are accepted, so a manifest taken from a cluster
// validates, and the seal ignores them.
const METADATA_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
];
const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'];
const INGRESS_RULE_FIELDS = ['from', 'ports'];
const EGRESS_RULE_FIELDS = ['to', 'ports'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const POLICY_TYPES = ['Ingress', 'Egress'];
// TotalAnnotationSizeLimitB in apimachinery's ValidateAnnotationsSize.
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
const utf8 = new TextEncoder();

/**
 * Every reason the API server (or Netseal, where it is stricter) would reject the
 * manifest, each with the field's path and what to do about it; empty when it is a valid
 * NetworkPolicy. Mirrors pkg/apis/networking/validation and the ObjectMeta and label
 * rules of apimachinery; the README lists where Netseal is stricter and why.
 *
 * Safe on hostile input: it walks only the NetworkPolicy schema (never into unknown
 * fields), so depth is bounded, and it stops after 1000 problems.
 *
 * @public
 */
export function validateNetworkPolicy(manifest: unknown): ValidationProblem[] {
  const problems = new ProblemCollector();
  const root = problems.object(manifest, '', ROOT_FIELDS);
  if (!root) {
    return problems.problems;
  }
  checkConstant(root.apiVersion, 'apiVersion', API_VERSION, problems);
  checkConstant(root.kind, 'kind', KIND, problems);
  if (root.metadata === undefined) {
    problems.add(
      'metadata',
      'is required: the policy needs a name and a namespace',
    );
  } else {
    validateMetadata(root.metadata, problems);
  }
  if (root.spec === undefined) {
    problems.add(
      'spec',
      'is required: without one the API server would isolate every pod of the ' +
        'namespace from all ingress; write the spec you mean',
    );
  } else {
    validateSpec(root.spec, problems);
  }
  return problems.problems;
}

function checkConstant(
  value: unknown,
  path: string,
  expected: string,
  problems: ProblemCollector,
): void {
  if (value === undefined) {
    problems.add(path, `is required: set it to "${expected}"`);
  } else if (value !== expected) {
    problems.add(
      path,
      `must be "${expected}"${
        typeof value === 'string' ? ` (got ${quote(value)})` : ''
      }`,
    );
  }
}

function validateMetadata(value: unknown, problems: ProblemCollector): void {
  const metadata = problems.object(value, 'metadata', METADATA_FIELDS);
  if (!metadata) {
    return;
  }
  if (metadata.name === undefined) {
    problems.add(
      'metadata.name',
      metadata.generateName === undefined
        ? 'is required: Netseal identifies a sealed policy by namespace and name'
        : 'is required: Netseal identifies a sealed policy by namespace and name, ' +
            'so generateName cannot stand in for it',
    );
  } else {
    checkName(
      metadata.name,
      'metadata.name',
      dns1123SubdomainProblems,
      problems,
    );
  }
  if (metadata.namespace === undefined) {
    problems.add(
      'metadata.namespace',
      'is required: Netseal identifies a sealed policy by namespace and name, and ' +
        "takes the namespace from the manifest, never from kubectl's context",
    );
  } else {
    checkName(
      metadata.namespace,
      'metadata.namespace',
      dns1123LabelProblems,
      problems,
    );
  }
  if (problems.present(metadata.labels, 'metadata.labels')) {
    validateLabels(metadata.labels, 'metadata.labels', problems);
  }
  if (problems.present(metadata.annotations, 'metadata.annotations')) {
    validateAnnotations(metadata.annotations, problems);
  }
}

function checkName(
  value: unknown,
  path: string,
  syntaxProblems: (name: string) => string[],
  problems: ProblemCollector,
): void {
  const name = problems.string(value, path);
  if (name !== undefined) {
    for (const problem of syntaxProblems(name)) {
      problems.add(path, `${quote(name)} ${problem}`);
    }
  }
}

// ValidateAnnotations: keys are qualified names once lowercased, values strings, and
// all of them together at most 256 KiB. Plus the shape of Netseal's own seal.
function validateAnnotations(value: unknown, problems: ProblemCollector): void {
  const path = 'metadata.annotations';
  if (!isRecord(value)) {
    problems.add(path, 'must be a map of annotation keys to string values');
    return;
  }
  let totalSize = 0;
  for (const [key, annotation] of Object.entries(value)) {
    if (problems.full) {
      return;
    }
    const annotationPath = entryPath(path, key);
    for (const problem of qualifiedNameProblems(key.toLowerCase())) {
      problems.add(annotationPath, `key ${quote(key)}: ${problem}`);
    }
    const text = problems.string(annotation, annotationPath);
    totalSize += utf8Length(key) + utf8Length(text ?? '');
    if (
      key === SEAL_ANNOTATION &&
      text !== undefined &&
      !SEAL_PATTERN.test(text)
    ) {
      problems.add(
        annotationPath,
        'must be "sha256:" followed by 64 lowercase hexadecimal digits; ' +
          'reseal the manifest to write it',
      );
    }
  }
  if (totalSize > MAX_ANNOTATIONS_BYTES) {
    problems.add(
      path,
      `are too long: ${totalSize} bytes together, at most ${MAX_ANNOTATIONS_BYTES}`,
    );
  }
}

// The limit counts bytes, as Go's len() does.
function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

function validateSpec(value: unknown, problems: ProblemCollector): void {
  const spec = problems.object(value, 'spec', SPEC_FIELDS);
  if (!spec) {
    return;
  }
  if (spec.podSelector === undefined) {
    problems.add(
      'spec.podSelector',
      'is required: write podSelector: {} to select every pod in the namespace, ' +
        'or the labels of the pods the policy applies to',
    );
  } else if (problems.present(spec.podSelector, 'spec.podSelector')) {
    validateLabelSelector(spec.podSelector, 'spec.podSelector', problems);
  }
  if (problems.present(spec.policyTypes, 'spec.policyTypes')) {
    validatePolicyTypes(spec.policyTypes, problems);
  }
  validateRules(
    spec.ingress,
    'spec.ingress',
    INGRESS_RULE_FIELDS,
    'from',
    problems,
  );
  validateRules(spec.egress, 'spec.egress', EGRESS_RULE_FIELDS, 'to', problems);
}

function validatePolicyTypes(value: unknown, problems: ProblemCollector): void {
  const policyTypes = problems.array(value, 'spec.policyTypes');
  const seen = new Set<string>();
  policyTypes?.forEach((item, index) => {
    if (problems.full) {
      return;
    }
    const path = indexPath('spec.policyTypes', index);
    const policyType = problems.string(item, path);
    if (policyType === undefined) {
      return;
    }
    if (!POLICY_TYPES.includes(policyType)) {
      problems.add(path, notOneOf(policyType, POLICY_TYPES));
    } else if (seen.has(policyType)) {
      problems.add(path, `repeats ${policyType}; list each policy type once`);
    }
    seen.add(policyType);
  });
}

function validateRules(
  value: unknown,
  path: string,
  fields: readonly string[],
  peersField: 'from' | 'to',
  problems: ProblemCollector,
): void {
  if (!problems.present(value, path)) {
    return;
  }
  problems.array(value, path)?.forEach((item, index) => {
    if (problems.full) {
      return;
    }
    const rulePath = indexPath(path, index);
    const rule = problems.object(item, rulePath, fields);
    if (!rule) {
      return;
    }
    const peersPath = childPath(rulePath, peersField);
    if (problems.present(rule[peersField], peersPath)) {
      problems
        .array(rule[peersField], peersPath)
        ?.forEach((peer, peerIndex) => {
          if (!problems.full) {
            validatePeer(peer, indexPath(peersPath, peerIndex), problems);
          }
        });
    }
    const portsPath = childPath(rulePath, 'ports');
    if (problems.present(rule.ports, portsPath)) {
      problems.array(rule.ports, portsPath)?.forEach((port, portIndex) => {
        if (!problems.full) {
          validatePort(port, indexPath(portsPath, portIndex), problems);
        }
      });
    }
  });
}

// ValidateNetworkPolicyPeer: at least one of the three; ipBlock stands alone.
function validatePeer(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  const peer = problems.object(value, path, PEER_FIELDS);
  if (!peer) {
    return;
  }
  const given = PEER_FIELDS.filter(
    field => peer[field] !== undefined && peer[field] !== null,
  );
  if (given.length === 0) {
    problems.add(
      path,
      'must name a peer: podSelector, namespaceSelector (or both), or ipBlock',
    );
  } else if (given.includes('ipBlock') && given.length > 1) {
    problems.add(
      path,
      'may not combine ipBlock with podSelector or namespaceSelector; ' +
        'put the ipBlock in a peer of its own',
    );
  }
  for (const field of ['podSelector', 'namespaceSelector']) {
    const selectorPath = childPath(path, field);
    if (problems.present(peer[field], selectorPath)) {
      validateLabelSelector(peer[field], selectorPath, problems);
    }
  }
  const ipBlockPath = childPath(path, 'ipBlock');
  if (problems.present(peer.ipBlock, ipBlockPath)) {
    validateIPBlock(peer.ipBlock, ipBlockPath, problems);
  }
}
