import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so that key order never changes a fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .flatMap(key => {
        const field = (value as Record<string, unknown>)[key];
        return field === undefined
          ? []
          : [`${JSON.stringify(key)}:${canonicalJson(field)}`];
      })
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The fingerprint of a request's body as filed (the entity, as a normalised ref, the
 * reason and the changes): `sha256:` and the hex digest of its canonical JSON. Two bodies
 * that differ only in key order or in how the entity ref is written match.
 */
export function requestFingerprint(body: {
  entityRef: string;
  reason: string;
  changes: unknown;
}): string {
  return `sha256:${createHash('sha256')
    .update(
      canonicalJson({
        entityRef: body.entityRef,
        reason: body.reason,
        changes: body.changes,
      }),
    )
    .digest('hex')}`;
}
