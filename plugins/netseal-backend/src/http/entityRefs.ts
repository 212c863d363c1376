import {
  CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const EXAMPLE = 'component:default/payments';
/** Longer than any ref the catalog's default rules allow (63 + 63 + 63 and separators). */
const MAX_REF_LENGTH = 255;

/** A value as a message shows it: quoted, control characters escaped, cut to 100 characters. */
export function quoteValue(value: string): string {
  const cut = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  // JSON escapes C0 controls; the rest of what could reorder or hide text is escaped too.
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * What is wrong with one part of an entity ref, by the rules of Backstage's default
 * catalog validators (`KubernetesValidatorFunctions`), or undefined when it is right.
 * Refs are case-insensitive in the catalog, so a namespace is checked lowercased.
 */
function partProblem(
  part: 'kind' | 'namespace' | 'name',
  value: string,
): string | undefined {
  switch (part) {
    case 'kind':
      return KubernetesValidatorFunctions.isValidKind(value)
        ? undefined
        : `kind ${quoteValue(
            value,
          )} is not a kind: a letter, then letters and digits, up to 63`;
    case 'namespace':
      return KubernetesValidatorFunctions.isValidNamespace(value.toLowerCase())
        ? undefined
        : `namespace ${quoteValue(
            value,
          )} is not a namespace: letters, digits and "-", starting and ending with a letter or digit, up to 63`;
    default:
      return KubernetesValidatorFunctions.isValidObjectName(value)
        ? undefined
        : `name ${quoteValue(
            value,
          )} is not a name: letters, digits and "-", "_", ".", starting and ending with a letter or digit, up to 63`;
  }
}

/**
 * The entity ref a request body names, parsed and checked before the catalog is asked:
 * a 400 naming `field` otherwise, so no catalog error ever answers for a bad ref.
 */
export function checkedEntityRef(
  text: unknown,
  field = 'entityRef',
): { entityRef: string; ref: CompoundEntityRef } {
  if (typeof text !== 'string' || text.length === 0) {
    throw new InputError(
      `${field} is required: name the entity, like ${EXAMPLE}`,
    );
  }
  if (text.length > MAX_REF_LENGTH) {
    throw new InputError(
      `${field} is ${text.length} characters long, more than an entity ref can be (${MAX_REF_LENGTH}); use the ref as the catalog shows it, like ${EXAMPLE}`,
    );
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(text);
  } catch {
    throw new InputError(
      `${field} ${quoteValue(
        text,
      )} is not an entity ref; write kind:namespace/name, like ${EXAMPLE}`,
    );
  }
  const problems = (['kind', 'namespace', 'name'] as const).flatMap(part => {
    const problem = partProblem(part, ref[part]);
    return problem ? [problem] : [];
  });
  if (problems.length > 0) {
    throw new InputError(
      `${field} ${quoteValue(text)} is not an entity ref: ${problems.join(
        '; ',
      )}; use the ref as the catalog shows it, like ${EXAMPLE}`,
    );
  }
  return { entityRef: stringifyEntityRef(ref), ref };
}

/**
 * The entity a route's path names (`/entities/{kind}/{namespace}/{name}/…`), each
 * segment checked before the catalog is asked: a 400 naming the segment otherwise.
 */
export function checkedEntityPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const problems = (['kind', 'namespace', 'name'] as const).flatMap(part => {
    const problem = partProblem(part, params[part]);
    return problem ? [`path segment ${problem}`] : [];
  });
  if (problems.length > 0) {
    throw new InputError(
      `${problems.join(
        '; ',
      )}; use the entity's kind, namespace and name as the catalog shows them, like /entities/component/default/payments`,
    );
  }
  return stringifyEntityRef(params);
}
