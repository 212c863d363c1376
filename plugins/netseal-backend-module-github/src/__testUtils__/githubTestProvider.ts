import { ConfigReader } from '@backstage/config';
import { OpenChangeInput } from '@netseal/backstage-plugin-netseal-node';
import { GithubChangeProvider } from '../GithubChangeProvider';
import { GithubFake } from '@netseal/github-api-fake';

export const TOKEN = 'ghs_test-token';

export const SEALED_WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
`;

/** A GitHub (github.com, or a GitHub Enterprise host) with one policy repository. */
export function githubWithPolicies(
  options: {
    enterprise?: boolean;
    token?: string;
    timeoutMs?: number;
    now?: () => Date;
  } = {},
) {
  const host = options.enterprise ? 'ghe.example.com' : 'github.com';
  const apiBaseUrl = options.enterprise
    ? 'https://ghe.example.com/api/v3'
    : 'https://api.github.com';
  const fake = new GithubFake({
    apiBaseUrl,
    webBaseUrl: `https://${host}`,
    owner: 'acme',
    repo: 'policies',
    token: TOKEN,
    files: {
      'README.md': '# Policies\n',
      'netpol/prod-eu/web.yaml': SEALED_WEB,
      'netpol/prod-eu/db.yaml': 'kind: NetworkPolicy\n',
    },
  });
  const config = new ConfigReader({
    integrations: {
      github: [
        {
          host,
          ...(options.enterprise ? { apiBaseUrl } : {}),
          token: options.token ?? TOKEN,
        },
      ],
    },
  });
  const provider = GithubChangeProvider.fromConfig(config, {
    timeoutMs: options.timeoutMs,
    now: options.now,
  });
  const policySourceUrl = `https://${host}/acme/policies/tree/main/netpol`;
  const input: OpenChangeInput = {
    requestId: 'r-12',
    policySourceUrl,
    branch: 'netseal/request-12',
    title: 'Netseal: let checkout reach web in shop',
    body: 'Reason: checkout calls web.\n\n<!-- netseal-request: r-12 -->',
    labels: ['netseal', 'netseal/replacement-request'],
    files: [
      { path: 'prod-eu/web.yaml', content: `${SEALED_WEB}# resealed\n` },
      { path: 'prod-eu/db.yaml', content: null },
    ],
    requester: { userEntityRef: 'user:default/jane', login: 'jane-gh' },
  };
  return { fake, provider, input, policySourceUrl };
}
