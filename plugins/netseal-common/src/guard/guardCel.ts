import { SEALED_LABEL } from '../constants';
import { SEALED_LABEL_VALUE } from '../seal/sealedLabelProblem';
import { NAMESPACE_CONTROLLER_USER } from './guardNames';

/**
 * The CEL of the guard's ValidatingAdmissionPolicy, kept apart from the objects around it
 * so that the rules can be read (and test-evaluated) on their own. Only standard CEL and
 * what Kubernetes offers; `has()` guards every optional field, because indexing a missing
 * one is an error, and an error in an admission policy with failurePolicy Fail denies.
 */

/** A CEL string literal (JSON's escapes are CEL's). */
function celString(text: string): string {
  return JSON.stringify(text);
}

/** The ConfigMap key of the rollout identity's username. */
export const ROLLOUT_USER_KEY = 'rolloutUser';

/** The prefix of the ConfigMap keys of the delete exceptions: `deleteException.0`, ... */
export const DELETE_EXCEPTION_KEY_PREFIX = 'deleteException.';

/** Whether `objectName` (`object` or `oldObject`, null when absent) carries the sealed label. */
function isSealed(objectName: 'object' | 'oldObject'): string {
  const labels = `${objectName}.metadata.labels`;
  const label = celString(SEALED_LABEL);
  return (
    `${objectName} != null && has(${labels}) && ` +
    `${label} in ${labels} && ${labels}[${label}] == ${celString(
      SEALED_LABEL_VALUE,
    )}`
  );
}

/** The one match condition: the request concerns a sealed object, before or after. */
export const GUARD_MATCH_CONDITION = {
  name: 'sealed-object-or-old-object',
  expression: `(${isSealed('object')}) ||\n(${isSealed('oldObject')})`,
};

/** Shared sub-expressions, referred to as `variables.<name>`; Kubernetes evaluates them lazily. */
export const GUARD_VARIABLES = [
  { name: 'objectIsSealed', expression: isSealed('object') },
  { name: 'oldObjectIsSealed', expression: isSealed('oldObject') },
  {
    name: 'isRollout',
    expression:
      `has(params.data) && ${celString(ROLLOUT_USER_KEY)} in params.data && ` +
      `params.data[${celString(
        ROLLOUT_USER_KEY,
      )}] == request.userInfo.username`,
  },
  {
    name: 'isNamespaceController',
    expression: `request.userInfo.username == ${celString(
      NAMESPACE_CONTROLLER_USER,
    )}`,
  },
  {
    name: 'isDeleteException',
    expression:
      `has(params.data) && params.data.exists(key, ` +
      `key.startsWith(${celString(DELETE_EXCEPTION_KEY_PREFIX)}) && ` +
      `params.data[key] == request.userInfo.username)`,
  },
  {
    name: 'specChanged',
    expression: `object != null && oldObject != null && object.spec != oldObject.spec`,
  },
  {
    name: 'labelsChanged',
    expression:
      `object != null && oldObject != null && (\n` +
      `  has(object.metadata.labels) != has(oldObject.metadata.labels) ||\n` +
      `  (has(object.metadata.labels) && object.metadata.labels != oldObject.metadata.labels)\n)`,
  },
  {
    name: 'policyName',
    expression: `request.namespace + "/" + (object != null ? object : oldObject).metadata.name`,
  },
];

/** How every refusal ends: what the person can do instead. */
export const GUARD_MESSAGE_ADVICE =
  "Sealed policies are replaced only by Netseal's rollout; use the Netseal portal or open a replacement request.";

interface GuardRule {
  /** The rule as a CEL expression that must be true for the request to be admitted. */
  expression: string;
  /** What was refused; when `byUser`, it follows the requesting user's name. */
  refusal: string;
  byUser?: boolean;
  /** What the message says of the policy; by default that it is sealed. */
  state?: 'is sealed' | 'would become sealed';
}

/**
 * The rules, in the order Kubernetes reports them: it denies with the message of the first
 * rule that fails, so the most specific refusal comes first.
 */
const GUARD_RULES: GuardRule[] = [
  {
    expression: `request.operation != "CREATE" || !variables.objectIsSealed || variables.isRollout`,
    refusal:
      "may not create it; only Netseal's rollout identity creates sealed policies",
    byUser: true,
  },
  {
    expression: `request.operation != "UPDATE" || !variables.oldObjectIsSealed || variables.objectIsSealed`,
    refusal: `its ${SEALED_LABEL} label may not be removed`,
  },
  {
    expression: `request.operation != "UPDATE" || !variables.oldObjectIsSealed || !variables.specChanged`,
    refusal:
      'its spec may not be changed (annotations, finalizers and other metadata may)',
  },
  {
    expression: `request.operation != "UPDATE" || !variables.oldObjectIsSealed || !variables.labelsChanged`,
    refusal:
      'its labels may not be changed (annotations, finalizers and other metadata may)',
  },
  {
    expression:
      `request.operation != "UPDATE" || variables.oldObjectIsSealed || !variables.objectIsSealed ||\n` +
      `variables.isRollout`,
    refusal: `may not add the ${SEALED_LABEL} label; only Netseal's rollout identity seals policies`,
    byUser: true,
    state: 'would become sealed',
  },
  {
    expression:
      `request.operation != "DELETE" || !variables.oldObjectIsSealed ||\n` +
      `variables.isRollout || variables.isNamespaceController || variables.isDeleteException`,
    refusal:
      "may not delete it; only Netseal's rollout identity, the namespace controller and the guard's delete exceptions may",
    byUser: true,
  },
];

/** The validations of the guard's ValidatingAdmissionPolicy. */
export const GUARD_VALIDATIONS = GUARD_RULES.map(rule => {
  const state = rule.state ?? 'is sealed';
  const opening = `"Netseal: NetworkPolicy " + variables.policyName + ${celString(
    ` ${state}; `,
  )} +`;
  const rest = celString(
    `${rule.byUser ? ' ' : ''}${rule.refusal}. ${GUARD_MESSAGE_ADVICE}`,
  );
  return {
    expression: rule.expression,
    messageExpression: rule.byUser
      ? `${opening}\nrequest.userInfo.username + ${rest}`
      : `${opening}\n${rest}`,
    // Shown when the messageExpression cannot be evaluated.
    message: `Netseal: this NetworkPolicy ${state}; ${
      rule.byUser ? 'you ' : ''
    }${rule.refusal}. ${GUARD_MESSAGE_ADVICE}`,
    reason: 'Forbidden',
  };
});
