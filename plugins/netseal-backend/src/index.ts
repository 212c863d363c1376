export { netsealPlugin as default } from './plugin';
export {
  LocalGitUrlReader,
  localGitUrlReaderServiceFactory,
} from './sources/LocalGitUrlReader';
