#!/usr/bin/env bash
# Starts the portal on embedded defaults: SQLite in memory, guest sign-in, the demo catalog.
# Sets up Node 24 and dependencies first when needed (see scripts/env.sh).
# Open http://localhost:3000 ; the backend listens on http://localhost:7007 .
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
netseal_setup
cd "$NETSEAL_ROOT"
exec yarn start "$@"
