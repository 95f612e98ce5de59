#!/usr/bin/env bash
# One entry point for contributors:  ./scripts/dev.sh start | test | demo | <npm script> [args]
# Puts Node 22 on PATH (fetched from the npm registry where the system Node is older), installs from the
# lockfile when node_modules is missing or stale, then runs the npm script.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  echo "usage: ./scripts/dev.sh [start | test | demo | <npm script>] [args...]   (default: test)"
  echo "  installs with Node 22 when node_modules is missing or older than package-lock.json, then runs"
  echo "  npm run <script> -- args. Scripts: $(node -e 'console.log(Object.keys(require("./package.json").scripts).join(", "))' 2>/dev/null || echo 'see package.json')"
}
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
esac
# shellcheck source=ensure-node.sh
source scripts/ensure-node.sh
cmd="${1:-test}"
shift || true
if ! node -e 'process.exit(require("./package.json").scripts[process.argv[1]] ? 0 : 1)' "$cmd"; then
  echo "error: no npm script \"$cmd\" (./scripts/dev.sh --help lists them)" >&2
  exit 2
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec npm run "$cmd" -- "$@"
