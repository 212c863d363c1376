import {
  MAX_MANIFEST_ALIASES,
  MAX_MANIFEST_SIZE_TEXT,
} from '@netseal/backstage-plugin-netseal-common';
import { PROBES_FILE_LIMIT, SNAPSHOT_FILE_LIMIT } from './manifests/limits';

/** The "Exit codes" section every help page ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success: every NetworkPolicy is valid and sealed (or, for seal, now sealed)
  1  problems in the manifests: an invalid policy, a missing or stale seal,
     a missing or wrong sealed label, a plain scalar that YAML 1.1 (kubectl)
     and YAML 1.2 read differently, or a directory argument without a single
     NetworkPolicy
  2  usage error, or input netseal could not read or accept: a path that does
     not exist or cannot be read, a file over ${MAX_MANIFEST_SIZE_TEXT}, a file that is not YAML,
     an alias bomb, absurd nesting, a file seal could not write; for digest
     also a file without exactly one NetworkPolicy
`;

export const PROGRAM_DESCRIPTION = `Seal and verify Kubernetes NetworkPolicy manifests in Git, and show what a
change of policies opens and closes.

A seal is the sha256 digest of a policy's canonical form (what the API server
enforces), kept in the policy's netseal.io/seal annotation. Sealed policies
also carry the label netseal.io/sealed: "true", which the admission guard
selects them by; labels are part of the seal, so seal writes the label first.
CI runs "netseal verify" so that a policy can only change through a reviewed
change that also updates its seal; "netseal diff" tells the reviewer which
access paths the change opens and closes, and "netseal reach" whether given
connections are allowed, both over a snapshot of the cluster.`;

export const PROGRAM_HELP_AFTER = `
Examples:
  netseal seal policies/                 seal new and changed policies in place
  netseal seal --check policies/         exit 1 if a seal or label is missing or stale; write nothing
  netseal verify policies/               the CI gate: every policy valid and sealed
  netseal verify --json policies/ > problems.json
  netseal digest policies/prod/web.yaml  print one policy's seal
  kubectl get networkpolicy web -n prod -o yaml | netseal digest -
  kubectl get namespaces,pods,networkpolicies -A -o json > cluster.json
  netseal reach cluster.json probes.jsonl
                                         is each probed connection allowed, and why
  netseal diff cluster.json base/policies/ policies/
                                         what a change opens and closes, port by port
  netseal guard --rollout-user system:serviceaccount:netseal:rollout | kubectl apply -f -
                                         install the admission guard in a cluster
${EXIT_CODES_HELP}
Files:
  Directories are searched recursively for *.yaml, *.yml and *.json files,
  skipping hidden directories (.git, .github) and node_modules; files named on
  the command line are read whatever their name. A file may hold several YAML
  documents; documents of other kinds are left alone, and the NetworkPolicy
  items of a List are checked too. Files over ${MAX_MANIFEST_SIZE_TEXT} are refused unread;
  aliases may expand at most ${MAX_MANIFEST_ALIASES} times per document.

YAML:
  Read as YAML 1.2. A plain scalar that YAML 1.1 readers such as kubectl read
  differently (yes, on, 0755, 1:30, a << merge key) is a problem until it is
  quoted or rewritten: a seal must not vouch for what two readers disagree on.

Set NETSEAL_DEBUG=1 to print the stack trace of an unexpected error.
`;

export const SEAL_DESCRIPTION = `Add or correct the sealed label (netseal.io/sealed: "true") of every
NetworkPolicy under the paths, then write or refresh its netseal.io/seal
annotation with the seal of the labelled manifest. Only that label and that
annotation are edited: comments, key order, blank lines and other documents
keep their bytes. Each file is replaced atomically.

Invalid policies are reported (as verify does) and left unsealed: a seal vouches
for a policy the API server would accept. The valid ones are still sealed, and
the command exits 1. When a file cannot be read or parsed, nothing is written.`;

export const SEAL_HELP_AFTER = `
Output:
  One "wrote FILE: sealed N, refreshed M, labelled L" line per changed file, any
  problems as "file:line: path: message", then a summary such as
  "sealed 3, refreshed 1, labelled 4, unchanged 12 in 5 files".
  With --check, each missing or stale seal and each missing or wrong sealed
  label is a problem:
    policies/web.yaml:3: metadata.labels["netseal.io/sealed"]: missing: sealed manifests carry ...
    policies/web.yaml:4: metadata.annotations["netseal.io/seal"]: missing (expected sha256:...)

Examples:
  netseal seal policies/
  netseal seal policies/prod/web.yaml policies/prod/db.yaml
  netseal seal --check policies/
${EXIT_CODES_HELP}`;

export const VERIFY_DESCRIPTION = `Check that every NetworkPolicy under the paths is valid and carries the sealed
label (netseal.io/sealed: "true") and the seal of its current content. Changes
nothing. Files found under a directory may hold other kinds; but a file named
on the command line, or a directory, without any NetworkPolicy is a problem
(most often a wrong path in CI), unless --allow-empty is given. A manifest of
apiVersion networking.k8s.io/v1 whose kind is not NetworkPolicy is a problem
naming kind: most often a misspelt NetworkPolicy.`;

export const VERIFY_HELP_AFTER = `
Output:
  One line per problem, "file:line: path: message", for example
    policies/web.yaml:14: spec.ingress[0].ports[0].port: must be between 1 and 65535
    policies/db.yaml:5: metadata.annotations["netseal.io/seal"]: stale (expected sha256:...)
  then a summary. With --json, only a JSON array of
    {file, line, document, kind, name, namespace, path, message, code}
  objects ([] when all is well); line and document are 1-based, null when the
  problem concerns a whole file. code is one of: invalid, ambiguous-yaml,
  seal-missing, seal-stale, sealed-label, no-policies (exit 1); unreadable,
  too-large, not-yaml, alias-limit, too-deep, unwritable (exit 2).

Examples:
  netseal verify policies/
  netseal verify --json policies/ | jq -r '.[] | "\\(.file):\\(.line) \\(.message)"'
${EXIT_CODES_HELP}`;

export const DIGEST_DESCRIPTION = `Print the seal (sha256:<hex>) of the one NetworkPolicy in FILE, or in standard
input when FILE is "-". Runtime fields (status, uid, resourceVersion, ...) are
not part of the seal, so a live object's digest can be compared with its seal.
The policy is digested as it is: digest does not add the sealed label.
A file with no NetworkPolicy, or several, is an error naming what was found.`;

export const DIGEST_HELP_AFTER = `
Examples:
  netseal digest policies/prod/web.yaml
  kubectl get networkpolicy web -n prod -o yaml | netseal digest -
${EXIT_CODES_HELP}`;

export const REACH_DESCRIPTION = `Answer, for each probe, whether a connection is allowed in a cluster snapshot,
and which NetworkPolicies decide it, with the same reachability model as the
Netseal portal and backend.

SNAPSHOT is what "kubectl get namespaces,pods,networkpolicies -A -o json" (or
-o yaml) prints. PROBES holds one JSON object per line:
  {"from": "shop/web-0", "to": "data/db-0", "port": 5432}
  {"from": "shop/web-0", "to": "10.0.0.1", "port": 53, "protocol": "UDP"}
from and to are "namespace/pod" or an IP address (an address of a pod of the
snapshot stands for that pod); port is a number or a port name the destination
pod declares; protocol is TCP (the default), UDP or SCTP.`;

export const REACH_HELP_AFTER = `
Output:
  One JSON line per probe, in order:
    {"from":"shop/web-0","to":"data/db-0","port":5432,"portName":"postgres",
     "protocol":"TCP","allowed":true,"verdict":"allowed",
     "egress":{"outcome":"not-isolated"},
     "ingress":{"outcome":"allowed","allowedBy":[...],"isolatedBy":[...]},
     "reason":"Allowed on TCP 5432 (postgres): ..."}
  verdict is allowed, denied, or unknown where a cluster-scoped policy (or the
  rule on a pod's own node) may decide instead, named in mayBeOverriddenBy.
  egress and ingress say what each side decided: outside-cluster,
  not-isolated, own-node, allowed (allowedBy, isolatedBy) or denied (isolatedBy).
  Add nodes and the cluster-scoped policy kinds to kubectl get to model them.
  With --text, a table: FROM, TO and the reason.
  When a probe cannot be answered (a line that is not a probe, an unknown pod,
  a port name the pod does not declare), each such line is reported on
  standard error as "file:line: field: message", nothing is printed on
  standard output, and the exit code is 2.

Examples:
  kubectl get namespaces,pods,networkpolicies -A -o json > cluster.json
  netseal reach cluster.json probes.jsonl
  echo '{"from":"shop/web-0","to":"data/db-0","port":"postgres"}' | netseal reach cluster.json -
  kubectl get namespaces,pods,networkpolicies -A -o json | netseal reach --text - probes.jsonl

Exit codes:
  0  every probe answered (allowed or denied)
  2  usage error, or input netseal could not read or accept: a snapshot or
     probes file that cannot be read, is too large (snapshot over ${SNAPSHOT_FILE_LIMIT.text},
     probes over ${PROBES_FILE_LIMIT.text}) or malformed, or a probe that cannot be answered
`;

export const DIFF_DESCRIPTION = `Show which access paths a change of NetworkPolicies opens and which it closes,
in the cluster of a snapshot, with the same reachability model as the Netseal
portal and backend: what a reviewer needs beside the manifest diff.

SNAPSHOT is what "kubectl get namespaces,pods,networkpolicies -A -o json" prints
(its namespaces, pods and live policies). OLD and NEW are the manifest files or
directories before and after the change (say, the policy repository at the
base branch and at the pull request), read as verify reads them. Policies are
matched by namespace/name:
  before = the live policies, those in OLD replaced by OLD's version;
  after  = the live policies in neither OLD nor NEW, plus NEW's.
So a policy in OLD but not in NEW is removed, and live policies managed
elsewhere stay in both. A directory without policies is an empty set.`;

export const DIFF_HELP_AFTER = `
Ports:
  By default every port on which the change can open or close something:
  each port number a rule names (the first port of a range stands for it),
  each port a pod declares by name (what a rule's port name means), and per
  protocol "any other port", which stands for all the ports nobody names.
  --port restricts the analysis to the ports given. The ipBlock CIDRs of the
  policies are analysed as endpoints outside the pod network too.

Output:
  Which policies were changed, added and removed, then per port with changes
  the headline and one line per group of flows that open or close, e.g.
    TCP 5432: 1 flow open, 0 close.
    - Opens: pods app=worker in namespace shop → all pods in namespace data on TCP 5432 (1 flow; allowed by shop/worker-egress and data/db-from-api; was isolated by data/db-from-api and data/default-deny-ingress).
  With --json, one object: {policies, externalEndpoints, ports: [{protocol,
  port, otherPorts, openedFlows, closedFlows, summary, changes: [...]}],
  openedFlows, closedFlows}. Invalid manifests are reported as verify reports
  them (on standard error), and there is no diff.

Examples:
  kubectl get namespaces,pods,networkpolicies -A -o json > cluster.json
  git worktree add /tmp/base origin/main
  netseal diff cluster.json /tmp/base/policies policies
  netseal diff --port 5432 --port 53/UDP cluster.json /tmp/base/policies policies
  netseal diff --json cluster.json old/ new/ | jq '.ports[] | select(.changes != []) | .summary'

Exit codes:
  0  the diff is printed (whatever it opens or closes)
  1  problems in the manifests: an invalid policy, a plain scalar that YAML 1.1
     and YAML 1.2 read differently, or one policy defined twice
  2  usage error, or input netseal could not read or accept: a snapshot or
     manifest that cannot be read, is too large or malformed
`;

export const GUARD_DESCRIPTION = `Print the admission guard of a cluster as YAML for "kubectl apply -f -": the
namespace netseal-system, the ConfigMap netseal-guard holding its parameters,
and the ValidatingAdmissionPolicy netseal-guard with its binding. For
NetworkPolicies labelled netseal.io/sealed: "true" the guard lets
  - only the rollout identity (--rollout-user) create them, or add the label;
  - nobody change their spec or labels, nor remove the label (the rollout
    replaces a policy by deleting and creating it); annotations, finalizers
    and other metadata stay writable, for GitOps tools and controllers;
  - only the rollout identity, the namespace controller (so that namespaces
    can always be deleted) and each --delete-exception delete them.
Refusals name Netseal and say to use the Netseal portal or open a replacement
request. Needs Kubernetes 1.30 or later (admissionregistration.k8s.io/v1).`;

export const GUARD_HELP_AFTER = `
The rollout user is the username the cluster authenticates Netseal's rollout
identity as; "kubectl auth whoami" run with its credential prints it. Each
object is labelled netseal.io/guard-version, so the Netseal backend can tell
an outdated guard.

Examples:
  netseal guard --rollout-user system:serviceaccount:netseal:rollout | kubectl apply -f -
  netseal guard --rollout-user netseal-rollout --delete-exception break-glass@example.com > guard.yaml

Exit codes:
  0  the guard is printed
  2  usage error: --rollout-user missing, or a username that is empty or holds
     whitespace or control characters
`;

export const ATTEST_DESCRIPTION = `Signed attestations of rollouts and restores: each completed one is signed by
the Netseal backend (netseal.attestation.privateKey) as an in-toto Statement in
a DSSE envelope, served by GET /attestations/{id}.`;

export const ATTEST_VERIFY_DESCRIPTION = `Check a Netseal attestation offline: the envelope's signature over exactly its
payload, with the given Ed25519 or ECDSA P-256 public key, then the payload a
Netseal rollout statement. Prints the request or restore, its approvers, merge
commit, clusters and identities, and each created policy by its seal.`;

export const ATTEST_VERIFY_HELP_AFTER = `
Examples:
  curl -H "Authorization: Bearer $TOKEN" https://backstage.example.com/api/netseal/attestations/$ID > attestation.json
  netseal attest verify attestation.json --key netseal-attestation.pub

Exit codes:
  0  the attestation verifies with the key
  1  refused: signed by another key, a bad signature, or a payload changed
     after signing (the reason is printed)
  2  usage error, or the file or key cannot be read
`;
