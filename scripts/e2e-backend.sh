#!/usr/bin/env bash
# The backend that the end-to-end tests drive (Playwright's webServer, see
# playwright.config.ts): the demo of scripts/start.sh plus a bulk fleet for the portal's
# performance figure (the service `bulk`, 60 sealed policies in each of 5 clusters, all
# served by one more test server on 127.0.0.1:16446; see scripts/e2e-bulk-fleet.js), with
# the demo's policy sources in a throwaway Git repository under .tools/e2e.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/demo-clusters.sh"
netseal_setup
cd "$NETSEAL_ROOT"
trap netseal_stop_demo_clusters EXIT

e2e="$NETSEAL_ROOT/.tools/e2e"
mkdir -p "$e2e"
node scripts/e2e-bulk-fleet.js "$e2e"
netseal_start_test_server bulk 16446 "$e2e/bulk-seed.yaml"
netseal_await_test_servers bulk
NETSEAL_DEMO_EXTRA_CLUSTERS=""
for cluster in bulk-1 bulk-2 bulk-3 bulk-4 bulk-5; do
  NETSEAL_DEMO_EXTRA_CLUSTERS+="    - name: $cluster
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_DIR/bulk.kubeconfig
      kubeconfigContext: kube-api-test-server-reader
"
done
export NETSEAL_DEMO_EXTRA_CLUSTERS
netseal_start_demo_clusters

# The demo's services and policy sources in a throwaway repository of this run's own, so
# that the requests the tests file and merge never touch the developer's clone.
policies="$e2e/policy-repo"
netseal_make_demo_policy_repo "$policies"

# Lists replace lists across config files, so the demo's locations are repeated here.
cat >"$e2e/app-config.e2e.yaml" <<CONFIG
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
    - type: file
      target: $e2e/bulk-entities.yaml
netseal:
  localGitReader:
    allow: [$policies, $e2e/bulk-source]
CONFIG

LOG_LEVEL="${LOG_LEVEL:-warn}" yarn start backend \
  --config "$NETSEAL_ROOT/app-config.yaml" \
  --config "$NETSEAL_DEMO_DIR/app-config.demo.yaml" \
  --config "$e2e/app-config.e2e.yaml"
