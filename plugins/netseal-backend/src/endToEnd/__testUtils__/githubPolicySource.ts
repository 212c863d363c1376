import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { stringify } from 'yaml';
import { GithubFake } from '@netseal/github-api-fake';

/** A GitHub Enterprise host, as an adopter's `integrations.github` names it. */
export const GITHUB_HOST = 'ghe.example';
export const GITHUB_API_BASE_URL = `https://${GITHUB_HOST}/api/v3`;
export const GITHUB_TOKEN = 'ghp_netseal-try-token';
/** The payments entity's policy source: folder `payments` of acme/policies on main. */
export const GITHUB_POLICY_SOURCE_URL = `https://${GITHUB_HOST}/acme/policies/tree/main/payments`;

/** `integrations` config for the host, with a token, as an adopter writes it. */
export function githubIntegrations(token: string = GITHUB_TOKEN) {
  return {
    github: [{ host: GITHUB_HOST, apiBaseUrl: GITHUB_API_BASE_URL, token }],
  };
}

/**
 * The policy repository acme/policies on the GitHub Enterprise fake, holding `files`
 * (path from the repository's root: YAML text, or a policy to stringify) on main.
 */
export function githubPolicyRepository(
  files: Record<string, string | NetworkPolicy>,
): GithubFake {
  return new GithubFake({
    apiBaseUrl: GITHUB_API_BASE_URL,
    webBaseUrl: `https://${GITHUB_HOST}`,
    owner: 'acme',
    repo: 'policies',
    token: GITHUB_TOKEN,
    files: Object.fromEntries(
      Object.entries(files).map(([path, content]) => [
        path,
        typeof content === 'string' ? content : stringify(content),
      ]),
    ),
  });
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * msw's `onUnhandledRequest` for end-to-end runs: calls to loopback addresses (the
 * backend, the Kubernetes API test server) pass through; any other address is refused,
 * so nothing leaves the machine.
 */
export function loopbackOnly(request: Request): void {
  if (isLoopback(new URL(request.url))) return;
  throw new Error(
    `${request.method} ${request.url} is neither a loopback address nor answered by the GitHub fake; nothing may call other addresses`,
  );
}
