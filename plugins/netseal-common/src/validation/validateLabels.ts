import {
  ProblemCollector,
  describe,
  entryPath,
  isRecord,
  quote,
} from './ProblemCollector';
import { labelValueProblems, qualifiedNameProblems } from './kubernetesNames';

/** ValidateLabels (apimachinery meta/v1/validation): qualified-name keys, label values. */
export function validateLabels(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  if (!isRecord(value)) {
    problems.add(
      path,
      `must be a map of label keys to values, not ${describe(value)}`,
    );
    return;
  }
  for (const [key, labelValue] of Object.entries(value)) {
    if (problems.full) {
      return;
    }
    const labelPath = entryPath(path, key);
    for (const problem of qualifiedNameProblems(key)) {
      problems.add(labelPath, `key ${quote(key)}: ${problem}`);
    }
    const text = problems.string(labelValue, labelPath);
    if (text !== undefined) {
      for (const problem of labelValueProblems(text)) {
        problems.add(labelPath, `value ${quote(text)}: ${problem}`);
      }
    }
  }
}
