import { ReactNode } from 'react';
import { SWRConfig } from 'swr';

/**
 * A permission cache of the test's own. `usePermission` caches decisions in SWR's
 * module-wide cache, keyed by the permission, so without this a test that denies would
 * first see the decision an earlier test allowed.
 */
export function FreshPermissions(props: { children: ReactNode }) {
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      {props.children}
    </SWRConfig>
  );
}
