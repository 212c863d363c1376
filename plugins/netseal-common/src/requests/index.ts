export * from './RequestChange';
export * from './limits';
export { validateRequestChanges } from './validateRequestChanges';
export * from './editManifestFile';
