import * as k8s from '@kubernetes/client-node';
import {
  AdmissionHook,
  KubeObject,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import {
  buildReachabilityModel,
  ClusterNamespace,
  ClusterPod,
  computeSeal,
  evaluateConnection,
  NetworkPolicy,
  RolloutChange,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import { createKubeConfig } from '../../clusters/createKubeConfig';
import {
  kubeRequest,
  TestCluster,
  testTokens,
} from '../../clusters/__testUtils__/testClusters';

/** A sealed policy of namespace shop, as it stands in Git: sealed label and seal. */
export function sealedPolicy(
  name: string,
  spec: NetworkPolicy['spec'],
): NetworkPolicy {
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'netseal.io/sealed': 'true' },
    },
    spec,
  };
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      annotations: { [SEAL_ANNOTATION]: computeSeal(policy) },
    },
  };
}

const from = (app: string) => ({
  podSelector: { matchLabels: { app } },
});

/** Old: checkout may reach payments on 8080. */
export const oldAllowPayments = sealedPolicy('allow-payments', {
  podSelector: { matchLabels: { app: 'payments' } },
  ingress: [{ from: [from('checkout')], ports: [{ port: 8080 }] }],
});

/** New: billing instead of checkout, so a swap without a guard would open payments to all. */
export const newAllowPayments = sealedPolicy('allow-payments', {
  podSelector: { matchLabels: { app: 'payments' } },
  ingress: [{ from: [from('billing')], ports: [{ port: 8080 }] }],
});

/** Unchanged by the request: checkout may send only to payments. */
export const checkoutEgress = sealedPolicy('checkout-egress', {
  podSelector: { matchLabels: { app: 'checkout' } },
  policyTypes: ['Egress'],
  egress: [{ to: [from('payments')] }],
});

export const replaceAllowPayments: RolloutChange = {
  op: 'replace',
  cluster: 'shop-eu',
  namespace: 'shop',
  name: 'allow-payments',
  oldPolicy: oldAllowPayments,
  newPolicy: newAllowPayments,
  newSeal: computeSeal(newAllowPayments),
};

const apps = ['payments', 'checkout', 'billing', 'search'];

function pod(app: string, index: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${app}-0`, namespace: 'shop', labels: { app } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: app, image: `${app}:1` }],
    },
    status: { phase: 'Running', podIP: `10.0.0.${index + 10}` },
  };
}

/** Namespace shop, one pod per app, and the given policies, as a server's seed. */
export function rolloutClusterSeed(policies: NetworkPolicy[]): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ...apps.map(pod),
    ...policies.map(policy => JSON.parse(JSON.stringify(policy))),
  ];
}

/** A cluster with namespace shop, one pod per app, and the given policies. */
export async function startRolloutCluster(
  policies: NetworkPolicy[],
  admission?: AdmissionHook,
): Promise<TestCluster> {
  const requests: string[] = [];
  const server = await startKubeApiTestServer({
    port: 0,
    clusterName: 'shop-eu',
    tokens: testTokens,
    admission,
    log: line => requests.push(line),
    seed: rolloutClusterSeed(policies),
  });
  return {
    name: 'shop-eu',
    server,
    requests,
    details: (token = testTokens.reader.token) => ({
      name: 'shop-eu',
      url: server.url,
      auth: { kind: 'token', token },
      caData: server.caData,
      rolloutAuth: { kind: 'token', token: testTokens.admin.token },
    }),
  };
}

/** The rollout identity's KubeConfig. */
export function rolloutKubeConfig(cluster: TestCluster): k8s.KubeConfig {
  const details = cluster.details();
  return createKubeConfig(details, details.rolloutAuth);
}

/** Namespace shop's NetworkPolicies, as the API server lists them. */
export async function livePolicies(
  cluster: TestCluster,
): Promise<NetworkPolicy[]> {
  const list = (await kubeRequest(
    cluster,
    'GET',
    '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies',
  )) as { items: NetworkPolicy[] };
  return list.items;
}

/** The namespaces and pods flows run between. */
export interface RolloutWorld {
  namespaces: ClusterNamespace[];
  pods: ClusterPod[];
}

/** The namespace and pods {@link rolloutClusterSeed} seeds. */
export const seededWorld: RolloutWorld = {
  namespaces: [{ name: 'shop' }],
  pods: apps.map((app, index) => ({
    namespace: 'shop',
    name: `${app}-0`,
    labels: { app },
    ips: [`10.0.0.${index + 10}`],
  })),
};

/**
 * Every pod-to-pod flow on TCP 8080 the policies allow, as `from -> to` (each pod named by
 * its app label), between the seeded pods or those of `world` (as a server lists them).
 */
export function allowedFlows(
  policies: NetworkPolicy[],
  world: RolloutWorld = seededWorld,
): Set<string> {
  const model = buildReachabilityModel({ ...world, policies });
  const nameOf = (listed: ClusterPod) => listed.labels?.app ?? listed.name;
  const flows = new Set<string>();
  for (const source of world.pods) {
    for (const destination of world.pods) {
      if (source === destination) continue;
      const verdict = evaluateConnection(model, {
        from: { pod: { namespace: source.namespace, name: source.name } },
        to: {
          pod: { namespace: destination.namespace, name: destination.name },
        },
        port: 8080,
      });
      if (verdict.allowed) {
        flows.add(`${nameOf(source)} -> ${nameOf(destination)}`);
      }
    }
  }
  return flows;
}

/**
 * The exposure check of DESIGN rule 2: the flows a state allows that none of the reviewed
 * policy sets (the old and the new) allows.
 */
export function unreviewedFlows(
  state: NetworkPolicy[],
  reviewed: NetworkPolicy[][],
  world: RolloutWorld = seededWorld,
): string[] {
  const allowed = reviewed.map(policies => allowedFlows(policies, world));
  return [...allowedFlows(state, world)].filter(
    flow => !allowed.some(flows => flows.has(flow)),
  );
}
