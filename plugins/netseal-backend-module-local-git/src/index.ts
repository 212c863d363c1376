/**
 * Netseal's local Git module: policy sources in Git repositories on the backend's disk,
 * and replacement requests as branches there, reviewed and merged in the portal.
 *
 * @packageDocumentation
 */

export { netsealModuleLocalGit as default } from './module';
export { netsealModuleLocalGitChanges } from './module';
export { LocalGitChangeProvider } from './LocalGitChangeProvider';
export {
  LocalGitUrlReader,
  localGitUrlReaderServiceFactory,
} from './LocalGitUrlReader';
