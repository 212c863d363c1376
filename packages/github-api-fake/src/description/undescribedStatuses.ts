/**
 * Error statuses GitHub really answers that its OpenAPI description leaves out of an
 * operation. A response with one of these is counted apart from the conforming ones
 * (its body must still match GitHub's `basic-error`); any other status the description
 * does not give the operation fails the check. Each entry says why GitHub sends it.
 */
export const UNDESCRIBED_STATUSES: {
  statuses: number[];
  /** Only for this operation; every operation when absent. */
  operationId?: string;
  /** Only for operations whose path template starts so. */
  templatePrefix?: string;
  /** Only with a `message` like this; any message when absent. */
  message?: RegExp;
  why: string;
}[] = [
  {
    statuses: [401],
    why: 'GitHub answers 401 "Bad credentials" to any operation called with a wrong, expired or revoked token (and to the App endpoints with a JWT it cannot decode); the description lists 401 for a few operations only',
  },
  {
    statuses: [403],
    message: /rate limit/i,
    why: "GitHub's primary and secondary rate limits answer any operation with 403 and a rate-limit message (docs: Rate limits for the REST API)",
  },
  {
    statuses: [500, 502, 503, 504],
    why: 'GitHub may answer any operation with a server error; the description lists 5xx for a few operations only',
  },
  {
    statuses: [404],
    templatePrefix: '/repos/{owner}/{repo}',
    message: /^Not Found$/,
    why: 'GitHub answers 404 "Not Found" to any operation on a repository that does not exist or that the credentials may not see, and on a pull request or other resource of it that does not exist; several operations (listing pull requests, listing reviews) leave 404 out',
  },
  {
    statuses: [422],
    operationId: 'repos/get-combined-status-for-ref',
    message: /^No commit found for SHA: /,
    why: 'GitHub answers 422 "No commit found for SHA: <ref>" for a ref the repository does not have; the description gives only 200 and 404',
  },
];

/** Why GitHub sends `status` for the operation though its description does not say so, if it does. */
export function undescribedStatusReason(response: {
  status: number;
  operationId: string;
  template: string;
  body: unknown;
}): string | undefined {
  const message = (response.body as { message?: unknown } | null)?.message;
  return UNDESCRIBED_STATUSES.find(
    entry =>
      entry.statuses.includes(response.status) &&
      (entry.operationId === undefined ||
        entry.operationId === response.operationId) &&
      (entry.templatePrefix === undefined ||
        response.template.startsWith(entry.templatePrefix)) &&
      (entry.message === undefined ||
        (typeof message === 'string' && entry.message.test(message))),
  )?.why;
}
