/** `1 file`, `2 files`; `1 NetworkPolicy`, `3 NetworkPolicies`. */
export function pluralize(
  count: number,
  singular: string,
  plural = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
