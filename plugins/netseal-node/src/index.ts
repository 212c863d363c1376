/**
 * Netseal's Node.js library: the extension points through which backend modules add
 * Git hosts (change-request providers), cluster suppliers and rollout strategies.
 *
 * @packageDocumentation
 */

export * from './clusters';
export * from './changes';
