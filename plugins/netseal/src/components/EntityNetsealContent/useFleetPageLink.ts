import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/**
 * The path of Netseal's fleet page, or undefined when the app does not mount it: an app
 * may show the entity tab without the page.
 */
export function useFleetPageLink(): string | undefined {
  try {
    // useRouteRef calls all its hooks before it throws for an unmounted route, so
    // catching keeps the hooks' order the same on every render.
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}
