# shellcheck shell=bash
# Sourced by scripts/start.sh: the demo fleet, with no real cluster needed. Two
# Kubernetes API test servers (packages/kube-api-test-server) on 127.0.0.1, seeded from
# examples/demo/clusters, and a third configured cluster, demo-south, where nothing
# listens, so that the demo shows an unreachable cluster too. Writes the kubeconfigs and
# .tools/demo/app-config.demo.yaml, which points Netseal at them and lets the demo sign in
# as its reviewer (auth.providers.demo, development only).
# NETSEAL_DEMO_EXTRA_CLUSTERS, when set, is appended to that file's cluster list (the
# end-to-end tests add their bulk fleet that way, see scripts/e2e-backend.sh).
# NETSEAL_DEMO_REAL_KUBERNETES=true (scripts/start.sh --real-kubernetes) puts demo-west on
# a real kube-apiserver instead (scripts/real-kubernetes.sh), seeded from the same file.

NETSEAL_DEMO_DIR="$NETSEAL_ROOT/.tools/demo"
NETSEAL_DEMO_PIDS=()

# netseal_start_test_server NAME PORT SEED [OPTION...]: a test server in the background,
# its kubeconfig in $NETSEAL_DEMO_DIR/NAME.kubeconfig (contexts for the reader, admin and
# rollout tokens); further options go to the server.
netseal_start_test_server() {
  local name="$1" port="$2" seed="$3"
  shift 3
  mkdir -p "$NETSEAL_DEMO_DIR"
  cat >"$NETSEAL_DEMO_DIR/tokens.yaml" <<'TOKENS'
tokens:
  reader: { token: demo-reader, username: netseal-reader, access: read }
  admin: { token: demo-admin, username: demo-admin, groups: [system:masters], access: write }
  rollout: { token: demo-rollout, username: netseal-rollout, access: write }
TOKENS
  rm -f "$NETSEAL_DEMO_DIR/$name.kubeconfig"
  # scripts/start.sh keeps its clusters' objects across restarts; the e2e fleet starts anew.
  local state=()
  [ "${NETSEAL_DEMO_KEEP_STATE:-}" = true ] && state=(--state "$NETSEAL_DEMO_DIR/$name.state.json")
  "$NETSEAL_ROOT/packages/kube-api-test-server/bin/kube-api-test-server" \
    --port "$port" \
    --seed "$seed" \
    ${state[@]+"${state[@]}"} \
    --tokens "$NETSEAL_DEMO_DIR/tokens.yaml" \
    --context-token admin \
    --kubeconfig-out "$NETSEAL_DEMO_DIR/$name.kubeconfig" \
    "$@" \
    >"$NETSEAL_DEMO_DIR/$name.log" 2>&1 &
  NETSEAL_DEMO_PIDS+=($!)
}

# netseal_await_test_servers NAME...: waits until each has written its kubeconfig.
netseal_await_test_servers() {
  local i name missing
  for i in $(seq 1 120); do
    missing=""
    for name in "$@"; do
      [ -s "$NETSEAL_DEMO_DIR/$name.kubeconfig" ] || missing="$missing $name"
    done
    [ -z "$missing" ] && return 0
    sleep 0.5
  done
  netseal_log "test servers did not start:$missing; see $NETSEAL_DEMO_DIR/*.log"
  return 1
}

# netseal_start_real_demo_west: demo-west on a real control plane of its own, started
# afresh and seeded like the test server's; it stops with this shell at the latest.
NETSEAL_DEMO_REAL_DIR="$NETSEAL_DEMO_DIR/demo-west-real"
netseal_start_real_demo_west() {
  mkdir -p "$NETSEAL_DEMO_REAL_DIR"
  "$NETSEAL_ROOT/scripts/real-kubernetes.sh" stop "$NETSEAL_DEMO_REAL_DIR" 2>/dev/null
  "$NETSEAL_ROOT/scripts/real-kubernetes.sh" start "$NETSEAL_DEMO_REAL_DIR" --stop-with $$ >/dev/null || return 1
  "$NETSEAL_ROOT/packages/real-kubernetes/bin/seed-real-kubernetes" \
    --kubeconfig "$NETSEAL_DEMO_REAL_DIR/kubeconfig" \
    --seed "$NETSEAL_ROOT/examples/demo/clusters/demo-west.yaml" >&2 || return 1
}

# The part of app-config.demo.yaml that points Netseal at demo-west.
netseal_demo_west_config() {
  if [ "${NETSEAL_DEMO_REAL_KUBERNETES:-}" = true ]; then
    cat <<CONFIG
    - name: demo-west
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_REAL_DIR/kubeconfig
      # A real kube-apiserver: the reader and rollout users have RBAC of their own.
      kubeconfigContext: reader
      rollout: { kubeconfigContext: rollout }
CONFIG
  else
    cat <<CONFIG
    - name: demo-west
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_DIR/demo-west.kubeconfig
      kubeconfigContext: kube-api-test-server-reader
      rollout: { kubeconfigContext: kube-api-test-server-rollout }
CONFIG
  fi
}

