/**
 * Types, canonical form and seal, manifest validation and the reachability model shared
 * by Netseal's portal, backend and CLI. Isomorphic: no Node-only imports.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './constants';
