import { KubeObject, isJsonObject } from '../api/types';
import {
  defaultValidatingAdmissionPolicy,
  defaultValidatingAdmissionPolicyBinding,
  validateValidatingAdmissionPolicy,
  validateValidatingAdmissionPolicyBinding,
} from '../validation/validateAdmissionPolicy';
import { isDns1123Subdomain } from '../validation/nameValidation';
import {
  validatingAdmissionPolicyBindingSchema,
  validatingAdmissionPolicySchema,
} from './admissionPolicySchemas';
import { ResourceDefinition } from './ResourceDefinition';

const verbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function spec(object: KubeObject) {
  return isJsonObject(object.spec) ? object.spec : {};
}

/** admissionregistration.k8s.io/v1 validatingadmissionpolicies, cluster-scoped. */
export const validatingAdmissionPolicyResource: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  resource: 'validatingadmissionpolicies',
  kind: 'ValidatingAdmissionPolicy',
  listKind: 'ValidatingAdmissionPolicyList',
  singularName: 'validatingadmissionpolicy',
  namespaced: false,
  shortNames: [],
  categories: ['api-extensions'],
  verbs,
  schema: validatingAdmissionPolicySchema,
  tracksGeneration: true,
  returnDeletedObject: false,
  applyDefaults: defaultValidatingAdmissionPolicy,
  prepareForCreate: policy => {
    delete policy.status;
  },
  prepareForUpdate: (policy, old) => {
    if (old.status !== undefined) policy.status = old.status;
    else delete policy.status;
  },
  validateName: isDns1123Subdomain,
  validate: validateValidatingAdmissionPolicy,
  tableColumns: [
    {
      name: 'Validations',
      type: 'integer',
      description: 'Number of validations',
      cell: policy => {
        const validations = spec(policy).validations;
        return Array.isArray(validations) ? validations.length : 0;
      },
    },
    {
      name: 'ParamKind',
      type: 'string',
      description: 'ParamKind of the policy',
      cell: policy => {
        const paramKind = spec(policy).paramKind;
        return isJsonObject(paramKind)
          ? `${String(paramKind.apiVersion)}/${String(paramKind.kind)}`
          : '<unset>';
      },
    },
  ],
};

/** admissionregistration.k8s.io/v1 validatingadmissionpolicybindings, cluster-scoped. */
export const validatingAdmissionPolicyBindingResource: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  resource: 'validatingadmissionpolicybindings',
  kind: 'ValidatingAdmissionPolicyBinding',
  listKind: 'ValidatingAdmissionPolicyBindingList',
  singularName: 'validatingadmissionpolicybinding',
  namespaced: false,
  shortNames: [],
  categories: ['api-extensions'],
  verbs,
  schema: validatingAdmissionPolicyBindingSchema,
  tracksGeneration: true,
  returnDeletedObject: false,
  applyDefaults: defaultValidatingAdmissionPolicyBinding,
  validateName: isDns1123Subdomain,
  validate: validateValidatingAdmissionPolicyBinding,
  tableColumns: [
    {
      name: 'PolicyName',
      type: 'string',
      description: 'Policy Name',
      cell: binding => String(spec(binding).policyName ?? ''),
    },
    {
      name: 'ParamRef',
      type: 'string',
      description: 'Param Ref',
      cell: binding => {
        const ref = spec(binding).paramRef;
        if (!isJsonObject(ref) || !ref.name) return '<unset>';
        return ref.namespace
          ? `${String(ref.namespace)}/${String(ref.name)}`
          : `*/${String(ref.name)}`;
      },
    },
  ],
};
