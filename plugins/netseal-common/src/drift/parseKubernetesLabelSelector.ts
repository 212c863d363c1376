import type { LabelSelector, LabelSelectorRequirement } from '../types';
import {
  labelValueProblems,
  qualifiedNameProblems,
} from '../validation/kubernetesNames';
import { DriftInputError } from './DriftInputError';

/*
 * The string syntax of label selectors, as `kubectl --selector` and the API's
 * `labelSelector` parameter read it (k8s.io/apimachinery/pkg/labels/selector.go, Parse):
 *
 *   app=payments, tier!=web, env in (prod, staging), track notin (canary), release, !legacy
 *
 * Backstage's Kubernetes plugin sends the `backstage.io/kubernetes-label-selector`
 * annotation to the API server as it is, so this accepts what the API server accepts and
 * selects what it selects. Two differences, both rejected with a message: an empty
 * selector (upstream it selects everything, which for a service is a slip, not an
 * intent), and the numeric comparisons `>` and `<`, which a LabelSelector object cannot
 * express (they exist for node selectors).
 */

const MAX_SELECTOR_LENGTH = 4096;

const SYNTAX_HELP =
  'write requirements separated by commas: key=value, key!=value, ' +
  'key in (a,b), key notin (a,b), key (exists) or !key (does not exist)';

type TokenKind =
  | 'identifier'
  | 'in'
  | 'notin'
  | '!'
  | '=='
  | '='
  | '!='
  | '>'
  | '<'
  | '('
  | ')'
  | ','
  | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based character position, for messages. */
  position: number;
}

const OPERATOR_TOKENS = new Set([
  '!',
  '==',
  '=',
  '!=',
  '>',
  '<',
  '(',
  ')',
  ',',
]);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

function tokenize(text: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (WHITESPACE.has(char)) {
      index++;
      continue;
    }
    const start = index;
    if (SPECIAL.has(char)) {
      // The longest run of special characters that is an operator, as the upstream lexer reads it.
      let operator = '';
      let end = index;
      while (end < text.length && SPECIAL.has(text[end])) {
        const candidate = text.slice(index, end + 1);
        if (OPERATOR_TOKENS.has(candidate)) {
          operator = candidate;
        } else if (operator !== '') {
          break;
        }
        end++;
      }
      if (operator === '') {
        fail(
          `"${text.slice(index, end)}" at position ${
            start + 1
          } is not an operator`,
        );
      }
      tokens.push({
        kind: operator as TokenKind,
        text: operator,
        position: start + 1,
      });
      index += operator.length;
      continue;
    }
    while (
      index < text.length &&
      !SPECIAL.has(text[index]) &&
      !WHITESPACE.has(text[index])
    ) {
      index++;
    }
    const word = text.slice(start, index);
    let kind: TokenKind = 'identifier';
    if (word === 'in' || word === 'notin') {
      kind = word;
    }
    tokens.push({ kind, text: word, position: start + 1 });
  }
  tokens.push({ kind: 'end', text: 'the end', position: text.length + 1 });
  return tokens;
}

function describeToken(token: Token): string {
  return token.kind === 'end'
    ? 'the end of the selector'
    : `"${token.text}" at position ${token.position}`;
}

/**
 * Reads a label selector string (`app=payments,tier in (web)`) into a LabelSelector.
 * Equalities become `matchLabels` (an In requirement when a key is given two values),
 * everything else `matchExpressions`; keys and values follow the label syntax. Throws a
 * DriftInputError (name `InputError`) naming the position and the fix.
 *
 * @public
 */
