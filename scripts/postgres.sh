# shellcheck shell=bash
# Sourced by scripts/test.sh. Gives the backend tests a real PostgreSQL, as CI requires:
# installs Debian's `postgresql` when missing (root only), starts its cluster, and exports
# the connection string that @backstage/backend-test-utils' TestDatabases reads for
# POSTGRES_15 (it would otherwise try Docker, which these machines do not have).
# A connection string already in the environment is used as it is.

NETSEAL_PG_VERSION=15
NETSEAL_PG_VAR="BACKSTAGE_TEST_DATABASE_POSTGRES${NETSEAL_PG_VERSION}_CONNECTION_STRING"

netseal_ensure_postgres() {
  if [ -n "${!NETSEAL_PG_VAR:-}" ]; then
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null && sudo=(sudo -n) || sudo=(false)
  fi
  if ! command -v pg_ctlcluster >/dev/null || [ ! -x "/usr/lib/postgresql/$NETSEAL_PG_VERSION/bin/postgres" ]; then
    netseal_log "installing PostgreSQL $NETSEAL_PG_VERSION from Debian's packages"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$NETSEAL_PG_VERSION" >/dev/null ||
      { "${sudo[@]}" apt-get update -qq >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$NETSEAL_PG_VERSION" >/dev/null; } ||
      { netseal_log "could not install PostgreSQL; set $NETSEAL_PG_VAR to a server you have"; return 1; }
  fi
  if [ ! -d "/etc/postgresql/$NETSEAL_PG_VERSION/main" ]; then
    "${sudo[@]}" pg_createcluster "$NETSEAL_PG_VERSION" main >/dev/null || return 1
  fi
  # Loopback only: tests never need the server on another interface.
  "${sudo[@]}" pg_ctlcluster "$NETSEAL_PG_VERSION" main start -o "-c listen_addresses=127.0.0.1" >/dev/null 2>&1 || true
  local port
  port="$("${sudo[@]}" pg_conftool -s "$NETSEAL_PG_VERSION" main show port 2>/dev/null || echo 5432)"
  local i
  for i in $(seq 1 30); do
    "${sudo[@]}" su postgres -c "pg_isready -q -p $port" && break
    sleep 1
  done
  # Over the local socket, where Debian's pg_hba.conf trusts the postgres user (peer).
  "${sudo[@]}" su postgres -c "psql -q -p $port -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='netseal_test') THEN CREATE ROLE netseal_test LOGIN SUPERUSER PASSWORD 'netseal_test'; END IF; END\\\$\\\$;\"" >/dev/null ||
    { netseal_log "PostgreSQL did not accept the test role; set $NETSEAL_PG_VAR yourself"; return 1; }
  export "$NETSEAL_PG_VAR=postgresql://netseal_test:netseal_test@127.0.0.1:$port"
}
