/**
 * The `netseal` command: seal and verify NetworkPolicy manifests in Git.
 *
 * @packageDocumentation
 */
export { main } from './main';
export { runNetseal } from './runNetseal';
export type { CliIo, CliOutput } from './CliIo';
export { ExitCode } from './exitCodes';
