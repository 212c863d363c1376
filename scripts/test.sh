#!/usr/bin/env bash
# Runs every check and every test, as CI does: lint, type-check, unit and integration
# tests (backend tests against SQLite and a real PostgreSQL, the Kubernetes tests against
# a real kube-apiserver as well as the test server), and the end-to-end suite in a real
# Chromium. Sets up what it needs first, idempotently (scripts/env.sh,
# scripts/postgres.sh, scripts/real-kubernetes.sh, Debian's chromium).
#
#   scripts/test.sh                  everything but the install test
#   scripts/test.sh --no-e2e         also without the browser suite
#   scripts/test.sh --install-test   also the install test (scripts/install-test.sh), which
#                                    takes longer than the rest together (docs/releasing.md)
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/postgres.sh"

run_e2e=true
run_install_test=false
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=false ;;
    --install-test) run_install_test=true ;;
    *) netseal_log "unknown option '$arg' (known: --no-e2e, --install-test)"; exit 2 ;;
  esac
done

export CI=true
# The real control plane's first build is Go's work for several minutes, most of it while
# the steps below wait on the network or on one core; it runs beside them, and `start`
# below waits for it (the build holds a lock) or builds itself if it failed. Its output
# is kept for that case; `start` prints the build's own error again if it has to.
mkdir -p "$NETSEAL_TOOLS/logs"
netseal_real_kubernetes_dir="$NETSEAL_TOOLS/real-kubernetes/test-run"
# In a session of its own, so that stopping it stops Go's compilers too.
setsid "$here/real-kubernetes.sh" build >"$NETSEAL_TOOLS/logs/real-kubernetes-build.log" 2>&1 &
netseal_real_kubernetes_build=$!
netseal_cleanup() {
  kill -- "-$netseal_real_kubernetes_build" 2>/dev/null || true
  "$NETSEAL_ROOT/scripts/real-kubernetes.sh" stop "$netseal_real_kubernetes_dir" >/dev/null 2>&1 || true
}
trap netseal_cleanup EXIT
netseal_setup
cd "$NETSEAL_ROOT"

# Installs a Debian package when a command is missing: apt-get update only when needed.
netseal_apt_install() {
  local package="$1"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  netseal_log "installing Debian's $package"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 ||
    { "${sudo[@]}" apt-get update -qq >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; }
}

netseal_ensure_chromium() {
  [ -x "${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}" ] && return 0
  netseal_apt_install chromium ||
    { netseal_log "could not install chromium; set PLAYWRIGHT_CHROMIUM to a Chromium binary"; return 1; }
}

# The Kubernetes API test server's suite drives the real kubectl (1.32 in Debian 12's
# sources here; Debian's old kubernetes-client 1.20 is too old for it).
netseal_ensure_kubectl() {
  if command -v kubectl >/dev/null && kubectl version --client -o json 2>/dev/null | grep -qE '"minor": "3[0-9]'; then
    return 0
  fi
  netseal_apt_install kubectl ||
    { netseal_log "could not install kubectl >= 1.30; install it and put it on PATH"; return 1; }
}

netseal_ensure_postgres
netseal_ensure_kubectl

netseal_log "lint"
yarn lint
yarn prettier:check
yarn openapi:check
yarn packages:check
netseal_log "type-check, and the public APIs against their reports"
yarn tsc
yarn api-reports:check
# One real control plane for every test that asks for one (startRealKubernetes() in
# packages/real-kubernetes), built from upstream's Go modules on the first run; it is
# stopped when this script ends, however it ends.
netseal_log "real Kubernetes control plane (scripts/real-kubernetes.sh)"
wait "$netseal_real_kubernetes_build" ||
  netseal_log "the control plane's build beside the checks failed (.tools/logs/real-kubernetes-build.log); building again"
"$NETSEAL_ROOT/scripts/real-kubernetes.sh" start "$netseal_real_kubernetes_dir" --stop-with $$ >/dev/null
export NETSEAL_REAL_KUBERNETES_DIR="$netseal_real_kubernetes_dir"

netseal_log "unit and integration tests (SQLite and PostgreSQL $NETSEAL_PG_VERSION, test server and real kube-apiserver)"
yarn backstage-cli repo test
if [ "$run_e2e" = true ]; then
  netseal_ensure_chromium
  netseal_log "end-to-end tests in Chromium"
  yarn playwright test
fi
if [ "$run_install_test" = true ]; then
  netseal_ensure_chromium
  netseal_log "the install test: packed packages in fresh create-app apps"
  # The apps' lockfiles change as docs/install.md adds packages; Yarn holds them immutable
  # under CI=true otherwise. This repository's own install stays --immutable.
  YARN_ENABLE_IMMUTABLE_INSTALLS=false "$here/install-test.sh"
fi
netseal_log "all checks passed"