export function parseKubernetesLabelSelector(text: string): LabelSelector {
  const fail = (message: string): never => {
    const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
    throw new DriftInputError(
      `label selector ${JSON.stringify(shown)}: ${message}; ${SYNTAX_HELP}`,
    );
  };
  if (typeof text !== 'string') {
    return fail('must be a string');
  }
  if (text.length > MAX_SELECTOR_LENGTH) {
    return fail(
      `is ${text.length} characters long, more than ${MAX_SELECTOR_LENGTH}`,
    );
  }
  const tokens = tokenize(text, fail);
  if (tokens[0].kind === 'end') {
    return fail(
      'is empty, and would select every pod; name at least one requirement such as app=payments',
    );
  }
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  // In value position the words `in` and `notin` are plain values (`mode in (in)`).
  const isValue = (token: Token) =>
    token.kind === 'identifier' ||
    token.kind === 'in' ||
    token.kind === 'notin';

  const requirements: LabelSelectorRequirement[] = [];
  for (;;) {
    requirements.push(readRequirement());
    const separator = next();
    if (separator.kind === 'end') {
      break;
    }
    if (separator.kind !== ',') {
      fail(
        `expected "," or the end after a requirement, found ${describeToken(
          separator,
        )}`,
      );
    }
    if (peek().kind === 'end') {
      fail('ends with ","; remove it or add a requirement after it');
    }
  }
  return toLabelSelector(requirements);

  function readKey(): Token {
    const key = next();
    if (!isValue(key)) {
      fail(`expected a label key, found ${describeToken(key)}`);
    }
    const problems = qualifiedNameProblems(key.text);
    if (problems.length > 0) {
      fail(
        `key "${key.text}" at position ${key.position} ${problems.join('; ')}`,
      );
    }
    return key;
  }

  function readValue(key: Token): string {
    const token = peek();
    // `key=` with nothing after it means the empty value, as upstream.
    if (token.kind === ',' || token.kind === 'end') {
      return '';
    }
    if (!isValue(token)) {
      fail(
        `expected a value for key "${key.text}", found ${describeToken(token)}`,
      );
    }
    next();
    return checkedValue(token);
  }

  function checkedValue(token: Token): string {
    const problems = labelValueProblems(token.text);
    if (problems.length > 0) {
      fail(
        `value "${token.text}" at position ${token.position} ${problems.join(
          '; ',
        )}`,
      );
    }
    return token.text;
  }

  function readValueList(key: Token): string[] {
    const open = next();
    if (open.kind !== '(') {
      fail(
        `expected "(" after the operator of key "${
          key.text
        }", found ${describeToken(open)}`,
      );
    }
    // `()`, `(a,)` and `(,a)` hold the empty value, as upstream.
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = next();
      if (token.kind === ')') {
        if (expectValue) {
          values.push('');
        }
        return values;
      }
      if (token.kind === ',') {
        if (expectValue) {
          values.push('');
        }
        expectValue = true;
      } else if (isValue(token) && expectValue) {
        values.push(checkedValue(token));
        expectValue = false;
      } else {
        fail(
          `expected a value, "," or ")" in the values of key "${
            key.text
          }", found ${describeToken(token)}`,
        );
      }
    }
  }

  function readRequirement(): LabelSelectorRequirement {
    if (peek().kind === '!') {
      next();
      const key = readKey();
      return { key: key.text, operator: 'DoesNotExist' };
    }
    const key = readKey();
    const operator = next();
    switch (operator.kind) {
      case ',':
      case 'end':
        position--;
        return { key: key.text, operator: 'Exists' };
      case '=':
      case '==':
        return { key: key.text, operator: 'In', values: [readValue(key)] };
      case '!=':
        return { key: key.text, operator: 'NotIn', values: [readValue(key)] };
      case 'in':
        return { key: key.text, operator: 'In', values: readValueList(key) };
      case 'notin':
        return { key: key.text, operator: 'NotIn', values: readValueList(key) };
      case '>':
      case '<':
        return fail(
          `"${operator.text}" at position ${operator.position} compares numbers, which a pod label selector cannot express; use in (...) with the values you mean`,
        );
      default:
        return fail(
          `expected an operator after key "${key.text}", found ${describeToken(
            operator,
          )}`,
        );
    }
  }
}

function toLabelSelector(
  requirements: readonly LabelSelectorRequirement[],
): LabelSelector {
  const equalities = new Map<string, Set<string>>();
  for (const requirement of requirements) {
    if (requirement.operator === 'In' && requirement.values?.length === 1) {
      const values = equalities.get(requirement.key) ?? new Set<string>();
      values.add(requirement.values[0]);
      equalities.set(requirement.key, values);
    }
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const requirement of requirements) {
    const values = requirement.values
      ? [...new Set(requirement.values)].sort()
      : undefined;
    const single = equalities.get(requirement.key);
    if (
      requirement.operator === 'In' &&
      values?.length === 1 &&
      single?.size === 1
    ) {
      matchLabels[requirement.key] = values[0];
    } else {
      matchExpressions.push(
        values
          ? { key: requirement.key, operator: requirement.operator, values }
          : { key: requirement.key, operator: requirement.operator },
      );
    }
  }
  const selector: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) {
    selector.matchLabels = matchLabels;
  }
  if (matchExpressions.length > 0) {
    selector.matchExpressions = matchExpressions;
  }
  return selector;
}
