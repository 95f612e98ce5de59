#!/usr/bin/env bash
# One entry point for contributors:  ./scripts/dev.sh start | test | demo | <npm script> [args]
# Runs the npm script through scripts/node22: Node 22 first on PATH (fetched from the npm registry where the
# system Node is older), node_modules installed from the lockfile when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:-test}"
if [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ]; then
  echo "usage: ./scripts/dev.sh [start | test | demo | <npm script>] [args...]   (default: test)"
  echo "  npm run <script> -- args under Node 22, installing first when node_modules is missing or stale."
  echo "  Scripts: $(node -e 'console.log(Object.keys(require("./package.json").scripts).join(", "))' 2>/dev/null || echo 'see package.json')"
  exit 0
fi
shift || true
if command -v node >/dev/null && ! node -e 'process.exit(require("./package.json").scripts[process.argv[1]] ? 0 : 1)' "$cmd" 2>/dev/null; then
  echo "error: no npm script \"$cmd\" (./scripts/dev.sh --help lists them)" >&2
  exit 2
fi
exec scripts/node22 npm run "$cmd" -- "$@"
