import { SEAL_ANNOTATION, SEALED_LABEL } from '../constants';
import { findAmbiguousScalars } from '../manifests/findAmbiguousScalars';
import { findNetworkPolicies } from '../manifests/findNetworkPolicies';
import { ManifestTextProblem } from '../manifests/parseManifestText';
import { parseManifestText } from '../manifests/parseManifestText';
import { sealFileText } from '../manifests/sealFileText';
import { computeSeal } from '../seal/computeSeal';
import {
  SEALED_LABEL_VALUE,
  sealedLabelProblem,
} from '../seal/sealedLabelProblem';
import type { NetworkPolicy } from '../types';
import { isValidNetworkPolicy } from '../validation/isValidNetworkPolicy';
import { validateSealedManifest } from '../validation/sealedManifestFields';
import { ValidationProblem } from '../validation/ValidationProblem';

/** A manifest resealed, or what is wrong with it, by field path inside it. */
export type ResealedManifest =
  | { policy: NetworkPolicy; seal: string; text: string }
  | { problems: ValidationProblem[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The manifest without its seal annotation: a request's old seal is replaced, never judged. */
function withoutSeal(manifest: unknown): unknown {
  if (!isRecord(manifest) || !isRecord(manifest.metadata)) {
    return manifest;
  }
  const annotations = manifest.metadata.annotations;
  if (!isRecord(annotations) || !(SEAL_ANNOTATION in annotations)) {
    return manifest;
  }
  const { [SEAL_ANNOTATION]: _seal, ...otherAnnotations } = annotations;
  const { annotations: _annotations, ...otherMetadata } = manifest.metadata;
  const metadata =
    Object.keys(otherAnnotations).length > 0
      ? { ...otherMetadata, annotations: otherAnnotations }
      : otherMetadata;
  return { ...manifest, metadata };
}

/** A NetworkPolicy with the sealed label, which is part of what the seal covers. */
export function withSealedLabel(policy: NetworkPolicy): NetworkPolicy {
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      labels: { ...policy.metadata.labels, [SEALED_LABEL]: SEALED_LABEL_VALUE },
    },
  };
}

function readProblem(problem: ManifestTextProblem): ValidationProblem {
  const where = problem.line === undefined ? '' : `line ${problem.line}: `;
  switch (problem.code) {
    case 'alias-limit':
      return { path: '', message: `${where}${problem.message}` };
    case 'too-deep':
      return {
        path: '',
        message: `${where}${problem.message}; write the manifest in block style`,
      };
    default:
      return {
        path: '',
        message: `${where}${problem.message}; correct the YAML syntax there`,
      };
  }
}

/**
 * Reads one change's manifest, validates it as a NetworkPolicy, and writes the sealed
 * label and the seal into its text, keeping comments, layout and quoting. The text must
 * hold exactly one document, of kind NetworkPolicy: one change, one policy.
 */
export function resealManifest(text: string): ResealedManifest {
  const parsed = parseManifestText({ display: 'manifest' }, text);
  if ('problems' in parsed) {
    return { problems: parsed.problems.map(readProblem) };
  }
  const documents = parsed.file.documents.filter(
    document => document.value !== null && document.value !== undefined,
  );
  if (documents.length !== 1) {
    return {
      problems: [
        {
          path: '',
          message:
            documents.length === 0
              ? 'is empty; write the NetworkPolicy manifest'
              : `holds ${documents.length} YAML documents; give each policy its own change`,
        },
      ],
    };
  }
  const [document] = documents;
  const rest = withoutSeal(document.value);
  const problems = validateSealedManifest(rest);
  if (problems.length > 0 || !isValidNetworkPolicy(rest)) {
    return { problems };
  }
  const [site] = findNetworkPolicies({
    ...parsed.file,
    documents: [document],
  }).policies;
  const ambiguous = findAmbiguousScalars(
    document.yaml,
    parsed.file.lineCounter,
    site.basePath,
  );
  if (ambiguous.length > 0) {
    return {
      problems: ambiguous.map(({ path, message }) => ({ path, message })),
    };
  }
  const labelled = withSealedLabel(rest);
  const seal = computeSeal(labelled);
  const resealed = sealFileText(parsed.file, [
    { site, seal, sealedLabel: sealedLabelProblem(rest) !== undefined },
  ]);
  if (resealed === undefined) {
    return {
      problems: [
        {
          path: 'metadata',
          message:
            'could not write the seal without changing anything else; write metadata, ' +
            'its labels and its annotations as block mappings, without YAML aliases',
        },
      ],
    };
  }
  return {
    policy: {
      ...labelled,
      metadata: {
        ...labelled.metadata,
        annotations: {
          ...labelled.metadata.annotations,
          [SEAL_ANNOTATION]: seal,
        },
      },
    },
    seal,
    text: resealed,
  };
}
