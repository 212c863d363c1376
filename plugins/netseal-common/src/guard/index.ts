export * from './guardNames';
export type { GuardManifest } from './GuardManifest';
export { buildGuardManifests, GUARD_VERSION } from './buildGuardManifests';
export type { GuardManifestOptions } from './buildGuardManifests';
export { guardManifestsToYaml } from './guardManifestsToYaml';
export { guardUsernameProblem } from './guardUsernameProblem';
