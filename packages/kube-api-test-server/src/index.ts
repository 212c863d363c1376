/**
 * A Kubernetes API test server: the real REST paths and JSON of namespaces, pods and
 * networking.k8s.io/v1 NetworkPolicies, for tests, demos and benchmarks without a cluster.
 *
 * @packageDocumentation
 */

export { startKubeApiTestServer } from './startKubeApiTestServer';
export type {
  KubeApiTestServer,
  KubeApiTestServerOptions,
} from './startKubeApiTestServer';
export type {
  AdmissionAttributes,
  AdmissionHook,
  AdmissionResult,
} from './server/admission';
export type {
  AdmissionAuditEvent,
  PolicyAdmissionResult,
} from './policy/ValidatingAdmissionPolicyEvaluator';
export type { AccessLevel, TokenSpec } from './auth/TokenRegistry';
export { FaultController } from './faults/FaultController';
export type { FaultRule, FaultSettings } from './faults/FaultController';
export type {
  ResourceDefinition,
  TableColumn,
} from './resources/ResourceDefinition';
export type { FieldError, FieldErrorType } from './api/fieldErrors';
export { fieldError } from './api/fieldErrors';
export type {
  Status,
  StatusCause,
  StatusDetails,
  StatusReason,
} from './api/status';
export type {
  KubeObject,
  ObjectMeta,
  UserInfo,
  JsonValue,
  JsonObject,
} from './api/types';
export { parseSeed } from './seed/parseSeed';
export { main } from './main';
export {
  networkPolicyApiResources,
  ciliumNetworkPolicyResources,
  calicoNetworkPolicyResources,
} from './resources/networkPolicyApiResources';
