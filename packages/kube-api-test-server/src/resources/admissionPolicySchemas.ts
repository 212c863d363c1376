import { ArraySchema, FieldSchema, ObjectSchema } from '../schema/FieldSchema';
import {
  labelSelectorSchema,
  objectMetaSchema,
} from '../schema/objectMetaSchema';

const atomicStrings: ArraySchema = {
  type: 'array',
  presence: 'omitempty',
  listType: 'atomic',
  items: { type: 'string' },
};

const ruleWithOperations: ObjectSchema = {
  type: 'object',
  goType: 'NamedRuleWithOperations',
  properties: {
    resourceNames: atomicStrings,
    operations: atomicStrings,
    apiGroups: atomicStrings,
    apiVersions: atomicStrings,
    resources: atomicStrings,
    scope: { type: 'string', presence: 'pointer' },
  },
};

const atomicList = (items: FieldSchema): ArraySchema => ({
  type: 'array',
  presence: 'omitempty',
  listType: 'atomic',
  items,
});

const mergedByName = (items: FieldSchema): ArraySchema => ({
  type: 'array',
  presence: 'omitempty',
  patchStrategy: 'merge',
  patchMergeKey: 'name',
  listType: 'map',
  listMapKeys: ['name'],
  items,
});

/** admissionregistration/v1 MatchResources. */
export const matchResourcesSchema: ObjectSchema = {
  type: 'object',
  goType: 'MatchResources',
  presence: 'pointer',
  mapType: 'atomic',
  properties: {
    namespaceSelector: labelSelectorSchema('pointer'),
    objectSelector: labelSelectorSchema('pointer'),
    resourceRules: atomicList(ruleWithOperations),
    excludeResourceRules: atomicList(ruleWithOperations),
    matchPolicy: { type: 'string', presence: 'pointer' },
  },
};

const expressionObject = (
  goType: string,
  properties: Record<string, FieldSchema>,
): ObjectSchema => ({ type: 'object', goType, properties });

/** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy. */
export const validatingAdmissionPolicySchema: ObjectSchema = {
  type: 'object',
  goType: 'ValidatingAdmissionPolicy',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      goType: 'ValidatingAdmissionPolicySpec',
      presence: 'always',
      properties: {
        paramKind: {
          type: 'object',
          goType: 'ParamKind',
          presence: 'pointer',
          mapType: 'atomic',
          properties: {
            apiVersion: { type: 'string', presence: 'omitempty' },
            kind: { type: 'string', presence: 'omitempty' },
          },
        },
        matchConstraints: matchResourcesSchema,
        validations: atomicList(
          expressionObject('Validation', {
            expression: { type: 'string', presence: 'always' },
            message: { type: 'string', presence: 'omitempty' },
            reason: { type: 'string', presence: 'pointer' },
            messageExpression: { type: 'string', presence: 'omitempty' },
          }),
        ),
        failurePolicy: { type: 'string', presence: 'pointer' },
        auditAnnotations: atomicList(
          expressionObject('AuditAnnotation', {
            key: { type: 'string', presence: 'always' },
            valueExpression: { type: 'string', presence: 'always' },
          }),
        ),
        matchConditions: mergedByName(
          expressionObject('MatchCondition', {
            name: { type: 'string', presence: 'always' },
            expression: { type: 'string', presence: 'always' },
          }),
        ),
        variables: atomicList(
          expressionObject('Variable', {
            name: { type: 'string', presence: 'always' },
            expression: { type: 'string', presence: 'always' },
          }),
        ),
      },
    },
    status: {
      type: 'object',
      goType: 'ValidatingAdmissionPolicyStatus',
      presence: 'omitempty',
      preserveUnknownFields: true,
      properties: {
        observedGeneration: {
          type: 'integer',
          format: 'int64',
          presence: 'omitempty',
        },
      },
    },
  },
};

/** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding. */
export const validatingAdmissionPolicyBindingSchema: ObjectSchema = {
  type: 'object',
  goType: 'ValidatingAdmissionPolicyBinding',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      goType: 'ValidatingAdmissionPolicyBindingSpec',
      presence: 'always',
      properties: {
        policyName: { type: 'string', presence: 'omitempty' },
        paramRef: {
          type: 'object',
          goType: 'ParamRef',
          presence: 'pointer',
          properties: {
            name: { type: 'string', presence: 'omitempty' },
            namespace: { type: 'string', presence: 'omitempty' },
            selector: labelSelectorSchema('pointer'),
            parameterNotFoundAction: { type: 'string', presence: 'pointer' },
          },
        },
        matchResources: matchResourcesSchema,
        validationActions: {
          type: 'array',
          presence: 'omitempty',
          listType: 'set',
          items: { type: 'string' },
        },
      },
    },
  },
};
