/**
 * Netseal's portal plugin for Backstage's legacy frontend system. The new frontend
 * system's plugin is under `/alpha`.
 *
 * @packageDocumentation
 */
export {
  netsealPlugin,
  NetsealPage,
  EntityNetsealContent,
  EntityNetsealCard,
} from './plugin';
export { isNetsealAvailable } from './isNetsealAvailable';
export { ReachabilityPicture } from './components/ReachabilityPicture';
export * from './api';
