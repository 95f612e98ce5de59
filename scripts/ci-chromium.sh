#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser tests (test/dashboard/browser.test.ts) when it is missing.
# Never downloads a browser build: apt only, non-interactive. Where apt cannot install it (no root, no apt, no
# network), it says why and the browser tests skip with that reason; nothing else is affected.
set -uo pipefail
case "${1:-}" in
  "") ;;
  -h | --help)
    echo "usage: scripts/ci-chromium.sh   install Debian's chromium (apt) for the dashboard browser tests, if missing"
    exit 0
    ;;
  *)
    echo "ci-chromium: unknown option $1 (it takes none; --help)" >&2
    exit 2
    ;;
esac
if command -v chromium >/dev/null 2>&1; then
  echo "ci: chromium present ($(chromium --version 2>/dev/null | head -1))"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ci: no apt-get here: cannot install chromium; the dashboard browser tests will be skipped"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "ci: not root and no password-less sudo: cannot install chromium; the dashboard browser tests will be skipped"
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; then
  echo "ci: installed $(chromium --version 2>/dev/null | head -1)"
else
  echo "ci: apt-get could not install chromium; the dashboard browser tests will be skipped"
fi
exit 0
