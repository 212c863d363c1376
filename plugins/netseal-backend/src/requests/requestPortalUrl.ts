import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The portal page of a request: its entity's Network policies tab with the request's
 * drawer open, as Backstage's catalog routes an entity (`/catalog/:namespace/:kind/:name`,
 * kind and namespace in lower case) and as both frontend systems mount the tab
 * (`netseal`). Undefined without the portal's base URL.
 */
export function requestPortalUrl(
  appBaseUrl: string | undefined,
  request: { id: string; entityRef: string },
): string | undefined {
  if (!appBaseUrl) return undefined;
  const { kind, namespace, name } = parseEntityRef(request.entityRef);
  const path = [namespace.toLowerCase(), kind.toLowerCase(), name]
    .map(encodeURIComponent)
    .join('/');
  return `${appBaseUrl.replace(
    /\/+$/,
    '',
  )}/catalog/${path}/netseal?request=${encodeURIComponent(request.id)}`;
}

/** Whether a change's URL opens in a browser; a local change's `file:` URL does not. */
export function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}
