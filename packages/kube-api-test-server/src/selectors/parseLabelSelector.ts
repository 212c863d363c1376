import { apiErrors } from '../api/status';

type Operator = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** A parsed `labelSelector` query parameter. */
export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

// Splits at top-level commas: `a in (x,y),b` is two requirements.
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

function parseRequirement(text: string, selector: string): Requirement {
  const fail = (why: string) =>
    apiErrors.badRequest(
      `unable to parse requirement: ${why} in selector "${selector}"`,
    );
  let match = text.match(/^!\s*([^\s=!<>(),]+)$/);
  if (match) return { key: match[1], operator: '!', values: [] };
  match = text.match(/^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/);
  if (match) {
    const values = match[3].split(',').map(v => v.trim());
    if (values.some(v => !/^[A-Za-z0-9._-]*$/.test(v)))
      throw fail(`invalid value in "${text}"`);
    return { key: match[1], operator: match[2] as Operator, values };
  }
  match = text.match(/^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/);
  if (match) {
    const operators: Record<string, Operator> = {
      '>': 'gt',
      '<': 'lt',
      '!=': '!=',
      '=': '=',
      '==': '=',
    };
    const operator = operators[match[2]];
    if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(match[3])) {
      throw fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    return { key: match[1], operator, values: [match[3]] };
  }
  match = text.match(/^([^\s=!<>(),]+)$/);
  if (match) return { key: match[1], operator: 'exists', values: [] };
  throw fail(`found '${text}', expected: !, identifier, or 'end of string'`);
}

function matches(
  requirement: Requirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case 'in':
      return has && requirement.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !requirement.values.includes(value);
    case 'gt':
      return (
        has &&
        /^-?\d+$/.test(value) &&
        Number(value) > Number(requirement.values[0])
      );
    case 'lt':
      return (
        has &&
        /^-?\d+$/.test(value) &&
        Number(value) < Number(requirement.values[0])
      );
    default:
      return false;
  }
}

/** Parses a label selector as labels.Parse does; a bad one is a 400. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || !selector.trim()) return () => true;
  const requirements = splitRequirements(selector).map(r =>
    parseRequirement(r, selector),
  );
  return labels => requirements.every(r => matches(r, labels ?? {}));
}
