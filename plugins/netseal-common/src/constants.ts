/** Annotation that carries a manifest's seal in Git. Excluded from its own digest. @public */
export const SEAL_ANNOTATION = 'netseal.io/seal';

/** The shape of a seal: `sha256:` and 64 lowercase hexadecimal digits. @public */
export const SEAL_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Label that live sealed objects carry, so admission can select them. @public */
export const SEALED_LABEL = 'netseal.io/sealed';

/** Catalog annotation naming an entity's policy source (a URL the UrlReaderService reads). @public */
export const POLICY_SOURCE_ANNOTATION = 'netseal.io/policy-source';

/**
 * Annotation on a live policy that a Netseal rollout or restore created: the id of the
 * request (or restore) whose rollout created it. A hint only, outside the canonical form
 * and the seal; the provenance record in the database is what counts. @public
 */
export const REQUEST_ANNOTATION = 'netseal.io/request';
