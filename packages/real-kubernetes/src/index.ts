/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and
 * kube-controller-manager built from upstream's published Go modules and started on
 * 127.0.0.1 by scripts/real-kubernetes.sh.
 *
 * @packageDocumentation
 */

export {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  startRealKubernetes,
} from './startRealKubernetes';
export type {
  RealKubernetes,
  RealKubernetesContext,
  StartRealKubernetesOptions,
} from './startRealKubernetes';
export { seedRealKubernetes } from './seedRealKubernetes';
