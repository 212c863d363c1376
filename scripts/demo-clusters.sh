# shellcheck shell=bash
# Sourced by scripts/start.sh: the demo fleet, with no real cluster needed. Two
# Kubernetes API test servers (packages/kube-api-test-server) on 127.0.0.1, seeded from
# examples/demo/clusters, and a third configured cluster, demo-south, where nothing
# listens, so that the demo shows an unreachable cluster too. Writes the kubeconfigs and
# .tools/demo/app-config.demo.yaml, which points Netseal at them.

NETSEAL_DEMO_DIR="$NETSEAL_ROOT/.tools/demo"
NETSEAL_DEMO_PIDS=()

netseal_start_demo_clusters() {
  mkdir -p "$NETSEAL_DEMO_DIR"
  cat >"$NETSEAL_DEMO_DIR/tokens.yaml" <<'TOKENS'
tokens:
  reader: { token: demo-reader, username: netseal-reader, access: read }
  admin: { token: demo-admin, username: demo-admin, groups: [system:masters], access: write }
TOKENS
  local entry name port
  for entry in demo-east:16443 demo-west:16444; do
    name="${entry%%:*}"
    port="${entry##*:}"
    rm -f "$NETSEAL_DEMO_DIR/$name.kubeconfig"
    "$NETSEAL_ROOT/packages/kube-api-test-server/bin/kube-api-test-server" \
      --port "$port" \
      --seed "$NETSEAL_ROOT/examples/demo/clusters/$name.yaml" \
      --tokens "$NETSEAL_DEMO_DIR/tokens.yaml" \
      --context-token admin \
      --kubeconfig-out "$NETSEAL_DEMO_DIR/$name.kubeconfig" \
      >"$NETSEAL_DEMO_DIR/$name.log" 2>&1 &
    NETSEAL_DEMO_PIDS+=($!)
  done
  local i
  for i in $(seq 1 60); do
    [ -s "$NETSEAL_DEMO_DIR/demo-east.kubeconfig" ] && [ -s "$NETSEAL_DEMO_DIR/demo-west.kubeconfig" ] && break
    sleep 0.5
  done
  if [ ! -s "$NETSEAL_DEMO_DIR/demo-east.kubeconfig" ] || [ ! -s "$NETSEAL_DEMO_DIR/demo-west.kubeconfig" ]; then
    netseal_log "the demo clusters did not start; see $NETSEAL_DEMO_DIR/*.log"
    return 1
  fi
  cat >"$NETSEAL_DEMO_DIR/app-config.demo.yaml" <<CONFIG
# Written by scripts/start.sh: the demo fleet. Netseal reads with the read-only identity.
netseal:
  clusters:
    - name: demo-east
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_DIR/demo-east.kubeconfig
      kubeconfigContext: kube-api-test-server-reader
    - name: demo-west
      authProvider: kubeconfig
      kubeconfigPath: $NETSEAL_DEMO_DIR/demo-west.kubeconfig
      kubeconfigContext: kube-api-test-server-reader
    - name: demo-south
      url: http://127.0.0.1:16445
      skipTLSVerify: true
      serviceAccountToken: nothing-listens-here
  policySources:
    refreshInterval: { seconds: 30 }
CONFIG
  netseal_log "demo clusters: demo-east on :16443, demo-west on :16444 (KUBECONFIG=$NETSEAL_DEMO_DIR/demo-east.kubeconfig), demo-south down"
}

netseal_stop_demo_clusters() {
  [ "${#NETSEAL_DEMO_PIDS[@]}" -gt 0 ] && kill "${NETSEAL_DEMO_PIDS[@]}" 2>/dev/null
  return 0
}
