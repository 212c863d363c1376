#!/usr/bin/env bash
# Starts the portal on embedded defaults: SQLite in a file, guest sign-in, the demo
# catalog with its policy sources in a Git repository of the demo's own, and the demo
# fleet (Kubernetes API test servers on 127.0.0.1, see scripts/demo-clusters.sh). Sets up
# Node 24 and dependencies first when needed.
# Open http://localhost:3000 ; the backend listens on http://localhost:7007 .
#
# The demo's state (the database with its requests, reviews and history, the policy
# repository, the clusters' objects) stays in .tools/demo across restarts, as an
# installation's would (demo-west on a real kube-apiserver starts from its seed each time).
#
#   scripts/start.sh                      the demo as it was left, on Kubernetes API test
#                                         servers
#   scripts/start.sh --fresh              the demo from its seed, its state of earlier runs
#                                         deleted
#   scripts/start.sh --real-kubernetes    demo-west on a real kube-apiserver instead, built
#                                         from upstream's Go modules on first use (needs Go
#                                         1.26; see packages/real-kubernetes/README.md)
# Other arguments go to `yarn start`.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/demo-clusters.sh"
fresh=false
arguments=()
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=true ;;
    --real-kubernetes) export NETSEAL_DEMO_REAL_KUBERNETES=true ;;
    *) arguments+=("$arg") ;;
  esac
done
set -- ${arguments[@]+"${arguments[@]}"}
netseal_setup
cd "$NETSEAL_ROOT"

database="$NETSEAL_DEMO_DIR/db"
policies="$NETSEAL_DEMO_DIR/policy-repo"
if [ "$fresh" = true ] || [ ! -d "$database" ] || [ ! -d "$policies/.git" ]; then
  # Pieces of a state belong together: a database without its repository (or an older
  # demo's repository without a database) would show requests nothing backs.
  rm -rf "$database" "$policies" "$NETSEAL_DEMO_DIR"/*.state.json
  netseal_log "the demo starts from its seed; what you do in it is kept in .tools/demo until scripts/start.sh --fresh"
else
  netseal_log "the demo continues where it was left (requests, history, policy repository and clusters in .tools/demo); scripts/start.sh --fresh starts it from its seed"
fi
mkdir -p "$database"
export NETSEAL_DEMO_KEEP_STATE=true
trap netseal_stop_demo_clusters EXIT
netseal_start_demo_clusters

# The demo's services and policy sources in a repository of the demo's own
# (.tools/demo/policy-repo), so that requests filed and merged in the demo move its
# branches, not this clone's. Lists replace lists across config files, so the catalog's
# locations are all given here.
[ -d "$policies/.git" ] || netseal_make_demo_policy_repo "$policies"
cat >"$NETSEAL_DEMO_DIR/app-config.sources.yaml" <<CONFIG
backend:
  database:
    client: better-sqlite3
    # One file per plugin; kept across restarts, deleted by --fresh.
    connection: { directory: $database }
catalog:
  locations:
    - type: file
      target: $policies/entities.yaml
    - type: file
      target: $NETSEAL_ROOT/examples/org.yaml
      rules:
        - allow: [User, Group]
    - type: file
      target: $NETSEAL_ROOT/examples/templates/request-networkpolicy-change/template.yaml
netseal:
  localGitReader:
    allow: [$policies]
CONFIG

yarn start --config "$NETSEAL_ROOT/app-config.yaml" \
  --config "$NETSEAL_DEMO_DIR/app-config.demo.yaml" \
  --config "$NETSEAL_DEMO_DIR/app-config.sources.yaml" "$@"
