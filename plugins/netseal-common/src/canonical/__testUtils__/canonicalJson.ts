/**
 * The reference serialisation of a canonical form, for tests: JSON with object keys
 * sorted by UTF-16 code units and no whitespace, strings and numbers written as
 * `JSON.stringify` writes them. For the strings, integers and plain objects of a
 * canonical form this is RFC 8785 (JSON Canonicalization Scheme). The seal's own encoder
 * (encodeCanonical) writes the same text faster, knowing the schema; the property tests
 * hold it to this one.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(item => canonicalJson(item ?? null)).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) {
        members.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      }
    }
    return `{${members.join(',')}}`;
  }
  // Numbers, booleans and null; a non-finite number becomes null, as in JSON.stringify.
  return JSON.stringify(value) ?? 'null';
}
