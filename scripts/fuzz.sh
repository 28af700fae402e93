#!/usr/bin/env bash
# Fuzzes charla with libFuzzer (docs/HARDENING.md): the stream decoder and
# codec (target "decoder"), the server's per-channel state machine fed
# arbitrary bytes on both channels of a participant (target "server"), and
# the WebSocket layer: HTTP request parser, handshake and frame decoder
# (target "ws").
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds build-fuzz/ with clang (CHARLA_SANITIZE=fuzzer: libFuzzer + ASan +
# UBSan) and runs each target (default: decoder server ws) for SECONDS
# (default 600), one after the other. The seed corpus tests/fuzz/corpus/TARGET
# is read, never written; what the fuzzer finds interesting is kept in
# build-fuzz/corpus/TARGET for the next run. The dictionary is
# tests/fuzz/TARGET.dict when there is one, else tests/fuzz/charla.dict. A
# crash stops the run, leaves its input in build-fuzz/findings/TARGET/ and
# makes this script fail: copy that file to
# tests/fuzz/regressions/TARGET/NAME-OF-THE-BUG, fix the bug, and the replay
# tests (fuzz.TARGET.corpus) run it in every build from then on.
#
# Prints one "figure: fuzz.TARGET.* VALUE" line per figure (executions,
# executions per second, corpus size, code edges covered); CHARLA_FIGURES=FILE
# also appends them to FILE.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${CHARLA_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decoder server ws)

"$root/scripts/setup-deps.sh"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCHARLA_SANITIZE=fuzzer >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

figure() {
  echo "figure: $1 $2"
  if [ -n "${CHARLA_FIGURES:-}" ]; then echo "$1 $2" >>"$CHARLA_FIGURES"; fi
}

status=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  findings="$build/findings/$t"
  mkdir -p "$work" "$findings"
  log="$build/fuzz-$t.log"
  seeds=("$root/tests/fuzz/corpus/$t")
  [ -d "$root/tests/fuzz/regressions/$t" ] && seeds+=("$root/tests/fuzz/regressions/$t")
  dict="$root/tests/fuzz/$t.dict"
  [ -f "$dict" ] || dict="$root/tests/fuzz/charla.dict"
  echo "charla: fuzzing $t for $seconds s (log: $log)"
  # One process on one core; -max_len keeps inputs (and the server's
  # connections per input) small enough for thousands of runs a second.
  if ! "$build/tests/fuzz/fuzz_$t" "$work" "${seeds[@]}" \
      -max_total_time="$seconds" -max_len=16384 -timeout=30 -rss_limit_mb=2048 \
      -dict="$dict" -artifact_prefix="$findings/" \
      -print_final_stats=1 -print_pcs=0 >"$log" 2>&1; then
    echo "charla: fuzz target $t found a problem; its input is in $findings/" >&2
    tail -n 60 "$log" >&2
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  edges=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  figure "fuzz.$t.executions" "${runs:-0}"
  figure "fuzz.$t.executions_per_second" "${speed:-0}"
  figure "fuzz.$t.corpus_inputs/bytes" "${corpus:-?}"
  figure "fuzz.$t.coverage_edges" "${edges:-?}"
  figure "fuzz.$t.seconds" "$seconds"
done
exit $status
