/**
 * The exit codes of every `netseal` command, as documented in `netseal --help`.
 * A pipeline can tell "the manifests need work" (1) from "netseal could not check them" (2).
 *
 * @public
 */
export enum ExitCode {
  /** Every policy checked is valid and sealed (or was sealed). */
  ok = 0,
  /** netseal read everything and found problems in the manifests. */
  problems = 1,
  /** A usage error, or input netseal could not read, parse or accept. */
  badInput = 2,
}
