/**
 * The `netseal` command: seal and verify NetworkPolicy manifests in Git.
 *
 * @packageDocumentation
 */
export { main } from './main';
