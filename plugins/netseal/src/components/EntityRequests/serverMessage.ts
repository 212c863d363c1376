import { isResponseError } from '../../api/isResponseError';

/**
 * The server's own words for a failed call ("Request 12 is not merged ..."), not
 * ResponseError's "Request failed with 409 Conflict", which says nothing to act on.
 */
export function serverMessage(error: Error): string {
  if (isResponseError(error) && error.cause.message) {
    return error.cause.message;
  }
  return error.message;
}
