import { InputError } from '@backstage/errors';
import {
  DELETE_EXCEPTION_KEY_PREFIX,
  GUARD_MATCH_CONDITION,
  GUARD_VALIDATIONS,
  GUARD_VARIABLES,
  ROLLOUT_USER_KEY,
} from './guardCel';
import { GuardManifest } from './GuardManifest';
import { GUARD_NAMES, GUARD_VERSION_LABEL } from './guardNames';
import { guardUsernameProblem } from './guardUsernameProblem';

/**
 * The version of the objects {@link buildGuardManifests} makes, carried by each of them in
 * the `netseal.io/guard-version` label so that a cluster's guard can be told current or
 * outdated. Bump it whenever the generated objects change.
 *
 * @public
 */
export const GUARD_VERSION = '1';

/** @public */
export interface GuardManifestOptions {
  /** The username the cluster authenticates Netseal's rollout identity as. */
  rolloutUser: string;
  /**
   * Further usernames that may delete sealed policies, such as a cluster's break-glass
   * administrator. The namespace controller always may, so that namespaces can be deleted.
   */
  deleteExceptions?: string[];
}

function checkUsername(field: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new InputError(
      `${field} must be a string: give the Kubernetes username`,
    );
  }
  const problem = guardUsernameProblem(value);
  if (problem) {
    throw new InputError(`${field} ${problem}`);
  }
}

/**
 * The admission guard of one cluster, in apply order: its namespace, the ConfigMap of its
 * parameters, the ValidatingAdmissionPolicy and its binding. Only the rollout identity may
 * create or seal a sealed NetworkPolicy; nobody may change a sealed policy's spec or labels
 * (metadata such as annotations and finalizers stays writable, so GitOps tools and
 * controllers keep working); and only the rollout identity, the namespace controller and
 * the delete exceptions may delete one.
 *
 * Throws an `InputError` naming the field when a username is empty or implausible.
 *
 * @public
 */
export function buildGuardManifests(
  options: GuardManifestOptions,
): GuardManifest[] {
  const deleteExceptions = options.deleteExceptions ?? [];
  checkUsername('rolloutUser', options.rolloutUser);
  deleteExceptions.forEach((user, index) =>
    checkUsername(`deleteExceptions[${index}]`, user),
  );

  const labels = () => ({
    'app.kubernetes.io/managed-by': 'netseal',
    [GUARD_VERSION_LABEL]: GUARD_VERSION,
  });
  const data: Record<string, string> = {
    [ROLLOUT_USER_KEY]: options.rolloutUser,
  };
  deleteExceptions.forEach((user, index) => {
    data[`${DELETE_EXCEPTION_KEY_PREFIX}${index}`] = user;
  });

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: GUARD_NAMES.paramsNamespace, labels: labels() },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: GUARD_NAMES.params,
        namespace: GUARD_NAMES.paramsNamespace,
        labels: labels(),
      },
      data,
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: GUARD_NAMES.policy, labels: labels() },
      spec: {
        failurePolicy: 'Fail',
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
        matchConditions: [{ ...GUARD_MATCH_CONDITION }],
        variables: GUARD_VARIABLES.map(variable => ({ ...variable })),
        validations: GUARD_VALIDATIONS.map(validation => ({ ...validation })),
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: GUARD_NAMES.binding, labels: labels() },
      spec: {
        policyName: GUARD_NAMES.policy,
        paramRef: {
          name: GUARD_NAMES.params,
          namespace: GUARD_NAMES.paramsNamespace,
          parameterNotFoundAction: 'Deny',
        },
        validationActions: ['Deny', 'Audit'],
      },
    },
  ];
}
