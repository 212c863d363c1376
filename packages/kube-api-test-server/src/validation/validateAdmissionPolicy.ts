import { FieldError, fieldError } from '../api/fieldErrors';
import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';
import {
  CelCompileError,
  admissionVariableNames,
  compileExpression,
} from '../cel/celExpression';
import { validateLabelSelector } from './validateLabelSelector';

// ValidateValidatingAdmissionPolicy / ...Binding of pkg/apis/admissionregistration/validation,
// for the fields that decide how a policy is evaluated.

const operations = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const reasons = [
  'Unauthorized',
  'Forbidden',
  'Invalid',
  'RequestEntityTooLarge',
];
const celIdentifier = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function object(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function compileErrors(
  field: string,
  expression: string,
  declared: string[],
): FieldError[] {
  try {
    compileExpression(expression, declared);
    return [];
  } catch (error) {
    if (error instanceof CelCompileError) {
      return [fieldError.invalid(field, expression, error.message)];
    }
    throw error;
  }
}

function validateRules(rules: JsonValue[], field: string): FieldError[] {
  const errors: FieldError[] = [];
  rules.forEach((rule, index) => {
    const r = object(rule);
    const path = `${field}[${index}]`;
    for (const key of ['operations', 'apiGroups', 'apiVersions', 'resources']) {
      const values = list(r[key]);
      if (values.length === 0) {
        errors.push(fieldError.required(`${path}.${key}`, ''));
      } else if (values.length > 1 && values.includes('*')) {
        errors.push(
          fieldError.invalid(
            `${path}.${key}`,
            values,
            "if '*' is present, must not specify other values",
          ),
        );
      }
    }
    list(r.operations).forEach((operation, i) => {
      if (!operations.includes(text(operation))) {
        errors.push(
          fieldError.notSupported(
            `${path}.operations[${i}]`,
            operation,
            operations,
          ),
        );
      }
    });
    if (
      r.scope !== undefined &&
      !['*', 'Cluster', 'Namespaced'].includes(text(r.scope))
    ) {
      errors.push(
        fieldError.notSupported(`${path}.scope`, r.scope, [
          '*',
          'Cluster',
          'Namespaced',
        ]),
      );
    }
  });
  return errors;
}

function validateMatchResources(
  match: JsonObject,
  field: string,
  requireRules: boolean,
): FieldError[] {
  const errors = [
    ...validateLabelSelector(
      match.namespaceSelector,
      `${field}.namespaceSelector`,
    ),
    ...validateLabelSelector(match.objectSelector, `${field}.objectSelector`),
    ...validateRules(list(match.resourceRules), `${field}.resourceRules`),
    ...validateRules(
      list(match.excludeResourceRules),
      `${field}.excludeResourceRules`,
    ),
  ];
  if (requireRules && list(match.resourceRules).length === 0) {
    errors.push(fieldError.required(`${field}.resourceRules`, ''));
  }
  if (
    match.matchPolicy !== undefined &&
    !['Exact', 'Equivalent'].includes(text(match.matchPolicy))
  ) {
    errors.push(
      fieldError.notSupported(`${field}.matchPolicy`, match.matchPolicy, [
        'Equivalent',
        'Exact',
      ]),
    );
  }
  return errors;
}

/** The policy's validation. Every CEL expression must compile, as on a real API server. */
export function validateValidatingAdmissionPolicy(
  policy: KubeObject,
): FieldError[] {
  const spec = object(policy.spec);
  const errors: FieldError[] = [];
  const declared = admissionVariableNames.filter(
    name => name !== 'params' || isJsonObject(spec.paramKind),
  );
  if (isJsonObject(spec.paramKind)) {
    if (!text(spec.paramKind.apiVersion)) {
      errors.push(fieldError.required('spec.paramKind.apiVersion', ''));
    }
    if (!text(spec.paramKind.kind)) {
      errors.push(fieldError.required('spec.paramKind.kind', ''));
    }
  }
  if (!isJsonObject(spec.matchConstraints)) {
    errors.push(fieldError.required('spec.matchConstraints', ''));
  } else {
    errors.push(
      ...validateMatchResources(
        spec.matchConstraints,
        'spec.matchConstraints',
        true,
      ),
    );
  }
  if (
    !['Fail', 'Ignore'].includes(text(spec.failurePolicy)) &&
    spec.failurePolicy !== undefined
  ) {
    errors.push(
      fieldError.notSupported('spec.failurePolicy', spec.failurePolicy, [
        'Fail',
        'Ignore',
      ]),
    );
  }
  const validations = list(spec.validations);
  if (validations.length === 0 && list(spec.auditAnnotations).length === 0) {
    // Upstream names both fields, each with the same words.
    for (const field of ['spec.validations', 'spec.auditAnnotations']) {
      errors.push(
        fieldError.required(
          field,
          'validations or auditAnnotations must contain at least one item',
        ),
      );
    }
  }
  const seenVariables = new Set<string>();
  list(spec.variables).forEach((variable, index) => {
    const v = object(variable);
    const path = `spec.variables[${index}]`;
    const name = text(v.name);
    if (!name) errors.push(fieldError.required(`${path}.name`, ''));
    else if (!celIdentifier.test(name)) {
      errors.push(
        fieldError.invalid(
          `${path}.name`,
          name,
          'name is not a valid CEL identifier',
        ),
      );
    } else if (seenVariables.has(name)) {
      errors.push(fieldError.duplicate(`${path}.name`, name));
    }
    seenVariables.add(name);
    const expression = text(v.expression);
    if (!expression) errors.push(fieldError.required(`${path}.expression`, ''));
    else
      errors.push(...compileErrors(`${path}.expression`, expression, declared));
  });
  const seenConditions = new Set<string>();
  list(spec.matchConditions).forEach((condition, index) => {
    const c = object(condition);
    const path = `spec.matchConditions[${index}]`;
    const name = text(c.name);
    if (!name) errors.push(fieldError.required(`${path}.name`, ''));
    else if (seenConditions.has(name)) {
      errors.push(fieldError.duplicate(`${path}.name`, name));
    }
    seenConditions.add(name);
    const expression = text(c.expression);
    if (!expression) errors.push(fieldError.required(`${path}.expression`, ''));
    else
      errors.push(...compileErrors(`${path}.expression`, expression, declared));
  });
  validations.forEach((validation, index) => {
    const v = object(validation);
    const path = `spec.validations[${index}]`;
    const expression = text(v.expression);
    if (!expression.trim()) {
      errors.push(
        fieldError.required(
          `${path}.expression`,
          'expression is not specified',
        ),
      );
    } else {
      errors.push(...compileErrors(`${path}.expression`, expression, declared));
    }
    const message = text(v.message);
    if (message.includes('\n')) {
      errors.push(
        fieldError.invalid(
          `${path}.message`,
          message,
          'message must not contain line breaks',
        ),
      );
    }
    if (v.messageExpression !== undefined) {
      const messageExpression = text(v.messageExpression);
      if (!messageExpression.trim()) {
        errors.push(
          fieldError.required(
            `${path}.messageExpression`,
            'messageExpression must be non-empty if specified',
          ),
        );
      } else {
        errors.push(
          ...compileErrors(
            `${path}.messageExpression`,
            messageExpression,
            declared,
          ),
        );
      }
    }
    if (v.reason !== undefined && !reasons.includes(text(v.reason))) {
      errors.push(fieldError.notSupported(`${path}.reason`, v.reason, reasons));
    }
  });
  list(spec.auditAnnotations).forEach((annotation, index) => {
    const a = object(annotation);
    const path = `spec.auditAnnotations[${index}]`;
    if (!text(a.key)) errors.push(fieldError.required(`${path}.key`, ''));
    const expression = text(a.valueExpression);
    if (!expression)
      errors.push(fieldError.required(`${path}.valueExpression`, ''));
    else
      errors.push(
        ...compileErrors(`${path}.valueExpression`, expression, declared),
      );
  });
  return errors;
}

const validationActions = ['Deny', 'Warn', 'Audit'];

/** The binding's validation: a policy name, and validation actions that make sense together. */
export function validateValidatingAdmissionPolicyBinding(
  binding: KubeObject,
): FieldError[] {
  const spec = object(binding.spec);
  const errors: FieldError[] = [];
  if (!text(spec.policyName)) {
    errors.push(fieldError.required('spec.policyName', ''));
  }
  const actions = list(spec.validationActions);
  if (actions.length === 0) {
    errors.push(
      fieldError.required(
        'spec.validationActions',
        'at least one validation action is required',
      ),
    );
  }
  const seen = new Set<string>();
  actions.forEach((action, index) => {
    const value = text(action);
    if (!validationActions.includes(value)) {
      errors.push(
        fieldError.notSupported(
          `spec.validationActions[${index}]`,
          action,
          validationActions,
        ),
      );
    } else if (seen.has(value)) {
      errors.push(
        fieldError.duplicate(`spec.validationActions[${index}]`, action),
      );
    }
    seen.add(value);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errors.push(
      fieldError.invalid(
        'spec.validationActions',
        actions,
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  }
  if (isJsonObject(spec.paramRef)) {
    const ref = spec.paramRef;
    if (ref.name !== undefined && ref.selector !== undefined) {
      errors.push(
        fieldError.forbidden(
          'spec.paramRef.selector',
          'name and selector are mutually exclusive',
        ),
      );
    }
    if (!text(ref.name) && !isJsonObject(ref.selector)) {
      errors.push(
        fieldError.required(
          'spec.paramRef',
          'one of name or selector must be specified',
        ),
      );
    }
    errors.push(
      ...validateLabelSelector(ref.selector, 'spec.paramRef.selector'),
    );
    if (!text(ref.parameterNotFoundAction)) {
      // admissionregistration/v1 has no default here (v1alpha1 had Deny): it is required.
      errors.push(
        fieldError.required('spec.paramRef.parameterNotFoundAction', ''),
      );
    } else if (!['Allow', 'Deny'].includes(text(ref.parameterNotFoundAction))) {
      errors.push(
        fieldError.notSupported(
          'spec.paramRef.parameterNotFoundAction',
          ref.parameterNotFoundAction,
          ['Deny', 'Allow'],
        ),
      );
    }
  }
  if (isJsonObject(spec.matchResources)) {
    errors.push(
      ...validateMatchResources(
        spec.matchResources,
        'spec.matchResources',
        false,
      ),
    );
  }
  return errors;
}

function defaultMatchResources(match: JsonValue | undefined) {
  if (!isJsonObject(match)) return;
  match.namespaceSelector ??= {};
  match.objectSelector ??= {};
  match.matchPolicy ??= 'Equivalent';
  for (const key of ['resourceRules', 'excludeResourceRules']) {
    for (const rule of list(match[key])) {
      if (isJsonObject(rule)) rule.scope ??= '*';
    }
  }
}

/** SetDefaults of admissionregistration/v1: failurePolicy Fail, matchPolicy Equivalent, scope '*'. */
export function defaultValidatingAdmissionPolicy(policy: KubeObject): void {
  if (!isJsonObject(policy.spec)) return;
  policy.spec.failurePolicy ??= 'Fail';
  defaultMatchResources(policy.spec.matchConstraints);
}

/** SetDefaults of admissionregistration/v1 for a binding's matchResources. */
export function defaultValidatingAdmissionPolicyBinding(
  binding: KubeObject,
): void {
  if (!isJsonObject(binding.spec)) return;
  defaultMatchResources(binding.spec.matchResources);
}
