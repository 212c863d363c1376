/**
 * An Idempotency-Key the caller already used for a request with another body: answered
 * 422, as Stripe and the IETF idempotency-key draft answer it, naming the key, so the
 * second body is never silently dropped for the first one's answer.
 */
export class IdempotencyKeyReusedError extends Error {
  name = 'IdempotencyKeyReusedError' as const;
  readonly statusCode = 422;

  constructor(key: string, requestId: string) {
    super(
      `Idempotency-Key ${JSON.stringify(
        key,
      )} was already used for request ${requestId}, filed with another body; send a new key for a new request, or the first request's body unchanged to retry it`,
    );
  }
}
