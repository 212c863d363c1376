import { CustomErrorBase } from '@backstage/errors';

/**
 * Why a Git host refused or failed a provider's call.
 *
 * - `unauthorized`: the credentials were missing, wrong or expired (HTTP 401).
 * - `forbidden`: the credentials may not do this, or the host's rules forbid it now,
 *   such as a merge without enough approvals (HTTP 403).
 * - `rate-limited`: too many calls; try again at `retryAfter`.
 * - `not-found`: the repository, branch or change does not exist (HTTP 404).
 * - `conflict`: the branch exists with other content, or the base moved so that the
 *   change no longer applies (HTTP 409, 422).
 * - `unavailable`: the host failed (HTTP 5xx) or could not be reached.
 * - `timeout`: the host did not answer in time.
 *
 * @public
 */
export type ChangeProviderErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'timeout';

/**
 * A Git host's failure, by kind, with the moment to retry when the host named one.
 *
 * @public
 */
export class ChangeProviderError extends CustomErrorBase {
  name = 'ChangeProviderError' as const;
  readonly kind: ChangeProviderErrorKind;
  /** When the host said to try again (`retry-after`, `x-ratelimit-reset`). */
  readonly retryAfter?: Date;

  constructor(
    kind: ChangeProviderErrorKind,
    message: string,
    options: { retryAfter?: Date; cause?: unknown } = {},
  ) {
    super(message, options.cause);
    this.kind = kind;
    this.retryAfter = options.retryAfter;
  }
}

/**
 * Whether `error` is a {@link ChangeProviderError}, also when it comes from another copy
 * of this package.
 *
 * @public
 */
export function isChangeProviderError(
  error: unknown,
): error is ChangeProviderError {
  return (
    error instanceof ChangeProviderError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'ChangeProviderError' &&
      typeof (error as { kind?: unknown }).kind === 'string')
  );
}
