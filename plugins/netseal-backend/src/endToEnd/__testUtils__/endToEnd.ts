import type { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import {
  KubeApiTestServer,
  KubeApiTestServerOptions,
  startKubeApiTestServer,
  TokenSpec,
} from '@netseal/kube-api-test-server';
import { stringify } from 'yaml';
import { netsealPlugin } from '../../plugin';
import { inMemoryDatabase } from '../../database/__testUtils__/inMemoryDatabase';
import netsealModuleGithub from '@netseal/backstage-plugin-netseal-backend-module-github';
import netsealModuleLocalGit from '@netseal/backstage-plugin-netseal-backend-module-local-git';

/** Bearer tokens the test cluster knows; any other is answered 401. */
export const clusterTokens = {
  admin: { token: 't-admin', username: 'admin', access: 'write' },
  reader: { token: 't-reader', username: 'netseal', access: 'read' },
  /** The rollout identity: writes NetworkPolicies. */
  rollout: { token: 't-rollout', username: 'netseal-rollout', access: 'write' },
  /** May read pods and namespaces, but not list NetworkPolicies. */
  noPolicies: {
    token: 't-no-policies',
    username: 'netseal-no-policies',
    access: 'read',
    resources: { 'networkpolicies.networking.k8s.io': 'none' },
  },
} satisfies Record<string, TokenSpec>;

export const PAYMENTS = 'component:default/payments';
export const policiesPath =
  '/api/netseal/entities/component/default/payments/policies';
export const historyPath =
  '/api/netseal/entities/component/default/payments/history';

/** A checkout pod in namespace shop, the peer allow-checkout lets reach payments. */
export const checkoutPodInShop = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'checkout-0',
    namespace: 'shop',
    labels: { app: 'checkout' },
  },
  spec: { containers: [{ name: 'checkout', image: 'checkout:1' }] },
  status: { phase: 'Running', podIP: '10.0.0.6' },
};

/**
 * Namespace shop with one payments pod, and the given policies; `extra` adds other
 * objects (namespaces, pods) as they are listed.
 */
export function seedFor(
  policies: NetworkPolicy[],
  extra: readonly object[] = [],
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'payments-0',
          namespace: 'shop',
          labels: { app: 'payments', 'backstage.io/kubernetes-id': 'payments' },
        },
        spec: { containers: [{ name: 'payments', image: 'payments:1' }] },
        status: { phase: 'Running', podIP: '10.0.0.5' },
      },
      ...policies,
      ...extra,
    ],
  });
}

/** A Kubernetes API test server over HTTPS that knows {@link clusterTokens}. */
export function startTestCluster(
  policies: NetworkPolicy[],
  extra: readonly object[] = [],
  /** Kinds the cluster serves beside the built-in ones, such as AdminNetworkPolicy. */
  extraResources?: KubeApiTestServerOptions['extraResources'],
): Promise<KubeApiTestServer> {
  return startKubeApiTestServer({
    port: 0,
    seed: seedFor(policies, extra),
    tokens: clusterTokens,
    extraResources,
  });
}

/** A Git repository of policy sources in a temporary directory. */
export interface PolicyRepository {
  root: string;
  /** Writes the files (path relative to the root: YAML text, or a policy to stringify) and commits them. */
  commit(files: Record<string, string | NetworkPolicy>, message?: string): void;
  /** Removes the files and commits the removal. */
  commitRemoval(paths: string[]): void;
  remove(): void;
}

