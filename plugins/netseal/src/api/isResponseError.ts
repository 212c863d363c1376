import { isError, ResponseError } from '@backstage/errors';

/**
 * By name, as `ResponseError.is` does in later releases of `@backstage/errors` than the
 * Backstage release Netseal supports; `instanceof` fails across two copies of it.
 */
export function isResponseError(error: unknown): error is ResponseError {
  return isError(error) && error.name === 'ResponseError';
}
