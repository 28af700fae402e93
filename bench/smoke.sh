#!/usr/bin/env bash
# bench.smoke (ctest): a few seconds of charla-bench against a headless host,
# checking correctness only (nothing lost, nothing duplicated, no errors),
# never speed.
#
#   bench/smoke.sh CHARLA CHARLA_BENCH
set -euo pipefail
charla="$1"
bench="$2"

tmp="$(mktemp -d /tmp/charla-bench-smoke.XXXXXX)"
host_pid=""
drain_pid=""
cleanup() {
  for pid in $host_pid $drain_pid; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

mkfifo "$tmp/out"
"$charla" host --headless --port 0 --bind 127.0.0.1 --rate 0 --legacy-pace-ms 0 >"$tmp/out" 2>"$tmp/err" &
host_pid=$!
exec {fd}<"$tmp/out"
if ! IFS= read -r -t 10 line <&"$fd"; then
  echo "bench_smoke: the host did not start: $(cat "$tmp/err")" >&2
  exit 1
fi
cat <&"$fd" >/dev/null &
drain_pid=$!
exec {fd}<&-
port="${line##*:}"

run() {
  echo "bench_smoke: charla-bench $*"
  "$bench" --port "$port" --server-pid "$host_pid" --check --setup-timeout 10 --drain-timeout 10 "$@"
}
# v1 at a steady rate, parsed by charla's own framing and codec.
run --target charla --strict --clients 20 --senders 5 --rate 2000 --duration 1
# v1, everyone sending as fast as the window allows, two generator threads.
# 2000 messages in all: even a reader starved by a busy machine stays under
# the host's default 1 MiB queue cap, so the check never depends on speed.
run --target charla --clients 20 --senders 20 --messages 100 --duration 10 --size 200 --threads 2
# v1 with both channels of every participant WebSockets on /ws, then half the
# room on WebSocket and half on TCP, parsed by charla's own codec.
run --target charla-ws --clients 20 --senders 5 --rate 2000 --duration 1
run --target charla-mixed --strict --clients 20 --senders 5 --rate 2000 --duration 1
# Seed clients, each from its own 127.x.y.z.
run --target legacy --strict --clients 10 --senders 3 --rate 500 --duration 1
