import * as k8s from '@kubernetes/client-node';
import {
  AdmissionHook,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import {
  buildReachabilityModel,
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
    seed: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      ...apps.map(pod),
      ...policies.map(policy => JSON.parse(JSON.stringify(policy))),
    ],
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

/** Every pod-to-pod flow on TCP 8080 the policies allow, as `from -> to`. */
export function allowedFlows(policies: NetworkPolicy[]): Set<string> {
  const model = buildReachabilityModel({
    namespaces: [{ name: 'shop' }],
    pods: apps.map((app, index) => ({
      namespace: 'shop',
      name: `${app}-0`,
      labels: { app },
      ips: [`10.0.0.${index + 10}`],
    })),
    policies,
  });
  const flows = new Set<string>();
  for (const source of apps) {
    for (const destination of apps) {
      if (source === destination) continue;
      const verdict = evaluateConnection(model, {
        from: { pod: { namespace: 'shop', name: `${source}-0` } },
        to: { pod: { namespace: 'shop', name: `${destination}-0` } },
        port: 8080,
      });
      if (verdict.allowed) flows.add(`${source} -> ${destination}`);
    }
  }
  return flows;
}
