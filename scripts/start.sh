#!/usr/bin/env bash
# Starts the portal on embedded defaults: SQLite in memory, guest sign-in, the demo
# catalog, and the demo fleet (Kubernetes API test servers on 127.0.0.1, see
# scripts/demo-clusters.sh). Sets up Node 24 and dependencies first when needed.
# Open http://localhost:3000 ; the backend listens on http://localhost:7007 .
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/demo-clusters.sh"
netseal_setup
cd "$NETSEAL_ROOT"
trap netseal_stop_demo_clusters EXIT
netseal_start_demo_clusters
yarn start --config "$NETSEAL_ROOT/app-config.yaml" --config "$NETSEAL_DEMO_DIR/app-config.demo.yaml" "$@"