export function createPolicyRepository(
  files: Record<string, string | NetworkPolicy>,
): PolicyRepository {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-e2e-'));
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args],
      { cwd: root },
    );
  git('init', '-q', '-b', 'main');
  const repository: PolicyRepository = {
    root,
    commit(changes, message = 'policies') {
      for (const [file, content] of Object.entries(changes)) {
        const target = path.join(root, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(
          target,
          typeof content === 'string' ? content : stringify(content),
        );
      }
      git('add', '.');
      git('commit', '-q', '-m', message);
    },
    commitRemoval(paths) {
      git('rm', '-q', '-r', ...paths);
      git('commit', '-q', '-m', 'remove policies');
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  repository.commit(files, 'sealed policies');
  return repository;
}

/** One entry of `netseal.clusters`, all on the same test server by default. */
export function clusterConfig(
  name: string,
  server: KubeApiTestServer,
  token: string = clusterTokens.reader.token,
  /** The rollout identity's token; rollouts to the cluster are refused without one. */
  rolloutToken?: string,
) {
  return {
    name,
    url: server.url,
    serviceAccountToken: token,
    caData: server.caData,
    ...(rolloutToken ? { rollout: { serviceAccountToken: rolloutToken } } : {}),
  };
}

export interface NetsealTestBackend {
  server: Server;
  stop(): Promise<void>;
  triggerTask(id: string): Promise<void>;
}

/**
 * A backend with the Netseal plugin, the local Git reader, Backstage's own URL readers
 * and a catalog holding component:default/payments, whose policy source is
 * `<repository>/payments` (or `policySourceUrl`) and whose pods carry
 * `backstage.io/kubernetes-id: payments`. Every scheduled task runs once at start-up,
 * despite initial delays; `triggerTask` runs one again and resolves when it is done
 * (`netseal-drift-sync` reads the policy sources and checks every entity,
 * `netseal-cluster-resync` re-lists the clusters).
 */
export async function startNetsealBackend(options: {
  /** A local policy repository, read by the local Git reader. */
  repository?: PolicyRepository;
  /** The policy source on a Git host instead, read through its `integrations` entry. */
  policySourceUrl?: string;
  clusters: ReturnType<typeof clusterConfig>[];
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /** Config under `netseal`. */
  config?: Record<string, unknown>;
  /** Config beside `netseal`, such as `integrations`. */
  rootConfig?: Record<string, unknown>;
  /** Catalog entities beside payments, such as users. */
  entities?: Entity[];
}): Promise<NetsealTestBackend> {
  const { repository } = options;
  const policySource =
    options.policySourceUrl ??
    (repository && `file://${path.join(repository.root, 'payments')}`);
  if (!policySource) {
    throw new Error('startNetsealBackend needs repository or policySourceUrl');
  }
  let scheduler: SchedulerService | undefined;
  const database = inMemoryDatabase();
  const backend = await startTestBackend({
    features: [
      netsealPlugin,
      // The Git hosts, as the demo backend installs them.
      netsealModuleLocalGit,
      netsealModuleGithub,
      database.factory,
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      // The mock scheduler the plugin received: its triggerTask runs a task to its end.
      createBackendModule({
        pluginId: 'netseal',
        moduleId: 'test-scheduler',
        register(env) {
          env.registerInit({
            deps: { pluginScheduler: coreServices.scheduler },
            async init({ pluginScheduler }) {
              scheduler = pluginScheduler;
            },
          });
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          // Where the portal is, as every Backstage app configures it.
          app: { baseUrl: 'http://localhost:3000' },
          ...options.rootConfig,
          netseal: {
            ...(repository
              ? { localGitReader: { allow: [repository.root] } }
              : {}),
            clusters: options.clusters,
            ...options.config,
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payments',
              namespace: 'default',
              annotations: {
                'netseal.io/policy-source': policySource,
                'backstage.io/kubernetes-id': 'payments',
              },
            },
            spec: { owner: 'group:default/payments-team' },
          },
          ...(options.entities ?? []),
        ],
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    stop: async () => {
      await backend.stop();
      await database.destroy();
    },
    triggerTask: (id: string) => scheduler!.triggerTask(id),
  };
}

/** Drift statuses of the entity's policies, `cluster/name` to status. */
export function statusesOf(body: {
  items?: { cluster: string; name: string; status: string }[];
}): Record<string, string> {
  return Object.fromEntries(
    (body.items ?? []).map(item => [
      `${item.cluster}/${item.name}`,
      item.status,
    ]),
  );
}

/** An in-place edit of allow-checkout through the API server, as `kubectl edit` makes it. */
export async function patchLivePolicy(
  server: KubeApiTestServer,
  patch: object,
): Promise<void> {
  await liveRequest(server, 'PATCH', '/allow-checkout', patch);
}

/** A write to namespace shop's NetworkPolicies with the admin token. */
export async function liveRequest(
  server: KubeApiTestServer,
  method: 'PATCH' | 'POST' | 'DELETE',
  suffix: string,
  body?: object,
): Promise<void> {
  const { status } = await adminRequest(
    server,
    method,
    `/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies${suffix}`,
    body,
  );
  if (status >= 300) {
    throw new Error(`${method} ${suffix} answered ${status}`);
  }
}

/** Any request to the test server as its admin, answered with its status and JSON body. */
export function adminRequest(
  server: KubeApiTestServer,
  method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE',
  apiPath: string,
  body?: object,
): Promise<{ status: number; body?: { [key: string]: unknown } }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(`${server.url}${apiPath}`),
      {
        method,
        ca: Buffer.from(server.caData, 'base64'),
        headers: {
          authorization: `Bearer ${clusterTokens.admin.token}`,
          'content-type':
            method === 'PATCH'
              ? 'application/merge-patch+json'
              : 'application/json',
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Namespace shop's NetworkPolicies as the cluster holds them, guards included. */
export async function livePolicies(
  server: KubeApiTestServer,
): Promise<NetworkPolicy[]> {
  const url = `${server.url}/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies`;
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(
        url,
        {
          ca: Buffer.from(server.caData, 'base64'),
          headers: { authorization: `Bearer ${clusterTokens.admin.token}` },
        },
        res => {
          let text = '';
          res.on('data', chunk => (text += chunk));
          res.on('end', () => resolve(text));
        },
      )
      .on('error', reject);
  });
  return (JSON.parse(body) as { items: NetworkPolicy[] }).items;
}

/** Makes namespace shop hold exactly `policies`, as a test that rolled out found it. */
export async function resetLivePolicies(
  server: KubeApiTestServer,
  policies: NetworkPolicy[],
): Promise<void> {
  for (const policy of await livePolicies(server)) {
    await liveRequest(server, 'DELETE', `/${policy.metadata.name}`);
  }
  for (const policy of policies) {
    await liveRequest(server, 'POST', '', policy);
  }
}
