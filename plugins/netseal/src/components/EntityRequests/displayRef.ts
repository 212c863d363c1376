import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/** A user's ref as people say it ("alice" for user:default/alice); unparsable refs as given. */
export function displayRef(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref, { defaultKind: 'user' }), {
      defaultKind: 'user',
    });
  } catch {
    return ref;
  }
}
