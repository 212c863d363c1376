import { InputError } from '@backstage/errors';

/** Where a policy source lives on GitHub. */
export interface GithubPolicySource {
  host: string;
  owner: string;
  repo: string;
  /** The branch in the URL's `/tree/<ref>/`, or undefined for the default branch. */
  ref?: string;
  /** The policy source's folder in the repository, without slashes at either end. */
  path: string;
}

/**
 * Reads `https://<host>/<owner>/<repo>[/tree/<ref>[/<path>]]`, the form Backstage's
 * GitHub integration reads. As there, a ref holding `/` cannot be told from the path,
 * so the ref is the first segment after `tree`.
 */
export function parseGithubPolicySourceUrl(
  policySourceUrl: string,
): GithubPolicySource {
  const refuse = (why: string): never => {
    throw new InputError(
      `policySourceUrl ${policySourceUrl} ${why}; use one like https://github.com/acme/policies/tree/main/netpol`,
    );
  };
  let url: URL;
  try {
    url = new URL(policySourceUrl);
  } catch {
    return refuse('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    refuse('is not an http(s) URL');
  }
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(segment => decodeURIComponent(segment));
  const [owner, rawRepo, kind, ref, ...rest] = segments;
  if (!owner || !rawRepo) refuse('names no owner and repository');
  const repo = rawRepo.replace(/\.git$/, '');
  if (kind !== undefined && kind !== 'tree' && kind !== 'blob') {
    refuse(`has "${kind}" where "tree" belongs`);
  }
  if (kind !== undefined && !ref) refuse('names no branch after "tree"');
  return { host: url.host, owner, repo, ref, path: rest.join('/') };
}
