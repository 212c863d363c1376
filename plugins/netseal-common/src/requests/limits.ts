/**
 * Largest manifest one change may carry. A NetworkPolicy is a few kilobytes; this leaves
 * room for long peer lists while bounding what one request costs to parse and store.
 *
 * @public
 */
export const MAX_REQUEST_MANIFEST_BYTES = 256 * 1024;

/** Human form of {@link MAX_REQUEST_MANIFEST_BYTES}. @public */
export const MAX_REQUEST_MANIFEST_SIZE_TEXT = '256 KiB';

/**
 * Most changes one request may hold: one pull request a reviewer can still read.
 *
 * @public
 */
export const MAX_REQUEST_CHANGES = 64;

/**
 * Largest request body the API reads: a request may hold up to
 * {@link MAX_REQUEST_CHANGES} changes, but not that many manifests of the largest size.
 *
 * @public
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** Human form of {@link MAX_REQUEST_BODY_BYTES}. @public */
export const MAX_REQUEST_BODY_SIZE_TEXT = '1 MiB';
