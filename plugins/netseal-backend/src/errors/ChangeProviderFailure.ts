const UNAVAILABLE = new Set(['unavailable', 'timeout', 'rate-limited']);

/**
 * A Git host's failure as the API answers it: 503 when the host is down, slow or
 * rate-limiting (try again later), 502 when it refused (fix credentials or the repository).
 */
export class ChangeProviderFailure extends Error {
  name = 'ChangeProviderFailure' as const;
  readonly kind: string;
  readonly statusCode: 502 | 503;

  constructor(kind: string, message: string, cause?: unknown) {
    // Not CustomErrorBase: it appends the cause's message, and the provider's message,
    // which is the cause, would then be said twice.
    super(`the Git host failed (${kind}): ${message}`, { cause });
    this.kind = kind;
    this.statusCode = UNAVAILABLE.has(kind) ? 503 : 502;
  }
}
