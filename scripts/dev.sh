#!/usr/bin/env bash
# One entry point for contributors:  ./scripts/dev.sh start | test | <npm script> [args]
# Puts Node 22 on PATH (fetched from the npm registry where the system Node is older), installs from the
# lockfile when node_modules is missing or stale, then runs the npm script.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ensure-node.sh
source scripts/ensure-node.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
cmd="${1:-test}"
shift || true
exec npm run "$cmd" -- "$@"
