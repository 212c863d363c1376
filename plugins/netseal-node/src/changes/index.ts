export type {
  ChangeFile,
  ChangeProviderConnection,
  ChangeRef,
  ChangeRequester,
  ChangeReview,
  ChangeState,
  CloseChangeOptions,
  GetChangeOptions,
  GetMergedChangeOptions,
  LiveRemoval,
  MergedChange,
  NetsealChangeProvider,
  OpenChangeInput,
} from './NetsealChangeProvider';
export {
  ChangeProviderError,
  isChangeProviderError,
} from './ChangeProviderError';
export type { ChangeProviderErrorKind } from './ChangeProviderError';
export { countApprovals } from './countApprovals';
export { markCountedApprovals } from './markCountedApprovals';
export { netsealChangeProviderExtensionPoint } from './netsealChangeProviderExtensionPoint';
export type { NetsealChangeProviderExtensionPoint } from './netsealChangeProviderExtensionPoint';
export { changeAuthor } from './changeAuthor';
export {
  resolveChangeFilePath,
  resolveChangeFiles,
} from './resolveChangeFilePath';
export { describeLiveRemovals } from './describeLiveRemovals';
