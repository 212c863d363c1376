#!/usr/bin/env bash
# Starts the portal on embedded defaults: SQLite in memory, guest sign-in, the demo
# catalog with its policy sources in a throwaway Git repository, and the demo fleet
# (Kubernetes API test servers on 127.0.0.1, see scripts/demo-clusters.sh). Sets up
# Node 24 and dependencies first when needed.
# Open http://localhost:3000 ; the backend listens on http://localhost:7007 .
#
#   scripts/start.sh                      the demo fleet on Kubernetes API test servers
#   scripts/start.sh --real-kubernetes    demo-west on a real kube-apiserver instead, built
#                                         from upstream's Go modules on first use (needs Go
#                                         1.26; see packages/real-kubernetes/README.md)
# Other arguments go to `yarn start`.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/demo-clusters.sh"
arguments=()
for arg in "$@"; do
  case "$arg" in
    --real-kubernetes) export NETSEAL_DEMO_REAL_KUBERNETES=true ;;
    *) arguments+=("$arg") ;;
  esac
done
set -- ${arguments[@]+"${arguments[@]}"}
netseal_setup
cd "$NETSEAL_ROOT"
trap netseal_stop_demo_clusters EXIT
netseal_start_demo_clusters

# The demo's services and policy sources in a copy made afresh at each start
# (.tools/demo/policy-repo), so that requests filed and merged in the demo move that
# copy's branches, not this clone's. Lists replace lists across config files, so the
# catalog's locations are all given here.
policies="$NETSEAL_DEMO_DIR/policy-repo"
netseal_make_demo_policy_repo "$policies"
cat >"$NETSEAL_DEMO_DIR/app-config.sources.yaml" <<CONFIG
catalog:
  locations:
    - type: file
      target: $policies/entities.yaml
    - type: file
      target: $NETSEAL_ROOT/examples/org.yaml
      rules:
        - allow: [User, Group]
netseal:
  localGitReader:
    allow: [$policies]
CONFIG

yarn start --config "$NETSEAL_ROOT/app-config.yaml" \
  --config "$NETSEAL_DEMO_DIR/app-config.demo.yaml" \
  --config "$NETSEAL_DEMO_DIR/app-config.sources.yaml" "$@"
