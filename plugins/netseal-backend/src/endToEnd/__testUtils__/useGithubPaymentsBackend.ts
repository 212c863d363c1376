import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import {
  GithubFake,
  registerGithubConformanceHooks,
} from '@netseal/github-api-fake';
import {
  checkoutPodInShop,
  clusterConfig,
  clusterTokens,
  NetsealTestBackend,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
  statusesOf,
} from './endToEnd';
import {
  GITHUB_POLICY_SOURCE_URL,
  githubIntegrations,
  githubPolicyRepository,
  loopbackOnly,
} from './githubPolicySource';

/**
 * The GitHub route tests' set-up: msw playing GitHub Enterprise (loopback calls pass),
 * one Kubernetes API test server as cluster `prod-eu` for the file (payments' sealed
 * allow-checkout and a checkout pod), and per test the acme/policies repository on the
 * fake holding `files` and a backend whose drift engine has read it. The catalog holds
 * Jane as Backstage's GitHub org ingestion writes her: with her GitHub login, jane-gh.
 * Every answer of the fake is held to GitHub's published description: a test that got
 * one the description does not allow fails.
 */
export function useGithubPaymentsBackend(
  files: Record<string, string | NetworkPolicy>,
  seededPolicies: NetworkPolicy[],
) {
  const github = setupServer();
  let cluster: KubeApiTestServer | undefined;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    github.listen({ onUnhandledRequest: loopbackOnly });
    // A checkout pod beside payments, so that moving the port closes and opens a flow.
    cluster = await startTestCluster(seededPolicies, [checkoutPodInShop]);
  });

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    github.resetHandlers();
  });
  // After the backend stopped, so its last calls to GitHub are checked too.
  registerGithubConformanceHooks();

  afterAll(async () => {
    github.close();
    await cluster?.stop();
  });

  return {
    /** The cluster, prod-eu, once `beforeAll` has run. */
    get cluster(): KubeApiTestServer {
      return cluster!;
    },
    async start(
      options: {
        /** Config under `netseal`. */
        config?: Record<string, unknown>;
        /** Config beside `netseal` and `integrations`, such as `events`. */
        rootConfig?: Record<string, unknown>;
        features?: Parameters<typeof startNetsealBackend>[0]['features'];
        /** Give prod-eu a rollout identity, so that merged requests roll out. */
        rolloutIdentity?: boolean;
      } = {},
    ): Promise<{ fake: GithubFake } & NetsealTestBackend> {
      const fake = githubPolicyRepository(files);
      github.use(...fake.handlers());
      backend = await startNetsealBackend({
        policySourceUrl: GITHUB_POLICY_SOURCE_URL,
        rootConfig: {
          ...options.rootConfig,
          integrations: githubIntegrations(),
        },
        clusters: [
          clusterConfig(
            'prod-eu',
            cluster!,
            undefined,
            options.rolloutIdentity ? clusterTokens.rollout.token : undefined,
          ),
        ],
        config: options.config,
        features: options.features,
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: {
              name: 'jane',
              namespace: 'default',
              annotations: { 'github.com/user-login': 'jane-gh' },
            },
            spec: {},
          },
        ],
      });
      const server = backend.server;
      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return statusesOf(res.body)['prod-eu/allow-checkout'] === 'in-sync';
      }, 'allow-checkout read from GitHub and in sync');
      return { fake, ...backend };
    },
  };
}
