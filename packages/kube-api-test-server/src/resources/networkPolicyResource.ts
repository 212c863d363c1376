import { KubeObject, isJsonObject } from '../api/types';
import { isDns1123Subdomain } from '../validation/nameValidation';
import { defaultNetworkPolicy } from './defaultNetworkPolicy';
import { networkPolicySchema } from './networkPolicySchema';
import { ResourceDefinition } from './ResourceDefinition';
import { formatLabelSelector } from './tableCells';
import { validateNetworkPolicySpec } from './validateNetworkPolicySpec';

/** networking.k8s.io/v1 networkpolicies, as pkg/registry/networking/networkpolicy serves them. */
export const networkPolicyResource: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'networkpolicies',
  kind: 'NetworkPolicy',
  listKind: 'NetworkPolicyList',
  singularName: 'networkpolicy',
  namespaced: true,
  shortNames: ['netpol'],
  verbs: [
    'create',
    'delete',
    'deletecollection',
    'get',
    'list',
    'patch',
    'update',
    'watch',
  ],
  schema: networkPolicySchema,
  tracksGeneration: true,
  returnDeletedObject: false,
  applyDefaults: defaultNetworkPolicy,
  validateName: isDns1123Subdomain,
  validate: validateNetworkPolicySpec,
  tableColumns: [
    {
      name: 'Pod-Selector',
      type: 'string',
      description:
        "podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in the policy's namespace.",
      cell: (policy: KubeObject) =>
        formatLabelSelector(
          isJsonObject(policy.spec) ? policy.spec.podSelector : undefined,
        ),
    },
  ],
};
