import { KubeObject } from '../api/types';

/** The rollout identity the guard's ConfigMap names. */
export const rolloutUser = 'netseal-rollout';

const sealed =
  "oldObject != null && has(oldObject.metadata.labels) && 'netseal.io/sealed' in oldObject.metadata.labels && oldObject.metadata.labels['netseal.io/sealed'] == 'true'";

/** A guard on sealed NetworkPolicies: only the rollout identity may change their spec or delete them. */
export function sealGuardPolicy(
  overrides: { failurePolicy?: string; extraValidation?: string } = {},
): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'netseal-guard' },
    spec: {
      ...(overrides.failurePolicy
        ? { failurePolicy: overrides.failurePolicy }
        : {}),
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['networking.k8s.io'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE', 'DELETE'],
            resources: ['networkpolicies'],
          },
        ],
      },
      matchConditions: [{ name: 'sealed-objects', expression: sealed }],
      variables: [
        {
          name: 'isRollout',
          expression: 'request.userInfo.username == params.data.rolloutUser',
        },
      ],
      validations: [
        {
          expression:
            "request.operation != 'UPDATE' || object.spec == oldObject.spec || variables.isRollout",
          messageExpression:
            "'sealed NetworkPolicy ' + oldObject.metadata.name + ' may change only through a rollout by ' + params.data.rolloutUser",
          reason: 'Forbidden',
        },
        {
          expression:
            "request.operation != 'DELETE' || (object == null && variables.isRollout)",
          message:
            'sealed NetworkPolicies are deleted only by the rollout identity',
          reason: 'Forbidden',
        },
        ...(overrides.extraValidation
          ? [{ expression: overrides.extraValidation }]
          : []),
      ],
    },
  };
}

/** The binding of the guard to its ConfigMap in `netseal-system`. */
export function sealGuardBinding(
  validationActions: string[] = ['Deny'],
): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'netseal-guard' },
    spec: {
      policyName: 'netseal-guard',
      validationActions,
      paramRef: {
        name: 'netseal-guard',
        namespace: 'netseal-system',
        parameterNotFoundAction: 'Deny',
      },
    },
  };
}

/** The guard's parameters and the namespace that holds them. */
export const sealGuardParams: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'netseal-system' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'netseal-guard', namespace: 'netseal-system' },
    data: { rolloutUser },
  },
];
