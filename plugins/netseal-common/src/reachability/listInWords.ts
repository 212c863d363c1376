/** "a", "a and b", "a, b and c"; `or` for alternatives ("from a or b"). */
export function listInWords(
  items: readonly string[],
  conjunction: 'and' | 'or' = 'and',
): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${
    items[items.length - 1]
  }`;
}
