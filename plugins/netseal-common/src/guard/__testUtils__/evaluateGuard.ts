import { CelInput, isCelError, run } from '@bufbuild/cel';
import { GuardManifest } from '../GuardManifest';

/**
 * Evaluates the guard's ValidatingAdmissionPolicy with a real CEL engine, the way the API
 * server does: the match conditions, then the variables, then each validation in order,
 * answering with the message of the first that fails. An error anywhere denies, because
 * the policy's failurePolicy is Fail. Unlike the API server this evaluates the variables
 * eagerly and treats an error in any of them as a failure of the test's subject: the
 * guard's variables are written to be total, so that laziness never has to save them.
 *
 * Kubernetes' typed object model is not reproduced (objects are plain maps); the
 * authoritative check runs against the Kubernetes API test server.
 */

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  username: string;
  namespace: string;
  name: string;
  /** The object after the request; null on DELETE. */
  object: Record<string, unknown> | null;
  /** The object before the request; null on CREATE. */
  oldObject: Record<string, unknown> | null;
}

export type AdmissionDecision =
  | { allowed: true; applies: boolean }
  | { allowed: false; message: string; reason: string };

/** Plain JSON to the values @bufbuild/cel binds: objects become Maps, numbers stay doubles. */
function toCel(value: unknown): CelInput {
  if (value === null || value === undefined) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map(toCel);
  }
  if (typeof value === 'object') {
    return new Map(
      Object.entries(value).map(([key, item]) => [key, toCel(item)]),
    );
  }
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  throw new Error(`cannot bind ${typeof value} to CEL`);
}

interface PolicySpec {
  matchConditions: { name: string; expression: string }[];
  variables: { name: string; expression: string }[];
  validations: {
    expression: string;
    message: string;
    messageExpression: string;
    reason: string;
  }[];
}

function policySpecOf(manifests: GuardManifest[]): PolicySpec {
  const policy = manifests.find(m => m.kind === 'ValidatingAdmissionPolicy');
  if (!policy) {
    throw new Error('the guard has no ValidatingAdmissionPolicy');
  }
  return policy.spec as PolicySpec;
}

function paramsOf(manifests: GuardManifest[]): unknown {
  const params = manifests.find(m => m.kind === 'ConfigMap');
  if (!params) {
    throw new Error('the guard has no ConfigMap');
  }
  return params;
}

export function evaluateGuard(
  manifests: GuardManifest[],
  request: AdmissionRequest,
  options: { params?: unknown } = {},
): AdmissionDecision {
  const spec = policySpecOf(manifests);
  const bindings: Record<string, CelInput> = {
    object: toCel(request.object),
    oldObject: toCel(request.oldObject),
    request: toCel({
      operation: request.operation,
      namespace: request.namespace,
      name: request.name,
      userInfo: { username: request.username },
    }),
    params: toCel(options.params ?? paramsOf(manifests)),
  };

  for (const condition of spec.matchConditions) {
    const matches = run(condition.expression, bindings);
    if (isCelError(matches)) {
      return {
        allowed: false,
        message: `match condition ${condition.name} failed: ${matches.message}`,
        reason: 'InternalError',
      };
    }
    if (matches !== true) {
      return { allowed: true, applies: false };
    }
  }

  const variables = new Map<string, CelInput>();
  for (const variable of spec.variables) {
    const value = run(variable.expression, {
      ...bindings,
      variables: variables,
    });
    if (isCelError(value)) {
      throw new Error(
        `variable ${variable.name} failed: ${value.message}\n  ${variable.expression}`,
      );
    }
    variables.set(variable.name, value as CelInput);
  }

  const withVariables = { ...bindings, variables };
  for (const validation of spec.validations) {
    const admitted = run(validation.expression, withVariables);
    if (admitted === true) {
      continue;
    }
    if (isCelError(admitted)) {
      throw new Error(
        `validation failed with an error: ${admitted.message}\n  ${validation.expression}`,
      );
    }
    const message = run(validation.messageExpression, withVariables);
    if (typeof message !== 'string') {
      throw new Error(
        `messageExpression did not give a string: ${String(message)}\n  ${
          validation.messageExpression
        }`,
      );
    }
    return { allowed: false, message, reason: validation.reason };
  }
  return { allowed: true, applies: true };
}
