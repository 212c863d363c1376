/**
 * A label selector as written in a manifest or in its canonical form: operators are read
 * as text, so a selector the API server would refuse is still printed, never dropped.
 */
export interface WrittenLabelSelector {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly {
    key: string;
    operator: string;
    values?: readonly string[];
  }[];
}

function formatRequirement(requirement: {
  key: string;
  operator: string;
  values?: readonly string[];
}): string {
  const values = (requirement.values ?? []).join(', ');
  switch (requirement.operator) {
    case 'In':
      return `${requirement.key} in (${values})`;
    // NotIn also selects objects without the key, exactly as kubectl's `notin` does.
    case 'NotIn':
      return `${requirement.key} not in (${values})`;
    case 'Exists':
      return `with label ${requirement.key}`;
    case 'DoesNotExist':
      return `without label ${requirement.key}`;
    default:
      return `${requirement.key} ${requirement.operator} (${values})`;
  }
}

/**
 * A label selector in words, its requirements ANDed and separated by commas (no space, so
 * a list of selectors still reads as a list): "app=web,tier=backend",
 * "app in (api, web)", "tier not in (cache)", "with label canary", "without label legacy".
 * `''` for the empty selector, which selects everything; callers say "every pod" there.
 */
export function formatLabelSelector(selector: WrittenLabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(
    ([key, value]) => `${key}=${value}`,
  );
  for (const requirement of selector.matchExpressions ?? []) {
    parts.push(formatRequirement(requirement));
  }
  return parts.join(',');
}
