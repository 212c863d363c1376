/**
 * Netseal's Node.js library: the extension points through which backend modules add
 * Git hosts (change providers) and cluster suppliers.
 *
 * @packageDocumentation
 */

export * from './clusters';
export * from './changes';
