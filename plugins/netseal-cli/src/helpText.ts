import {
  MAX_ALIAS_COUNT,
  MAX_MANIFEST_FILE_SIZE_TEXT,
} from './manifests/limits';

/** The "Exit codes" section every help page ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success: every NetworkPolicy is valid and sealed (or, for seal, now sealed)
  1  problems in the manifests: an invalid policy, a missing or stale seal,
     a plain scalar that YAML 1.1 (kubectl) and YAML 1.2 read differently,
     or a directory argument without a single NetworkPolicy
  2  usage error, or input netseal could not read or accept: a path that does
     not exist or cannot be read, a file over ${MAX_MANIFEST_FILE_SIZE_TEXT}, a file that is not YAML,
     an alias bomb, absurd nesting, a file seal could not write; for digest
     also a file without exactly one NetworkPolicy
`;

export const PROGRAM_DESCRIPTION = `Seal and verify Kubernetes NetworkPolicy manifests in Git.

A seal is the sha256 digest of a policy's canonical form (what the API server
enforces), kept in the policy's netseal.io/seal annotation. CI runs
"netseal verify" so that a policy can only change through a reviewed change
that also updates its seal.`;

export const PROGRAM_HELP_AFTER = `
Examples:
  netseal seal policies/                 seal new and changed policies in place
  netseal seal --check policies/         exit 1 if a seal is missing or stale; write nothing
  netseal verify policies/               the CI gate: every policy valid and sealed
  netseal verify --json policies/ > problems.json
  netseal digest policies/prod/web.yaml  print one policy's seal
  kubectl get networkpolicy web -n prod -o yaml | netseal digest -
${EXIT_CODES_HELP}
Files:
  Directories are searched recursively for *.yaml, *.yml and *.json files,
  skipping hidden directories (.git, .github) and node_modules; files named on
  the command line are read whatever their name. A file may hold several YAML
  documents; documents of other kinds are left alone, and the NetworkPolicy
  items of a List are checked too. Files over ${MAX_MANIFEST_FILE_SIZE_TEXT} are refused unread;
  aliases may expand at most ${MAX_ALIAS_COUNT} times per document.

YAML:
  Read as YAML 1.2. A plain scalar that YAML 1.1 readers such as kubectl read
  differently (yes, on, 0755, 1:30, a << merge key) is a problem until it is
  quoted or rewritten: a seal must not vouch for what two readers disagree on.

Set NETSEAL_DEBUG=1 to print the stack trace of an unexpected error.
`;

export const SEAL_DESCRIPTION = `Write or refresh the netseal.io/seal annotation of every NetworkPolicy under
the paths, editing only that annotation: comments, key order, blank lines and
other documents keep their bytes. Each file is replaced atomically.

Invalid policies are reported (as verify does) and left unsealed: a seal vouches
for a policy the API server would accept. The valid ones are still sealed, and
the command exits 1. When a file cannot be read or parsed, nothing is written.`;

export const SEAL_HELP_AFTER = `
Output:
  One "wrote FILE: sealed N, refreshed M" line per changed file, any problems as
  "file:line: path: message", then a summary such as
  "sealed 3, refreshed 1, unchanged 12 in 5 files".
  With --check, each missing or stale seal is a problem:
    policies/web.yaml:4: metadata.annotations["netseal.io/seal"]: missing (expected sha256:...)

Examples:
  netseal seal policies/
  netseal seal policies/prod/web.yaml policies/prod/db.yaml
  netseal seal --check policies/
${EXIT_CODES_HELP}`;

export const VERIFY_DESCRIPTION = `Check that every NetworkPolicy under the paths is valid and carries the seal of
its current content. Changes nothing. Files without NetworkPolicies are fine; a
directory argument without any is a problem (most often a wrong path in CI),
unless --allow-empty is given.`;

export const VERIFY_HELP_AFTER = `
Output:
  One line per problem, "file:line: path: message", for example
    policies/web.yaml:14: spec.ingress[0].ports[0].port: must be between 1 and 65535
    policies/db.yaml:5: metadata.annotations["netseal.io/seal"]: stale (expected sha256:...)
  then a summary. With --json, only a JSON array of
    {file, line, document, kind, name, namespace, path, message, code}
  objects ([] when all is well); line and document are 1-based, null when the
  problem concerns a whole file. code is one of: invalid, ambiguous-yaml,
  seal-missing, seal-stale, no-policies (exit 1); unreadable, too-large,
  not-yaml, alias-limit, too-deep (exit 2).

Examples:
  netseal verify policies/
  netseal verify --json policies/ | jq -r '.[] | "\\(.file):\\(.line) \\(.message)"'
${EXIT_CODES_HELP}`;

export const DIGEST_DESCRIPTION = `Print the seal (sha256:<hex>) of the one NetworkPolicy in FILE, or in standard
input when FILE is "-". Runtime fields (status, uid, resourceVersion, ...) are
not part of the seal, so a live object's digest can be compared with its seal.
A file with no NetworkPolicy, or several, is an error naming what was found.`;

export const DIGEST_HELP_AFTER = `
Examples:
  netseal digest policies/prod/web.yaml
  kubectl get networkpolicy web -n prod -o yaml | netseal digest -
${EXIT_CODES_HELP}`;
