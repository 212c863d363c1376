/**
 * Netseal's portal plugin for Backstage's legacy frontend system. The new frontend
 * system's plugin is under `/alpha`.
 *
 * @packageDocumentation
 */
export { netsealPlugin, NetsealPage } from './plugin';
export * from './api';
