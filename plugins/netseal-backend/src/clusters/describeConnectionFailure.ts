import { STATUS_CODES } from 'node:http';
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

/** `401 Unauthorized`, with the API server's own message when it says more. */
function answerOf(statusCode: number, error: unknown): string {
  const phrase = `${statusCode} ${STATUS_CODES[statusCode]}`;
  const said =
    error instanceof KubernetesApiError ? error.statusMessage : undefined;
  return said && said !== STATUS_CODES[statusCode]
    ? `${phrase}: ${said}`
    : phrase;
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
 * `forbidden`, with the API server's own message and what to fix; anything else (refused, reset, TLS,
 * DNS, timeouts, 5xx) makes the cluster `unreachable`.
 */
export function describeConnectionFailure(
  cluster: string,
  error: unknown,
): ConnectionFailure {
  const statusCode = statusCodeOf(error);
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  // The prefixes are computeDrift's words for these states, so a policy's `unknown`
  // reason repeats the cluster's reason instead of wrapping it in a second one.
  if (statusCode === 401) {
    return {
      state: 'unauthorized',
      reason: `cluster ${cluster} rejected the credentials (unauthorized): the API server answered ${answerOf(
        401,
        error,
      )} to Netseal's read-only identity; check the token or kubeconfig user configured for cluster ${cluster}`,
    };
  }
  if (statusCode === 403) {
    return {
      state: 'forbidden',
      reason: `cluster ${cluster} forbids reading (forbidden): the API server answered ${answerOf(
        403,
        error,
      )}; grant Netseal's read-only identity get, list and watch on networkpolicies, pods and namespaces in all namespaces`,
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
