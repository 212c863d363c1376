import { randomUUID } from 'node:crypto';
import { CelValue, celMap } from '@bufbuild/cel';
import { KubeApiError, StatusReason } from '../api/status';
import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';
import {
  CompiledExpression,
  admissionVariableNames,
  compileExpression,
  toCel,
} from '../cel/celExpression';
import { namespaceResource } from '../resources/namespaceResource';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import {
  validatingAdmissionPolicyBindingResource,
  validatingAdmissionPolicyResource,
} from '../resources/validatingAdmissionPolicyResources';
import { AdmissionAttributes } from '../server/admission';
import { ObjectStore } from '../store/ObjectStore';
import { matchesLabelSelector } from './matchesLabelSelector';
import { matchesResourceRules } from './matchesResourceRules';

/** One request's audit annotations, as the audit log of a real API server would carry them. */
export interface AdmissionAuditEvent {
  operation: AdmissionAttributes['operation'];
  resource: AdmissionAttributes['resource'];
  namespace?: string;
  name: string;
  username: string;
  dryRun: boolean;
  /** e.g. `validation.policy.admission.k8s.io/validation_failure` → JSON list of failures. */
  annotations: Record<string, string>;
}

/** What the bound policies decided about one request. */
export interface PolicyAdmissionResult {
  /** The Status error to answer with, when a Deny binding denied the request. */
  denial?: KubeApiError;
  /** Warning header texts from Warn bindings. */
  warnings: string[];
}

interface Decision {
  message: string;
  reason?: StatusReason;
  policy: string;
  binding?: string;
}

const codes: Record<string, number> = {
  Forbidden: 403,
  Unauthorized: 401,
  RequestEntityTooLarge: 413,
  Invalid: 422,
};

const failureKey = 'validation.policy.admission.k8s.io/validation_failure';

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function specOf(object: KubeObject): JsonObject {
  return isJsonObject(object.spec) ? object.spec : {};
}

/**
 * The ValidatingAdmissionPolicy admission plugin: on every write, each stored binding whose
 * policy exists is matched against the request and its validations are evaluated with CEL,
 * following k8s.io/apiserver/pkg/admission/plugin/policy/validating (dispatcher.go, validator.go).
 */
export class ValidatingAdmissionPolicyEvaluator {
  private readonly compiled = new Map<string, CompiledExpression>();
  private readonly audit: AdmissionAuditEvent[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
  ) {}

  /** The audit annotations recorded so far, oldest first. */
  auditEvents(): AdmissionAuditEvent[] {
    return this.audit.map(event => ({
      ...event,
      annotations: { ...event.annotations },
    }));
  }

  private compile(expression: string): CompiledExpression {
    let compiled = this.compiled.get(expression);
    if (!compiled) {
      compiled = compileExpression(expression, admissionVariableNames);
      this.compiled.set(expression, compiled);
    }
    return compiled;
  }

