import {
  KubeApiTestServerOptions,
  startKubeApiTestServer,
} from '../startKubeApiTestServer';

/** The fleet seed: namespace `shop` with policies `allow-web` and `deny-all` and pod `web-0`. */
export const fleetSeed = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels: {team: shop}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: allow-web
    namespace: shop
    labels: {netseal.io/sealed: "true"}
  spec:
    podSelector:
      matchLabels: {app: web}
    ingress:
    - from:
      - namespaceSelector: {matchLabels: {team: front}}
      ports:
      - port: 8080
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: deny-all, namespace: shop}
  spec:
    podSelector: {}
    policyTypes: [Ingress, Egress]
- apiVersion: v1
  kind: Pod
  metadata: {name: web-0, namespace: shop, labels: {app: web}}
  spec:
    containers: [{name: web, image: nginx:1.27}]
  status: {phase: Running, podIP: 10.0.0.5}
`;

/** A server seeded with the fleet, a writer (`admin`) and a reader (`reader`). */
export function startFleetServer(options: KubeApiTestServerOptions = {}) {
  return startKubeApiTestServer({
    seed: fleetSeed,
    tokens: {
      admin: {
        username: 'kube-admin',
        groups: ['system:masters'],
        access: 'write',
      },
      reader: { username: 'alice', access: 'read' },
    },
    ...options,
  });
}
