import { STATUS_CODES } from 'node:http';

/**
 * A non-2xx answer of a cluster's API server, with the message of its `Status` body
 * (e.g. `networkpolicies.networking.k8s.io is forbidden: User "x" cannot list ...`).
 */
export class KubernetesApiError extends Error {
  readonly statusCode: number;
  readonly statusMessage?: string;

  constructor(statusCode: number, body: string | undefined) {
    const statusMessage = KubernetesApiError.messageOf(body);
    const phrase = STATUS_CODES[statusCode] ?? 'Error';
    super(
      statusMessage
        ? `${statusCode} ${phrase}: ${statusMessage}`
        : `${statusCode} ${phrase}`,
    );
    this.name = 'KubernetesApiError';
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
  }

  private static messageOf(body: string | undefined): string | undefined {
    if (!body) return undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) {
        const message = (parsed as { message?: unknown }).message;
        if (typeof message === 'string' && message) return message;
      }
    } catch {
      // Not a Status object (e.g. a proxy's HTML page): quote a little of it.
    }
    const trimmed = body.trim();
    return trimmed ? trimmed.slice(0, 200) : undefined;
  }
}
