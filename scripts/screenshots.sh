#!/usr/bin/env bash
# Retakes the README's pictures (docs/screenshots/) from real windows under
# Xvfb: the window tests (a host and a student exchanging messages, the join
# QR code full screen) and the window smoke test (a busy room, the dark theme
# at 150 %).
#   scripts/screenshots.sh [PORT]   PORT: the room's port in the pictures (default 5000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${CHARLA_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" >/dev/null
shots="$(mktemp -d)"
trap 'rm -rf "$shots"' EXIT
xvfb=(xvfb-run -a -s "-screen 0 1280x800x24")

CHARLA_BIN="$build/app/charla" CHARLA_SHOTS_DIR="$shots/app" CHARLA_SHOTS_PORT="${1:-5000}" \
  "${xvfb[@]}" python3 "$root/tests/app/window_test.py" \
  WindowTest.test_start_screen WindowTest.test_host_and_participant_exchange_messages_both_ways \
  WindowTest.test_join_qr_code_full_screen
XDG_CONFIG_HOME="$shots/config" TZ=UTC "${xvfb[@]}" "$build/tests/ui/ui_window_smoke" "$shots/smoke" >/dev/null

out="$root/docs/screenshots"
mkdir -p "$out"
cp "$shots/app/start.png" "$out/start.png"
cp "$shots/app/join.png" "$out/student.png"
cp "$shots/app/host.png" "$out/teacher.png"
cp "$shots/app/qr-full-pin.png" "$out/qr-full-screen.png"
cp "$shots/smoke/chat_host.png" "$out/busy-room.png"
cp "$shots/smoke/chat_dark_150.png" "$out/projector-dark.png"
echo "charla: pictures written to $out"
