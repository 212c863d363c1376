/** Annotation that carries a manifest's seal in Git. Excluded from its own digest. @public */
export const SEAL_ANNOTATION = 'netseal.io/seal';

/** Label that live sealed objects carry, so admission can select them. @public */
export const SEALED_LABEL = 'netseal.io/sealed';

/** Catalog annotation naming an entity's policy source (a URL the UrlReaderService reads). @public */
export const POLICY_SOURCE_ANNOTATION = 'netseal.io/policy-source';
