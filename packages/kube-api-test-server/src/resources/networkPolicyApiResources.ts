import { KubeObject, isJsonObject } from '../api/types';
import { ObjectSchema } from '../schema/FieldSchema';
import { objectMetaSchema } from '../schema/objectMetaSchema';
import { isDns1123Subdomain } from '../validation/nameValidation';
import { ResourceDefinition } from './ResourceDefinition';

// Cluster-scoped network policy kinds, served as their CustomResourceDefinitions serve
// them: kubernetes-sigs/network-policy-api's AdminNetworkPolicy and
// BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and ClusterNetworkPolicy
// (v1alpha2), and Cilium's and Calico's own kinds. Their specs are kept as sent: this
// server stores and lists them for clients that read them, and enforces none of them.

function crdSchema(goType: string): ObjectSchema {
  return {
    type: 'object',
    goType,
    properties: {
      apiVersion: { type: 'string', presence: 'omitempty' },
      kind: { type: 'string', presence: 'omitempty' },
      metadata: objectMetaSchema,
      spec: { type: 'any', presence: 'omitempty' },
      status: { type: 'any', presence: 'omitempty' },
    },
  };
}

const CRD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function specField(object: KubeObject, field: string): string {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const value = spec[field];
  return value === undefined ? '' : String(value);
}

function customResource(options: {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  shortNames?: string[];
  validateName?: (name: string) => string[];
  columns?: string[];
}): ResourceDefinition {
  return {
    group: options.group,
    version: options.version,
    resource: options.resource,
    kind: options.kind,
    listKind: `${options.kind}List`,
    singularName: options.kind.toLowerCase(),
    namespaced: options.namespaced,
    shortNames: options.shortNames ?? [],
    verbs: CRD_VERBS,
    schema: crdSchema(options.kind),
    tracksGeneration: true,
    returnDeletedObject: true,
    validateName: options.validateName ?? isDns1123Subdomain,
    tableColumns: (options.columns ?? []).map(field => ({
      name: field.charAt(0).toUpperCase() + field.slice(1),
      type: 'string',
      description: `spec.${field}`,
      cell: (object: KubeObject) => specField(object, field),
    })),
  };
}

/** AdminNetworkPolicy, policy.networking.k8s.io/v1alpha1. */
export const adminNetworkPolicyResource = customResource({
  group: 'policy.networking.k8s.io',
  version: 'v1alpha1',
  kind: 'AdminNetworkPolicy',
  resource: 'adminnetworkpolicies',
  namespaced: false,
  shortNames: ['anp'],
  columns: ['priority'],
});

/** BaselineAdminNetworkPolicy, a singleton named default, as its CRD's validation says. */
export const baselineAdminNetworkPolicyResource = customResource({
  group: 'policy.networking.k8s.io',
  version: 'v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  resource: 'baselineadminnetworkpolicies',
  namespaced: false,
  shortNames: ['banp'],
  validateName: name =>
    name === 'default'
      ? []
      : [
          'Only one baseline admin network policy with metadata.name="default" can be created in the cluster',
        ],
});

/** ClusterNetworkPolicy, policy.networking.k8s.io/v1alpha2, with its Admin and Baseline tiers. */
export const clusterNetworkPolicyResource = customResource({
  group: 'policy.networking.k8s.io',
  version: 'v1alpha2',
  kind: 'ClusterNetworkPolicy',
  resource: 'clusternetworkpolicies',
  namespaced: false,
  shortNames: ['cnp'],
  columns: ['tier', 'priority'],
});

/** Cilium's CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy. */
export const ciliumNetworkPolicyResources = [
  customResource({
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumNetworkPolicy',
    resource: 'ciliumnetworkpolicies',
    namespaced: true,
    shortNames: ['cnp', 'ciliumnp'],
  }),
  customResource({
    group: 'cilium.io',
    version: 'v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    resource: 'ciliumclusterwidenetworkpolicies',
    namespaced: false,
    shortNames: ['ccnp'],
  }),
];

/** Calico's NetworkPolicy (namespaced) and GlobalNetworkPolicy, as its CRDs serve them. */
export const calicoNetworkPolicyResources = [
  customResource({
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    namespaced: true,
  }),
  customResource({
    group: 'crd.projectcalico.org',
    version: 'v1',
    kind: 'GlobalNetworkPolicy',
    resource: 'globalnetworkpolicies',
    namespaced: false,
  }),
];

/**
 * The network-policy-api kinds (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy), for `extraResources`: a cluster with that API installed.
 */
export function networkPolicyApiResources(): ResourceDefinition[] {
  return [
    adminNetworkPolicyResource,
    baselineAdminNetworkPolicyResource,
    clusterNetworkPolicyResource,
  ];
}
