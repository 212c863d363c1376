import type { NetworkPolicy } from '../types';
import { SEALED_LABEL } from '../constants';
import type { ValidationProblem } from '../validation/ValidationProblem';

/** The value of the sealed label on every sealed manifest. @public */
export const SEALED_LABEL_VALUE = 'true';

const SEALED_LABEL_PATH = `metadata.labels[${JSON.stringify(SEALED_LABEL)}]`;

const WHY = `sealed manifests carry ${SEALED_LABEL}: "${SEALED_LABEL_VALUE}" so the admission guard can protect them; run netseal seal`;

/**
 * Whether a manifest carries the sealed label (`netseal.io/sealed: "true"`). Labels are
 * part of the seal, so the label must be in the manifest in Git before its seal is
 * computed: what is reviewed is then exactly what runs, label included. Returns the
 * problem at `metadata.labels["netseal.io/sealed"]`, or undefined when the label is right.
 *
 * @public
 */
export function sealedLabelProblem(
  policy: NetworkPolicy,
): ValidationProblem | undefined {
  const labels: unknown = policy?.metadata?.labels;
  const value =
    typeof labels === 'object' && labels !== null && !Array.isArray(labels)
      ? (labels as Record<string, unknown>)[SEALED_LABEL]
      : undefined;
  if (value === SEALED_LABEL_VALUE) {
    return undefined;
  }
  if (value === undefined) {
    return { path: SEALED_LABEL_PATH, message: `missing: ${WHY}` };
  }
  const shown =
    typeof value === 'string' && value.length > 100
      ? `${value.slice(0, 100)}…`
      : value;
  return {
    path: SEALED_LABEL_PATH,
    message: `must be "${SEALED_LABEL_VALUE}" (got ${
      JSON.stringify(shown) ?? String(shown)
    }): ${WHY}`,
  };
}
