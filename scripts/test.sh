#!/usr/bin/env bash
# Runs every check and every test, as CI does: lint, type-check, unit and integration
# tests (backend tests against SQLite and a real PostgreSQL), and the end-to-end suite in
# a real Chromium. Sets up what it needs first, idempotently (scripts/env.sh,
# scripts/postgres.sh, Debian's chromium).
#
#   scripts/test.sh            everything
#   scripts/test.sh --no-e2e   everything but the browser suite
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/postgres.sh"

run_e2e=true
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=false ;;
    *) netseal_log "unknown option '$arg' (known: --no-e2e)"; exit 2 ;;
  esac
done

export CI=true
netseal_setup
cd "$NETSEAL_ROOT"

netseal_ensure_postgres

netseal_ensure_chromium() {
  local bin="${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$bin" ] && return 0
  netseal_log "installing Debian's chromium for the end-to-end suite"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
    { "${sudo[@]}" apt-get update -qq >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    { netseal_log "could not install chromium; set PLAYWRIGHT_CHROMIUM to a Chromium binary"; return 1; }
}

netseal_log "lint"
yarn lint
yarn prettier:check
netseal_log "type-check"
yarn tsc
netseal_log "unit and integration tests (SQLite and PostgreSQL $NETSEAL_PG_VERSION)"
yarn backstage-cli repo test
if [ "$run_e2e" = true ]; then
  netseal_ensure_chromium
  netseal_log "end-to-end tests in Chromium"
  yarn playwright test
fi
netseal_log "all checks passed"
