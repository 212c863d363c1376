import { KubernetesApiError } from './KubernetesApiError';

/** Why a cluster's live view cannot be trusted, in words an operator can act on. */
export interface ConnectionFailure {
  state: 'unreachable' | 'unauthorized' | 'forbidden';
  reason: string;
}

/** Thrown when Netseal itself gave up waiting for an answer. */
export class RequestTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'RequestTimeoutError';
  }
}

function statusCodeOf(error: unknown): number | undefined {
  if (error instanceof KubernetesApiError) return error.statusCode;
  // client-node's Watch reports a failed watch request as an Error with statusCode.
  const code = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The network-level cause: node-fetch says `request to <url> failed, reason: <cause>`. */
function networkCause(error: Error): string {
  const match = /reason: (.*)$/s.exec(error.message);
  const cause = (match ? match[1] : error.message).trim();
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !cause.includes(code)
    ? `${cause} (${code})`
    : cause;
}

/**
 * Classifies a failed list, watch or version request: 401 is `unauthorized` and 403
 * `forbidden`, with the API server's own message; anything else (refused, reset, TLS,
 * DNS, timeouts, 5xx) makes the cluster `unreachable`.
 */
export function describeConnectionFailure(
  cluster: string,
  error: unknown,
): ConnectionFailure {
  const statusCode = statusCodeOf(error);
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  if (statusCode === 401) {
    return {
      state: 'unauthorized',
      reason: `cluster ${cluster}: ${
        error instanceof KubernetesApiError ? message : '401 Unauthorized'
      }; the API server rejected the read-only identity's credentials`,
    };
  }
  if (statusCode === 403) {
    return {
      state: 'forbidden',
      reason: `cluster ${cluster}: ${
        error instanceof KubernetesApiError ? message : '403 Forbidden'
      }`,
    };
  }
  if (statusCode !== undefined) {
    return {
      state: 'unreachable',
      reason: `cluster ${cluster} unreachable: ${
        error instanceof KubernetesApiError
          ? message
          : `${statusCode} ${message}`
      }`,
    };
  }
  return {
    state: 'unreachable',
    reason: `cluster ${cluster} unreachable: ${
      error instanceof Error ? networkCause(error) : message
    }`,
  };
}
