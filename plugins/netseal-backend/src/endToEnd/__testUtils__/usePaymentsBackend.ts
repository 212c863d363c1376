import { ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { stringify } from 'yaml';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../../__fixtures__/sealedPolicies';
import {
  clusterConfig,
  clusterTokens,
  createPolicyRepository,
  NetsealTestBackend,
  PAYMENTS,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
  statusesOf,
} from './endToEnd';

/** allow-checkout with checkout reaching payments on another port, as YAML. */
export function allowCheckoutOnPort(port: number): string {
  const policy = structuredClone(allowCheckout);
  policy.spec.ingress![0].ports = [{ port }];
  return stringify(policy);
}

/** A request body replacing payments' allow-checkout in prod-eu with one on `port`. */
export function replaceAllowCheckoutOnPort(port: number) {
  return {
    entityRef: PAYMENTS,
    reason: `checkout moved to ${port}`,
    changes: [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        manifest: allowCheckoutOnPort(port),
      },
    ],
  };
}

/** A permissions service that denies one permission and allows every other. */
export function denyingPermission(name: string): ServiceFactory {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(({ permission }) => ({
        result:
          permission.name === name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  }).factory;
}

/**
 * The request route tests' set-up: one Kubernetes API test server as cluster `prod-eu`
 * for the whole file (payments' pod and sealed allow-checkout, plus `clusterExtra`), and
 * per test a policy repository and a backend on it, stopped and removed after the test.
 * `start` answers once allow-checkout is in sync, so a request can be filed at once,
 * unless told not to wait (for a backend that cannot read the policy source).
 */
export function usePaymentsBackend(
  options: {
    clusterExtra?: object[];
    clusterResources?: Parameters<typeof startTestCluster>[2];
  } = {},
) {
  let cluster: KubeApiTestServer | undefined;
  let repository: PolicyRepository | undefined;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster(
      [sealed(allowCheckout)],
      options.clusterExtra,
      options.clusterResources,
    );
  });

  afterEach(async () => {
    await backend?.stop();
    repository?.remove();
    backend = undefined;
    repository = undefined;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  return {
    /** The cluster, prod-eu, once `beforeAll` has run. */
    get cluster(): KubeApiTestServer {
      return cluster!;
    },
    async start(
      startOptions: Partial<Parameters<typeof startNetsealBackend>[0]> = {},
      {
        waitForSync = true,
        rolloutIdentity = false,
      }: {
        waitForSync?: boolean;
        /** Give prod-eu a rollout identity, so that merged requests roll out. */
        rolloutIdentity?: boolean;
      } = {},
    ) {
      repository =
        startOptions.repository ??
        createPolicyRepository({
          'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
        });
      backend = await startNetsealBackend({
        clusters: [
          clusterConfig(
            'prod-eu',
            cluster!,
            undefined,
            rolloutIdentity ? clusterTokens.rollout.token : undefined,
          ),
        ],
        ...startOptions,
        repository,
      });
      const server = backend.server;
      const { triggerTask } = backend;
      if (!waitForSync) {
        return { server, repo: repository, triggerTask };
      }
      await waitFor(async () => {
        const res = await request(server).get(policiesPath);
        return statusesOf(res.body)['prod-eu/allow-checkout'] === 'in-sync';
      }, 'allow-checkout in sync');
      return { server, repo: repository, triggerTask };
    },
  };
}
