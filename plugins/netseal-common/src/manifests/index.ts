export * from './limits';
export type { ParsedDocument, ParsedManifestFile } from './ParsedManifestFile';
export type { PolicySite } from './PolicySite';
export * from './parseManifestText';
export * from './findNetworkPolicies';
export type { AmbiguousScalar } from './findAmbiguousScalars';
export {
  findAmbiguousScalars,
  findPolicyAmbiguousScalars,
} from './findAmbiguousScalars';
export { lineOfPath, lineOfPolicyField } from './lineOfPath';
export * from './parseFieldPath';
export * from './formatFieldPath';
export * from './sealFileText';
export * from './readManifestDocuments';