netseal_start_demo_clusters() {
  netseal_start_test_server demo-east 16443 "$NETSEAL_ROOT/examples/demo/clusters/demo-east.yaml"
  if [ "${NETSEAL_DEMO_REAL_KUBERNETES:-}" = true ]; then
    netseal_start_real_demo_west || { netseal_log "demo-west could not start on a real kube-apiserver; see above"; return 1; }
    netseal_await_test_servers demo-east
  else
    # demo-west serves the cluster-scoped network policy kinds and carries a baseline.
    netseal_start_test_server demo-west 16444 "$NETSEAL_ROOT/examples/demo/clusters/demo-west.yaml" \
      --cluster-scoped-policy "$NETSEAL_ROOT/examples/demo/clusters/demo-west-cluster-scoped.yaml"
    netseal_await_test_servers demo-east demo-west
  fi
  netseal_make_demo_attestation_key
  cat >"$NETSEAL_DEMO_DIR/app-config.demo.yaml" <<CONFIG
# Written by scripts/start.sh: the demo fleet, where Netseal reads with the read-only
# identity and rolls out with the rollout identity, and the demo's reviewer.
auth:
  providers:
    # Development only (packages/backend/src/demoUsers): sign in as Riley, who reviews
    # the guest's requests. Never configure this provider anywhere else.
    demo:
      users: [user:default/riley]
netseal:
  clusters:
    - name: demo-east
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_DIR/demo-east.kubeconfig
      kubeconfigContext: kube-api-test-server-reader
      # Rollouts delete and create sealed policies as this identity, never the reader.
      rollout: { kubeconfigContext: kube-api-test-server-rollout }
$(netseal_demo_west_config)
    - name: demo-south
      url: http://127.0.0.1:16445
      skipTLSVerify: true
      serviceAccountToken: nothing-listens-here
${NETSEAL_DEMO_EXTRA_CLUSTERS:-}
  policySources:
    refreshInterval: { seconds: 30 }
  # Completed rollouts and restores are signed with the demo's own key; check one with
  # netseal attest verify FILE --key $NETSEAL_DEMO_DIR/attestation.pub
  attestation:
    privateKey:
      \$file: $NETSEAL_DEMO_DIR/attestation.key
CONFIG
  if [ "${NETSEAL_DEMO_REAL_KUBERNETES:-}" = true ]; then
    netseal_log "demo clusters: demo-east on :16443 (KUBECONFIG=$NETSEAL_DEMO_DIR/demo-east.kubeconfig), demo-west on a real kube-apiserver at $(cat "$NETSEAL_DEMO_REAL_DIR/server") (KUBECONFIG=$NETSEAL_DEMO_REAL_DIR/kubeconfig), demo-south down"
  else
    netseal_log "demo clusters: demo-east on :16443, demo-west on :16444 (KUBECONFIG=$NETSEAL_DEMO_DIR/demo-east.kubeconfig), demo-south down"
  fi
}

# netseal_make_demo_attestation_key: the demo's Ed25519 signing key, made once under
# $NETSEAL_DEMO_DIR (attestation.key, and attestation.pub to verify with).
netseal_make_demo_attestation_key() {
  [ -s "$NETSEAL_DEMO_DIR/attestation.key" ] && [ -s "$NETSEAL_DEMO_DIR/attestation.pub" ] && return 0
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const fs = require("node:fs");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    fs.writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(process.argv[2], publicKey.export({ type: "spki", format: "pem" }));
  ' "$NETSEAL_DEMO_DIR/attestation.key" "$NETSEAL_DEMO_DIR/attestation.pub"
}

netseal_stop_demo_clusters() {
  [ "${#NETSEAL_DEMO_PIDS[@]}" -gt 0 ] && kill "${NETSEAL_DEMO_PIDS[@]}" 2>/dev/null
  if [ "${NETSEAL_DEMO_REAL_KUBERNETES:-}" = true ]; then
    "$NETSEAL_ROOT/scripts/real-kubernetes.sh" stop "$NETSEAL_DEMO_REAL_DIR" 2>/dev/null
  fi
  return 0
}

# netseal_make_demo_policy_repo DIR: a throwaway Git repository, made afresh, holding the
# demo catalog's services (examples/entities.yaml) and their policy sources
# (examples/demo/policies), committed once. Requests filed in the demo become branches of
# the repository that holds the sources, and a merge moves its main branch: that must not
# be the developer's own clone. The copied entities keep their relative
# netseal.io/policy-source annotations (dir:./demo/policies/...), which resolve inside DIR.
netseal_make_demo_policy_repo() {
  local repo="$1"
  rm -rf "$repo"
  mkdir -p "$repo/demo"
  cp "$NETSEAL_ROOT/examples/entities.yaml" "$repo/entities.yaml"
  cp -R "$NETSEAL_ROOT/examples/demo/policies" "$repo/demo/policies"
  git -C "$repo" init -q -b main
  git -C "$repo" add .
  git -C "$repo" -c user.name=netseal-demo -c user.email=netseal-demo@localhost \
    -c commit.gpgsign=false commit -q -m "The demo's services and their sealed policies"
}
