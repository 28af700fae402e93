#!/usr/bin/env bash
# What the window costs, under Xvfb (docs/BENCHMARKS.md, "The window"):
#
#   1. the real program hosting a room: time from launch to its first frame,
#      and its CPU while the room is open and nothing happens (network thread
#      and server included), over IDLE seconds;
#   2. the window smoke test (tests/ui/window_smoke.cpp): start to first
#      frame inside the process, idle CPU with a busy room on screen over IDLE
#      seconds, and CPU per frame with 100,000 messages in the history.
#
#   scripts/window-costs.sh [BUILD_DIR] [IDLE_SECONDS]   (defaults: build, 10)
#
# Needs a build (scripts/build.sh) and xvfb-run. Starts one Xvfb per part and
# stops what it started, by PID.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
idle="${2:-10}"
charla="$build/app/charla"
smoke="$build/tests/ui/ui_window_smoke"
for tool in "$charla" "$smoke"; do
  [ -x "$tool" ] || { echo "window-costs: $tool is missing; build first (scripts/build.sh)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "window-costs: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/charla-window-costs.XXXXXX)"
xvfb_pid=""
cleanup() {
  if [ -s "$tmp/charla.pid" ]; then
    pid="$(cat "$tmp/charla.pid")"
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  fi
  if [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
    kill -TERM "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

cpu_ticks() {  # utime + stime of a process, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
hz="$(getconf CLK_TCK)"
# Wake-ups: every time one of the process's threads went to sleep and was
# woken again (voluntary context switches, summed over its threads).
wakeups() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
threads_wakeups() {  # per thread: name=count
  for t in /proc/"$1"/task/*; do
    printf '%s=%s ' "$(cat "$t/comm" 2>/dev/null | tr ' ' '_')" "$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$t/status" 2>/dev/null)"
  done
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------
# 1. The real program, hosting a room

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$tmp/home"
# Settings go to a fresh HOME; the shell writes its PID and then becomes charla.
HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  sh -c 'echo $$ > "$0/charla.pid"; CHARLA_TEST_STARTED_NS=$(date +%s%N) exec "$1" host --port "$2" --room Bench --name Profe' \
  "$tmp" "$charla" "$port" >"$tmp/charla.out" 2>"$tmp/charla.err" &
xvfb_pid=$!
for _ in $(seq 200); do
  grep -q "first frame drawn" "$tmp/charla.err" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done
grep -q "first frame drawn" "$tmp/charla.err" || { echo "window-costs: charla did not draw a frame:" >&2; cat "$tmp/charla.err" >&2; exit 1; }
pid="$(cat "$tmp/charla.pid")"
sleep 2  # let the start-up settle: fonts, first frames, the room's own participant
before="$(cpu_ticks "$pid")"
woken_before="$(wakeups "$pid")"
threads_before="$(threads_wakeups "$pid")"
t0="$(date +%s%N)"
sleep "$idle"
after="$(cpu_ticks "$pid")"
woken_after="$(wakeups "$pid")"
threads_after="$(threads_wakeups "$pid")"
t1="$(date +%s%N)"
wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
echo "charla host (window): $(grep -o 'first frame drawn.*' "$tmp/charla.err")"
awk -v c="$((after - before))" -v hz="$hz" -v w="$wall" \
  'BEGIN { printf "charla host (window): room open, idle %.1f s: %.2f s CPU = %.2f %% of one CPU\n", w, c / hz, 100 * c / hz / w }'
awk -v n="$((woken_after - woken_before))" -v w="$wall" \
  'BEGIN { printf "charla host (window): wake-ups while idle: %d in %.1f s = %.1f per second (all threads)\n", n, w, n / w }'
echo "charla host (window): wake-ups per thread, before: $threads_before"
echo "charla host (window): wake-ups per thread, after:  $threads_after"
kill -TERM "$pid" 2>/dev/null || true
wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=""

# ---------------------------------------------------------------------------
# 2. The window smoke test

mkdir -p "$tmp/smoke"
TZ=UTC CHARLA_IDLE_SECONDS="$idle" xvfb-run -a -s "-screen 0 1280x800x24" "$smoke" "$tmp/smoke" >"$tmp/smoke.out" 2>&1 &
xvfb_pid=$!
status=0
wait "$xvfb_pid" || status=$?
xvfb_pid=""
sed -n 's/^metric: /window smoke: /p' "$tmp/smoke.out"
[ "$status" -eq 0 ] || { echo "window-costs: the smoke test failed ($status):" >&2; tail -20 "$tmp/smoke.out" >&2; exit 1; }