  evaluate(attributes: AdmissionAttributes): PolicyAdmissionResult {
    const warnings: string[] = [];
    // Admission configuration itself is exempt, as upstream exempts it, so that a broken
    // policy can always be removed.
    if (attributes.resource.group === 'admissionregistration.k8s.io') {
      return { warnings };
    }
    const definition = this.registry.find(
      attributes.resource.group,
      attributes.resource.version,
      attributes.resource.resource,
    );
    const namespaced = definition?.namespaced ?? false;
    const policies = new Map(
      this.store
        .list(validatingAdmissionPolicyResource)
        .map(policy => [policy.metadata.name ?? '', policy]),
    );
    const bindings = this.store.list(validatingAdmissionPolicyBindingResource);
    const namespaceObject = attributes.namespace
      ? this.store.get(namespaceResource, undefined, attributes.namespace)
      : undefined;
    const denied: Decision[] = [];
    const annotations: Record<string, string> = {};

    for (const [policyName, policy] of [...policies.entries()].sort()) {
      const spec = specOf(policy);
      const failurePolicy = text(spec.failurePolicy) || 'Fail';
      const onError = (decision: Decision) => {
        if (failurePolicy !== 'Ignore') denied.push(decision);
      };
      if (
        !this.matches(
          isJsonObject(spec.matchConstraints) ? spec.matchConstraints : {},
          attributes,
          namespaced,
          namespaceObject,
        )
      ) {
        continue;
      }
      const policyBindings = bindings
        .filter(b => specOf(b).policyName === policyName)
        .sort((a, b) =>
          (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
        );
      for (const binding of policyBindings) {
        const bindingName = binding.metadata.name ?? '';
        const bindingSpec = specOf(binding);
        if (
          isJsonObject(bindingSpec.matchResources) &&
          !this.matches(
            bindingSpec.matchResources,
            attributes,
            namespaced,
            namespaceObject,
          )
        ) {
          continue;
        }
        let params: (KubeObject | null)[];
        try {
          params = this.collectParams(spec, bindingSpec, attributes);
        } catch (error) {
          onError({
            message: `failed to configure binding: ${
              error instanceof Error ? error.message : String(error)
            }`,
            policy: policyName,
            binding: bindingName,
          });
          continue;
        }
        const actions = list(bindingSpec.validationActions).map(String);
        for (const param of params) {
          const failures = this.validate(
            spec,
            attributes,
            param,
            namespaceObject,
            failurePolicy,
          );
          // undefined: the matchConditions left this binding out.
          if (!failures) continue;
          failures.forEach(({ index, message, reason }) => {
            if (actions.includes('Deny')) {
              denied.push({
                message,
                reason,
                policy: policyName,
                binding: bindingName,
              });
            }
            if (actions.includes('Warn')) {
              warnings.push(
                `Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${bindingName}': ${message}`,
              );
            }
            if (actions.includes('Audit')) {
              annotations[failureKey] = JSON.stringify([
                ...(annotations[failureKey]
                  ? (JSON.parse(annotations[failureKey]) as JsonValue[])
                  : []),
                {
                  message,
                  policy: policyName,
                  binding: bindingName,
                  expressionIndex: index,
                  validationActions: actions,
                },
              ]);
            }
          });
          Object.assign(
            annotations,
            this.auditAnnotations(
              spec,
              policyName,
              attributes,
              param,
              namespaceObject,
            ),
          );
        }
      }
    }

    if (Object.keys(annotations).length > 0) {
      this.audit.push({
        operation: attributes.operation,
        resource: attributes.resource,
        namespace: attributes.namespace,
        name: attributes.name,
        username: attributes.userInfo.username,
        dryRun: attributes.dryRun,
        annotations,
      });
    }
    if (denied.length === 0) return { warnings };
    return { denial: this.denial(denied[0], attributes), warnings };
  }

  private denial(decision: Decision, attributes: AdmissionAttributes) {
    const { group, resource } = attributes.resource;
    const qualified = group ? `${resource}.${group}` : resource;
    const message = decision.binding
      ? `ValidatingAdmissionPolicy '${decision.policy}' with binding '${decision.binding}' denied request: ${decision.message}`
      : `ValidatingAdmissionPolicy '${decision.policy}' denied request: ${decision.message}`;
    const reason = decision.reason ?? 'Invalid';
    return new KubeApiError(
      codes[reason] ?? 422,
      reason,
      `${qualified} "${attributes.name}" is forbidden: ${message}`,
      { name: attributes.name, group, kind: resource, causes: [{ message }] },
    );
  }

  private matches(
    match: JsonObject,
    attributes: AdmissionAttributes,
    namespaced: boolean,
    namespaceObject: KubeObject | undefined,
  ): boolean {
    if (!matchesResourceRules(match, attributes, namespaced)) return false;
    const isNamespace =
      attributes.resource.group === '' &&
      attributes.resource.resource === 'namespaces';
    const objects = [attributes.object, attributes.oldObject].filter(
      (o): o is KubeObject => o !== undefined,
    );
    // Cluster-scoped objects other than namespaces are not subject to namespaceSelector.
    if (isNamespace) {
      if (
        !objects.some(o =>
          matchesLabelSelector(match.namespaceSelector, o.metadata.labels),
        )
      ) {
        return false;
      }
    } else if (
      namespaced &&
      !matchesLabelSelector(
        match.namespaceSelector,
        namespaceObject?.metadata.labels,
      )
    ) {
      return false;
    }
    return objects.some(o =>
      matchesLabelSelector(match.objectSelector, o.metadata.labels),
    );
  }

  private collectParams(
    spec: JsonObject,
    bindingSpec: JsonObject,
    attributes: AdmissionAttributes,
  ): (KubeObject | null)[] {
    if (!isJsonObject(spec.paramKind)) return [null];
    const paramKind = spec.paramKind;
    const ref = bindingSpec.paramRef;
    if (!isJsonObject(ref)) {
      throw new Error(
        `paramKind kind \`${text(
          paramKind.kind,
        )}\` is defined but paramRef is not`,
      );
    }
    const definition = this.registry.findByKind(
      text(paramKind.apiVersion),
      text(paramKind.kind),
    );
    if (!definition) {
      throw new Error(
        `failed to find resource referenced by paramKind: '${text(
          paramKind.apiVersion,
        )}, Kind=${text(paramKind.kind)}'`,
      );
    }
    let namespace: string | undefined;
    if (!definition.namespaced && text(ref.namespace)) {
      throw new Error(
        `paramRef.namespace must not be set for the cluster-scoped paramKind ${text(
          paramKind.kind,
        )}`,
      );
    }
    if (definition.namespaced) {
      namespace = text(ref.namespace) || attributes.namespace;
      if (!namespace) {
        throw new Error(
          'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources',
        );
      }
    }
    let params: KubeObject[];
    if (text(ref.name)) {
      const found = this.store.get(definition, namespace, text(ref.name));
      params = found ? [found] : [];
    } else {
      params = this.store
        .list(definition, namespace)
        .filter(o => matchesLabelSelector(ref.selector, o.metadata.labels));
    }
    if (params.length === 0) {
      if (text(ref.parameterNotFoundAction) !== 'Allow') {
        throw new Error(
          'no params found for policy binding with `Deny` parameterNotFoundAction',
        );
      }
      return [];
    }
    return params.map(param => ({
      ...param,
      apiVersion: text(paramKind.apiVersion),
      kind: text(paramKind.kind),
    }));
  }

  private activation(
    attributes: AdmissionAttributes,
    param: KubeObject | null,
    namespaceObject: KubeObject | undefined,
  ): Record<string, CelValue> {
    const request: JsonObject = {
      uid: randomUUID(),
      kind: { ...attributes.kind },
      resource: { ...attributes.resource },
      requestKind: { ...attributes.kind },
      requestResource: { ...attributes.resource },
      ...(attributes.name ? { name: attributes.name } : {}),
      ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
      operation: attributes.operation,
      userInfo: {
        username: attributes.userInfo.username,
        groups: attributes.userInfo.groups,
      },
      dryRun: attributes.dryRun,
    };
    return {
      object: toCel(attributes.object as JsonValue | undefined),
      oldObject: toCel(attributes.oldObject as JsonValue | undefined),
      request: toCel(request),
      params: toCel(param as JsonValue | null),
      namespaceObject: toCel(
        namespaceObject
          ? ({
              metadata: namespaceObject.metadata,
              spec: namespaceObject.spec,
              status: namespaceObject.status,
            } as JsonValue)
          : null,
      ),
    };
  }

  /**
   * Evaluates one expression. `variables.<name>` is computed on first use and then reused,
   * as the API server's lazy composition does; a failing variable fails the expressions
   * that read it, and only those.
   */
  private evaluator(
    spec: JsonObject,
    base: Record<string, CelValue>,
  ): (expression: string) => CelValue {
    const definitions = new Map(
      list(spec.variables)
        .filter(isJsonObject)
        .map(v => [text(v.name), text(v.expression)]),
    );
    const values = new Map<string, { value?: CelValue; error?: Error }>();
    const resolving = new Set<string>();
    const compile = (expression: string) => this.compile(expression);
    function resolve(name: string): { value?: CelValue; error?: Error } {
      const known = values.get(name);
      if (known) return known;
      if (resolving.has(name)) {
        return { error: new Error(`variable "${name}" refers to itself`) };
      }
      resolving.add(name);
      let result: { value?: CelValue; error?: Error };
      try {
        result = { value: run(definitions.get(name) ?? '') };
      } catch (error) {
        result = {
          error: new Error(
            `composited variable "${name}" fails to evaluate: ${
              error instanceof Error ? error.message : String(error)
            }`,
          ),
        };
      }
      resolving.delete(name);
      values.set(name, result);
      return result;
    }
    function run(expression: string): CelValue {
      const compiled = compile(expression);
      const variables = new Map<string, CelValue>();
      for (const name of compiled.variableReferences) {
        if (!definitions.has(name)) continue;
        const resolved = resolve(name);
        if (resolved.error) throw resolved.error;
        variables.set(name, resolved.value ?? null);
      }
      return compiled.evaluate({ ...base, variables: celMap(variables) });
    }
    return run;
  }

  /** The failed validations for one binding and param; undefined when matchConditions leave it out. */
  private validate(
    spec: JsonObject,
    attributes: AdmissionAttributes,
    param: KubeObject | null,
    namespaceObject: KubeObject | undefined,
    failurePolicy: string,
  ): { index: number; message: string; reason?: StatusReason }[] | undefined {
    const run = this.evaluator(
      spec,
      this.activation(attributes, param, namespaceObject),
    );
    const evaluate = (
      expression: string,
    ): { value?: CelValue; error?: string } => {
      try {
        return { value: run(expression) };
      } catch (error) {
        return {
          error: `expression '${expression}' resulted in error: ${
            error instanceof Error ? error.message : String(error)
          }`,
        };
      }
    };
    const ignoreErrors = failurePolicy === 'Ignore';

    const conditionErrors: string[] = [];
    for (const condition of list(spec.matchConditions).filter(isJsonObject)) {
      const result = evaluate(text(condition.expression));
      if (result.error) conditionErrors.push(result.error);
      else if (result.value === false) return undefined;
    }
    if (conditionErrors.length > 0) {
      if (ignoreErrors) return undefined;
      return [
        {
          index: 0,
          message:
            conditionErrors.length === 1
              ? conditionErrors[0]
              : `[${conditionErrors.join(', ')}]`,
        },
      ];
    }

    const failures: {
      index: number;
      message: string;
      reason?: StatusReason;
    }[] = [];
    list(spec.validations)
      .filter(isJsonObject)
      .forEach((validation, index) => {
        const expression = text(validation.expression);
        const result = evaluate(expression);
        if (result.error) {
          if (!ignoreErrors) failures.push({ index, message: result.error });
          return;
        }
        if (result.value === true) return;
        let message = '';
        if (validation.messageExpression !== undefined) {
          const custom = evaluate(text(validation.messageExpression));
          if (typeof custom.value === 'string') {
            message = custom.value.trim();
            if (message.includes('\n') || message.length > 5120) message = '';
          }
        }
        if (!message) message = text(validation.message).trim();
        if (!message) message = `failed expression: ${expression.trim()}`;
        failures.push({
          index,
          message,
          reason: (text(validation.reason) || 'Invalid') as StatusReason,
        });
      });
    return failures;
  }

  private auditAnnotations(
    spec: JsonObject,
    policyName: string,
    attributes: AdmissionAttributes,
    param: KubeObject | null,
    namespaceObject: KubeObject | undefined,
  ): Record<string, string> {
    const out: Record<string, string> = {};
    const annotations = list(spec.auditAnnotations).filter(isJsonObject);
    if (annotations.length === 0) return out;
    const run = this.evaluator(
      spec,
      this.activation(attributes, param, namespaceObject),
    );
    for (const annotation of annotations) {
      try {
        const value = run(text(annotation.valueExpression));
        if (typeof value === 'string' && value.trim()) {
          out[`${policyName}/${text(annotation.key)}`] = value.trim();
        }
      } catch {
        // An annotation that fails to evaluate is left out (failurePolicy Ignore's behaviour).
      }
    }
    return out;
  }
}
