import type { LabelSelector } from '../types';
import { ReachabilityInputError } from './ReachabilityInputError';

export type Labels = Readonly<Record<string, string>>;

/** A label selector turned into a predicate, with a key that identifies what it selects. */
export interface CompiledLabelSelector {
  /** Equal keys select the same objects; used to share work between policies. */
  readonly key: string;
  /** `{}`: selects every object. */
  readonly selectsEverything: boolean;
  /** Label keys the selector reads; other labels cannot change its answer. */
  readonly labelKeys: readonly string[];
  matches(labels: Labels): boolean;
}

type Requirement = (labels: Labels) => boolean;

function requirementFor(
  key: string,
  operator: string,
  values: readonly string[] | undefined,
  path: string,
): Requirement {
  const list = values ?? [];
  switch (operator) {
    case 'In': {
      if (list.length === 0) {
        throw new ReachabilityInputError(
          `${path}.values must list at least one value for operator In`,
        );
      }
      const set = new Set(list);
      return labels => Object.hasOwn(labels, key) && set.has(labels[key]);
    }
    case 'NotIn': {
      if (list.length === 0) {
        throw new ReachabilityInputError(
          `${path}.values must list at least one value for operator NotIn`,
        );
      }
      const set = new Set(list);
      // NotIn also matches objects that do not carry the key at all (apimachinery labels.Selector).
      return labels => !Object.hasOwn(labels, key) || !set.has(labels[key]);
    }
    case 'Exists':
    case 'DoesNotExist': {
      if (list.length > 0) {
        throw new ReachabilityInputError(
          `${path}.values must be empty for operator ${operator}; remove the values`,
        );
      }
      return operator === 'Exists'
        ? labels => Object.hasOwn(labels, key)
        : labels => !Object.hasOwn(labels, key);
    }
    default:
      throw new ReachabilityInputError(
        `${path}.operator "${operator}" is not a label selector operator; use In, NotIn, Exists or DoesNotExist`,
      );
  }
}

/**
 * Compiles a `metav1.LabelSelector`: `matchLabels` and every `matchExpressions` entry are
 * ANDed; an empty selector selects everything. `path` names the field in error messages.
 */
export function compileLabelSelector(
  selector: LabelSelector,
  path: string,
): CompiledLabelSelector {
  if (
    typeof selector !== 'object' ||
    selector === null ||
    Array.isArray(selector)
  ) {
    throw new ReachabilityInputError(`${path} must be a label selector object`);
  }
  const requirements: Requirement[] = [];
  const keyParts: string[] = [];
  const labelKeys = new Set<string>();

  const matchLabels = selector.matchLabels ?? {};
  if (
    typeof matchLabels !== 'object' ||
    matchLabels === null ||
    Array.isArray(matchLabels)
  ) {
    throw new ReachabilityInputError(
      `${path}.matchLabels must be a map of label keys to values`,
    );
  }
  if (
    selector.matchExpressions !== undefined &&
    !Array.isArray(selector.matchExpressions)
  ) {
    throw new ReachabilityInputError(
      `${path}.matchExpressions must be a list of requirements`,
    );
  }
  for (const key of Object.keys(matchLabels).sort()) {
    const value = matchLabels[key];
    if (typeof value !== 'string') {
      throw new ReachabilityInputError(
        `${path}.matchLabels.${key} must be a string`,
      );
    }
    labelKeys.add(key);
    requirements.push(
      labels => Object.hasOwn(labels, key) && labels[key] === value,
    );
    keyParts.push(JSON.stringify(['=', key, value]));
  }

  (selector.matchExpressions ?? []).forEach((expression, index) => {
    const expressionPath = `${path}.matchExpressions[${index}]`;
    if (typeof expression?.key !== 'string' || expression.key === '') {
      throw new ReachabilityInputError(
        `${expressionPath}.key must be a non-empty string`,
      );
    }
    if (
      expression.values !== undefined &&
      (!Array.isArray(expression.values) ||
        expression.values.some(value => typeof value !== 'string'))
    ) {
      throw new ReachabilityInputError(
        `${expressionPath}.values must be a list of strings`,
      );
    }
    labelKeys.add(expression.key);
    requirements.push(
      requirementFor(
        expression.key,
        expression.operator,
        expression.values,
        expressionPath,
      ),
    );
    keyParts.push(
      JSON.stringify([
        expression.operator,
        expression.key,
        [...(expression.values ?? [])].sort(),
      ]),
    );
  });
  keyParts.sort();

  return {
    key: `{${keyParts.join(',')}}`,
    selectsEverything: requirements.length === 0,
    labelKeys: [...labelKeys],
    matches: labels => requirements.every(requirement => requirement(labels)),
  };
}
