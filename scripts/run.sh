#!/usr/bin/env bash
# Builds charla if needed and starts it with the given arguments.
#   scripts/run.sh                 the window (start screen)
#   scripts/run.sh host --headless a room without a window
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" >&2
exec "${CHARLA_BUILD_DIR:-$root/build}/app/charla" "$@"
