#!/usr/bin/env bash
# What the browser test (tests/web/) needs beyond scripts/setup-deps.sh:
# Debian's Chromium, Node.js with npm, and playwright-core at the version
# pinned in tests/web/package-lock.json (installed into tests/web/node_modules,
# outside the build folders, and again only when the lock file changes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "charla: installing ${missing[*]} for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

web="$root/tests/web"
stamp="$web/node_modules/.charla-lock"
if ! cmp -s "$web/package-lock.json" "$stamp" 2>/dev/null; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$stamp"
fi
