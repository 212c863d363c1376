import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { seedRealKubernetes } from './seedRealKubernetes';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  startRealKubernetes,
} from './startRealKubernetes';

jest.setTimeout(60_000);

describe('seedRealKubernetes', () => {
  let real: RealKubernetes;
  const namespace = `seeded-${randomBytes(3).toString('hex')}`;
  // The demo's seed format: a List, a pod with the status a kubelet would report.
  const seed = `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: payments-allow-checkout, namespace: ${namespace}, labels: {netseal.io/sealed: 'true'}}
    spec:
      podSelector: {matchLabels: {app: payments}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: checkout}}}]
          ports: [{port: 8443}]
  - apiVersion: v1
    kind: Pod
    metadata: {name: payments-0, namespace: ${namespace}, labels: {app: payments}}
    spec:
      containers: [{name: payments, image: payments:1.4}]
    status: {phase: Running, podIP: 10.20.0.5, podIPs: [{ip: 10.20.0.5}]}
`;

  beforeAll(async () => {
    real = await startRealKubernetes();
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    await real?.deleteNamespace(namespace);
    await real?.stop();
  });

  it('creates the namespace, the policy and the pod with its reported status', async () => {
    const written = await seedRealKubernetes(real.kubeConfig(), seed);
    expect(written).toEqual([
      `Namespace ${namespace}`,
      `NetworkPolicy ${namespace}/payments-allow-checkout`,
      `Pod ${namespace}/payments-0`,
    ]);
    const pod = await real
      .kubeConfig('reader')
      .makeApiClient(k8s.CoreV1Api)
      .readNamespacedPod({ namespace, name: 'payments-0' });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.podIP).toBe('10.20.0.5');
    // Sent as written: client-node's models would have dropped `from` (theirs is `_from`).
    const policy = await real
      .kubeConfig('reader')
      .makeApiClient(k8s.NetworkingV1Api)
      .readNamespacedNetworkPolicy({
        namespace,
        name: 'payments-allow-checkout',
      });
    expect(policy.spec?.ingress?.[0]._from).toEqual([
      { podSelector: { matchLabels: { app: 'checkout' } } },
    ]);
  });

  it('leaves what exists as it is when seeded again', async () => {
    const written = await seedRealKubernetes(real.kubeConfig(), seed);
    expect(written).toContain(
      `Pod ${namespace}/payments-0 (already there, left as it is)`,
    );
  });
});
