import * as k8s from '@kubernetes/client-node';

/** What a step observed, as plain JSON; the two servers' answers are compared as such. */
export type Answer =
  | null
  | boolean
  | number
  | string
  | Answer[]
  | { [key: string]: Answer };

/** The parts of a Status that Netseal and kubectl show users: code, reason, message, causes. */
export interface StatusAnswer {
  [key: string]: Answer;
  code: number;
  reason: string;
  message: string;
  causes: { field: string; reason: string; message: string }[];
}

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)
    : {};
}

/** The Status of a failed client-node call. */
export function statusAnswer(error: unknown): StatusAnswer {
  if (!(error instanceof k8s.ApiException)) throw error;
  const body = parseBody(error.body);
  const details = (body.details ?? {}) as {
    causes?: { field?: string; reason?: string; message?: string }[];
  };
  return {
    code: error.code,
    reason: String(body.reason ?? ''),
    message: String(body.message ?? ''),
    causes: (details.causes ?? [])
      .map(cause => ({
        field: cause.field ?? '',
        reason: cause.reason ?? '',
        message: cause.message ?? '',
      }))
      .sort((a, b) =>
        `${a.field} ${a.message}`.localeCompare(`${b.field} ${b.message}`),
      ),
  };
}

/**
 * Runs a client-node call that returns its HTTP info: a success becomes its status code
 * and what `pick` takes from the object, a failure its Status.
 */
export async function outcome<T>(
  call: () => Promise<k8s.HttpInfo<T>>,
  pick: (data: T, headers: Record<string, string>) => object = () => ({}),
): Promise<Answer> {
  try {
    const info = await call();
    return plain({
      code: info.httpStatusCode,
      ...pick(info.data, info.headers),
    });
  } catch (error) {
    return statusAnswer(error);
  }
}

/** Runs a client-node call without HTTP info: `ok` and what `pick` takes, or the Status. */
export async function result<T>(
  call: () => Promise<T>,
  pick: (data: T) => object = () => ({}),
): Promise<Answer> {
  try {
    return plain({ ok: true, ...pick(await call()) });
  } catch (error) {
    return statusAnswer(error);
  }
}

/** Turns typed objects into plain JSON answers (dates become strings, undefined goes). */
export function plain(value: unknown): Answer {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** The keys of an object, sorted: which fields exist, whatever their values. */
export function keysOf(value: object | undefined): string[] {
  return Object.keys(value ?? {})
    .filter(key => (value as Record<string, unknown>)[key] !== undefined)
    .sort();
}

/** The Warning header's texts, without the `299 - "..."` framing. */
export function warnings(
  headers: Record<string, string | string[] | undefined>,
): string[] {
  const value = headers.warning ?? headers.Warning;
  const header = Array.isArray(value) ? value.join(', ') : value;
  if (!header) return [];
  return [...header.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map(m =>
    JSON.parse(`"${m[1]}"`),
  );
}
