/** What a Kubernetes API path names, as RequestInfoFactory parses it. */
export interface ResourceRequestInfo {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses `/api/v1/...` and `/apis/{group}/{version}/...` resource paths; undefined for anything else. */
export function parseResourcePath(
  path: string,
): ResourceRequestInfo | undefined {
  const parts = path
    .split('/')
    .filter(p => p.length > 0)
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    return {
      group,
      version,
      namespace: rest[1],
      resource: rest[2],
      name: rest[3],
      subresource: rest[4],
    };
  }
  return {
    group,
    version,
    resource: rest[0],
    name: rest[1],
    subresource: rest[2],
  };
}
