import {
  CelValue,
  celEnv,
  celList,
  celMap,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  parse,
  plan,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { JsonValue } from '../api/types';

type ParsedExpression = ReturnType<typeof parse>;
type Expr = ParsedExpression['expr'];

/** What a value of a CEL activation may be: JSON, or already converted CEL values. */
export type CelActivationValue = CelValue | JsonValue | undefined;

/** A compiled expression: its plan and the variables.<name> it refers to. */
export interface CompiledExpression {
  readonly source: string;
  /** Names under `variables.` that the expression reads (evaluated on demand). */
  readonly variableReferences: string[];
  evaluate(activation: Record<string, CelValue>): CelValue;
}

/** An expression that did not compile, with the text the API server would show. */
export class CelCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelCompileError';
  }
}

/** An evaluation that failed (no such key, no matching overload, ...). */
export class CelEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelEvaluationError';
  }
}

// Kubernetes' CEL environment for admission: the string extension library on top of the
// standard one (startsWith, endsWith, contains, matches, size are standard).
const environment = celEnv({ funcs: strings });

// Calls the planner handles itself rather than through the function resolver.
const builtInCalls = new Set([
  '_?_:_',
  '_||_',
  '_&&_',
  '_[_]',
  '@not_strictly_false',
]);

/** The roots an admission expression may name (authorizer is declared but not bound here). */
export const admissionVariableNames = [
  'object',
  'oldObject',
  'request',
  'params',
  'namespaceObject',
  'variables',
  'authorizer',
];

function walk(
  expr: Expr | undefined,
  scope: Set<string>,
  visit: (expr: Expr, scope: Set<string>) => void,
): void {
  if (!expr) return;
  visit(expr, scope);
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      walk(kind.value.operand, scope, visit);
      return;
    case 'callExpr':
      walk(kind.value.target, scope, visit);
      for (const arg of kind.value.args) walk(arg, scope, visit);
      return;
    case 'listExpr':
      for (const element of kind.value.elements) walk(element, scope, visit);
      return;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey')
          walk(entry.keyKind.value, scope, visit);
        walk(entry.value, scope, visit);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      walk(c.iterRange, scope, visit);
      walk(c.accuInit, scope, visit);
      const inner = new Set([...scope, c.iterVar, c.accuVar]);
      if (c.iterVar2) inner.add(c.iterVar2);
      walk(c.loopCondition, inner, visit);
      walk(c.loopStep, inner, visit);
      walk(c.result, new Set([...scope, c.accuVar]), visit);
      return;
    }
    default:
      return;
  }
}

/**
 * Compiles an expression the way the API server's compile step would reject it: a syntax
 * error, or a reference to a variable or function that is not declared. Argument types are
 * not checked before evaluation (@bufbuild/cel has no type checker).
 */
export function compileExpression(
  source: string,
  declared: string[] = admissionVariableNames,
): CompiledExpression {
  let parsed: ParsedExpression;
  try {
    parsed = parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CelCompileError(`compilation failed: ERROR: ${message}`);
  }
  const undeclared: string[] = [];
  const variableReferences = new Set<string>();
  walk(parsed.expr, new Set(declared), (expr, scope) => {
    const kind = expr.exprKind;
    if (kind.case === 'identExpr' && !scope.has(kind.value.name)) {
      undeclared.push(kind.value.name);
    }
    if (
      kind.case === 'callExpr' &&
      !builtInCalls.has(kind.value.function) &&
      !environment.funcs.find(kind.value.function)
    ) {
      undeclared.push(kind.value.function);
    }
    if (
      kind.case === 'selectExpr' &&
      kind.value.operand?.exprKind.case === 'identExpr' &&
      kind.value.operand.exprKind.value.name === 'variables'
    ) {
      variableReferences.add(kind.value.field);
    }
  });
  if (undeclared.length > 0) {
    throw new CelCompileError(
      `compilation failed: ERROR: <input>: undeclared reference to '${undeclared[0]}' (in container '')`,
    );
  }
  const program = plan(environment, parsed);
  return {
    source,
    variableReferences: [...variableReferences],
    evaluate(activation) {
      const result = program(activation);
      if (isCelError(result)) {
        // cel-go, which the API server runs, words a missing map key this way.
        throw new CelEvaluationError(
          result.message.replace(/^field not found: /, 'no such key: '),
        );
      }
      return result;
    },
  };
}

/**
 * JSON as Kubernetes hands it to CEL: objects become maps, arrays lists, and whole numbers
 * `int` (JSON has one number type; Kubernetes' schemas make integer fields CEL ints, so
 * `port == 80` and `port + 1` work); other numbers stay `double`.
 */
export function toCel(value: JsonValue | undefined): CelValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return celList(value.map(toCel));
  return celMap(
    new Map(Object.entries(value).map(([key, item]) => [key, toCel(item)])),
  );
}

/** A CEL value back as JSON-like data, for messages and tests. */
export function fromCel(value: CelValue): JsonValue {
  if (value === null) return null;
  if (typeof value === 'bigint') return Number(value);
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'number'
  ) {
    return value;
  }
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of value) out[String(key)] = fromCel(item);
    return out;
  }
  return String(value);
}
