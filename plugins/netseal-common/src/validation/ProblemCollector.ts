import type { ValidationProblem } from './ValidationProblem';
import { closestName } from './closestName';

/** Enough to fix a manifest in one go; a hostile one cannot make the list unbounded. */
export const MAX_PROBLEMS = 1000;

/**
 * Gathers the problems of one manifest, with the helpers every part of the validation
 * shares: paths, type checks and unknown-field checks. Stops recording (and tells
 * callers, through `full`, to stop looking) after MAX_PROBLEMS.
 */
export class ProblemCollector {
  readonly problems: ValidationProblem[] = [];

  get full(): boolean {
    return this.problems.length > MAX_PROBLEMS;
  }

  add(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ path, message });
    } else if (this.problems.length === MAX_PROBLEMS) {
      this.problems.push({
        path: '',
        message: `more than ${MAX_PROBLEMS} problems; fix these and validate again to see the rest`,
      });
    }
  }

  /**
   * The value as an object, or undefined after recording why it is not one. Records
   * every field not in `allowed`, with the allowed field it most likely meant.
   */
  object(
    value: unknown,
    path: string,
    allowed: readonly string[],
  ): Record<string, unknown> | undefined {
    if (!isRecord(value)) {
      this.add(path, `must be an object, not ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (this.full) {
        break;
      }
      if (!allowed.includes(key)) {
        const fieldPath = childPath(path, key);
        const meant = closestName(key, allowed);
        this.add(
          fieldPath,
          meant
            ? `unknown field "${fieldPath}"; did you mean "${childPath(
                path,
                meant,
              )}"?`
            : `unknown field "${fieldPath}"; ${
                path === '' ? 'a NetworkPolicy' : `"${path}"`
              } may only have ${allowed.join(', ')}`,
        );
      }
    }
    return value;
  }

  /** The value as an array, or undefined after recording why it is not one. */
  array(value: unknown, path: string): readonly unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.add(path, `must be a list, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** The value as a string, or undefined after recording why it is not one. */
  string(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') {
      this.add(
        path,
        typeof value === 'number' || typeof value === 'boolean'
          ? `must be a string, not ${describe(value)}; quote it: "${String(
              value,
            )}"`
          : `must be a string, not ${describe(value)}`,
      );
      return undefined;
    }
    return value;
  }

  /**
   * Whether an optional field is there to be checked. `null` is recorded as a problem:
   * YAML writes it for a key with nothing after it, which is almost always a mistake,
   * and rejecting it keeps the NetworkPolicy type (which has no nulls) truthful.
   */
  present(value: unknown, path: string): boolean {
    if (value === null) {
      this.add(path, 'must not be null; give it a value or remove the field');
      return false;
    }
    return value !== undefined;
  }
}

/** For an enumeration: names the allowed values and, when one is close, the likely one. */
export function notOneOf(value: string, allowed: readonly string[]): string {
  const meant = closestName(value, allowed);
  const suggestion = meant ? `; did you mean ${meant}?` : '';
  return `must be one of ${allowed.join(', ')} (got ${quote(
    value,
  )})${suggestion}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `spec` + `ingress` gives `spec.ingress`; a key that is not a plain word is quoted. */
export function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) {
    return entryPath(path, key);
  }
  return path === '' ? key : `${path}.${key}`;
}

/** A map entry or an odd key: `metadata.labels["app.kubernetes.io/name"]`. */
export function entryPath(path: string, key: string): string {
  const shown = key.length > 100 ? `${key.slice(0, 100)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(truncate(value))}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A value quoted in a message, cut short so a huge one does not flood the message. */
export function quote(value: string): string {
  return JSON.stringify(truncate(value));
}

function truncate(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
