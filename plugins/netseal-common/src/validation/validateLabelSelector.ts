import {
  ProblemCollector,
  childPath,
  indexPath,
  notOneOf,
} from './ProblemCollector';
import { labelValueProblems, qualifiedNameProblems } from './kubernetesNames';
import { validateLabels } from './validateLabels';

const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector and ValidateLabelSelectorRequirement (apimachinery meta/v1). */
export function validateLabelSelector(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  const selector = problems.object(value, path, SELECTOR_FIELDS);
  if (!selector) {
    return;
  }
  const matchLabelsPath = childPath(path, 'matchLabels');
  if (problems.present(selector.matchLabels, matchLabelsPath)) {
    validateLabels(selector.matchLabels, matchLabelsPath, problems);
  }
  const expressionsPath = childPath(path, 'matchExpressions');
  if (!problems.present(selector.matchExpressions, expressionsPath)) {
    return;
  }
  const expressions = problems.array(
    selector.matchExpressions,
    expressionsPath,
  );
  expressions?.forEach((expression, index) => {
    if (!problems.full) {
      validateRequirement(
        expression,
        indexPath(expressionsPath, index),
        problems,
      );
    }
  });
}

function validateRequirement(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  const requirement = problems.object(value, path, REQUIREMENT_FIELDS);
  if (!requirement) {
    return;
  }
  const keyPath = childPath(path, 'key');
  if (requirement.key === undefined) {
    problems.add(keyPath, 'is required: the label key the expression tests');
  } else {
    const key = problems.string(requirement.key, keyPath);
    for (const problem of key === undefined ? [] : qualifiedNameProblems(key)) {
      problems.add(keyPath, problem);
    }
  }

  const operatorPath = childPath(path, 'operator');
  let operator: string | undefined;
  if (requirement.operator === undefined) {
    problems.add(operatorPath, `is required: one of ${OPERATORS.join(', ')}`);
  } else {
    operator = problems.string(requirement.operator, operatorPath);
    if (operator !== undefined && !OPERATORS.includes(operator)) {
      problems.add(operatorPath, notOneOf(operator, OPERATORS));
      operator = undefined;
    }
  }

  const valuesPath = childPath(path, 'values');
  const values =
    requirement.values !== undefined &&
    problems.present(requirement.values, valuesPath)
      ? problems.array(requirement.values, valuesPath)
      : undefined;
  if (
    (operator === 'In' || operator === 'NotIn') &&
    (values ?? []).length === 0
  ) {
    if (requirement.values === undefined || Array.isArray(requirement.values)) {
      problems.add(
        valuesPath,
        `must list at least one value when operator is ${operator}`,
      );
    }
  }
  if (
    (operator === 'Exists' || operator === 'DoesNotExist') &&
    values !== undefined &&
    values.length > 0
  ) {
    problems.add(
      valuesPath,
      `must be empty when operator is ${operator}; remove the values, or use In or NotIn`,
    );
  }
  values?.forEach((item, index) => {
    if (problems.full) {
      return;
    }
    const itemPath = indexPath(valuesPath, index);
    const text = problems.string(item, itemPath);
    for (const problem of text === undefined ? [] : labelValueProblems(text)) {
      problems.add(itemPath, problem);
    }
  });
}
