/**
 * Attribution of drift: what a live object's managedFields say about who or what changed
 * it. Pure and isomorphic.
 */

export * from './types';
export { attributeDrift, DELETION_NOT_ATTRIBUTED } from './attributeDrift';
export { describeAttribution } from './describeAttribution';
export { fieldWritersOf } from './fieldWritersOf';
export { MANUAL_FIELD_MANAGERS, writerKindOf } from './writerKindOf';
