#!/usr/bin/env bash
# Runs the same workloads against charla's headless host, redis-server and
# nats-server on this machine, in one run, and prints one Markdown table with
# the ratios charla/Redis and charla/NATS (docs/BENCHMARKS.md).
#
#   bench/side_by_side.sh [options]
#
#   --charla PATH       charla executable (default: build/app/charla)
#   --bench PATH        charla-bench executable (default: build/bench/charla-bench)
#   --workloads LIST    default "W1 W2 W3 W4"
#   --baseline PATH     another charla executable (an older build, say): the
#                       target "baseline" runs v1 over TCP against it, in the
#                       same repetitions, and the table adds charla/baseline
#   --targets LIST      default "charla redis nats"; "legacy" adds seed clients,
#                       "charla-ws" and "charla-mixed" charla over WebSocket (all,
#                       or odd clients), "node-ws" and "python-ws" the broadcast
#                       servers bench/ws_broadcast.mjs and bench/ws_broadcast.py
#   --repeat N          runs per workload and server; the table shows medians (default 3)
#   --duration-scale F  multiply W1, W3 and W4 durations by F (default 1)
#   --threads N         generator threads (default 1)
#   --out DIR           keep logs and raw results there (default: a temporary folder)
#   --max-load L        first wait (at most --max-wait seconds) until the 1-minute
#                       load average is below L, so others' work disturbs less
#   --max-wait S        default 600
#
# Every server gets a fresh process for every run, on 127.0.0.1 and a free
# port, with its files in a temporary folder, and is stopped by its PID.
# Redis runs without persistence. Nothing else is started or stopped.
set -euo pipefail
command_line="$0 $*"

root="$(cd "$(dirname "$0")/.." && pwd)"
charla="$root/build/app/charla"
baseline=""
bench="$root/build/bench/charla-bench"
workloads="W1 W2 W3 W4"
targets="charla redis nats"
repeat=3
scale=1
threads=1
out=""
max_load=""
max_wait=600

while [ $# -gt 0 ]; do
  case "$1" in
    --charla) charla="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --bench) bench="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --targets) targets="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --duration-scale) scale="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --max-load) max_load="$2"; shift 2 ;;
    --max-wait) max_wait="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "side_by_side: unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in "$charla" "$bench"; do
  [ -x "$tool" ] || { echo "side_by_side: $tool is missing; build first (scripts/build.sh)" >&2; exit 1; }
done
for t in $targets; do
  case "$t" in
    redis) command -v redis-server >/dev/null || { echo "side_by_side: redis-server not installed (apt-get install redis-server)" >&2; exit 1; } ;;
    nats) command -v nats-server >/dev/null || { echo "side_by_side: nats-server not installed (apt-get install nats-server)" >&2; exit 1; } ;;
    charla|legacy|charla-ws|charla-mixed) ;;
    baseline) [ -x "$baseline" ] || { echo "side_by_side: the baseline target needs --baseline PATH (an executable)" >&2; exit 1; } ;;
    node-ws) command -v node >/dev/null && [ -d "$root/tests/web/node_modules/ws" ] || { echo "side_by_side: node-ws needs node and tests/web/node_modules (scripts/setup-web-test.sh)" >&2; exit 1; } ;;
    python-ws) /usr/bin/python3 -c 'import websockets' 2>/dev/null || { echo "side_by_side: python-ws needs python3-websockets" >&2; exit 1; } ;;
    *) echo "side_by_side: unknown target $t" >&2; exit 2 ;;
  esac
done

if [ -z "$out" ]; then
  out="$(mktemp -d /tmp/charla-side-by-side.XXXXXX)"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"  # redis-server changes into its --dir first
results="$out/results.txt"
: > "$results"

# W4 opens 5000 sockets in the generator and in each server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 11000 ]; then
  echo "side_by_side: only $(ulimit -n) open files allowed; W4 needs about 11000 (raise the hard limit)" >&2
fi

if [ -n "$max_load" ]; then
  waited=0
  while awk -v l="$max_load" '{ exit !($1 >= l) }' /proc/loadavg && [ "$waited" -lt "$max_wait" ]; do
    [ "$waited" -eq 0 ] && echo "side_by_side: waiting for the load average to drop below $max_load (now $(cut -d' ' -f1 /proc/loadavg))" >&2
    sleep 10
    waited=$((waited + 10))
  done
fi
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M UTC')"

# ---------------------------------------------------------------------------
# Servers. Each start_* sets server_pid and server_port; stop_server ends
# exactly the processes this script started.

server_pid=""
server_port=""
drain_pid=""

stop_server() {
  for pid in $server_pid $drain_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  server_pid=""
  drain_pid=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for_port() {  # port: true once something accepts connections there
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

start_printing() {  # command...: a server that prints "listening on HOST:PORT" first
  local fifo="$out/server.fifo" line
  rm -f "$fifo"
  mkfifo "$fifo"
  "$@" >"$fifo" 2>"$out/server.err" &
  server_pid=$!
  exec {fd}<"$fifo"
  if ! IFS= read -r -t 10 line <&"$fd"; then
    echo "side_by_side: $1 did not start: $(cat "$out/server.err")" >&2
    exit 1
  fi
  cat <&"$fd" >/dev/null &
  drain_pid=$!
  exec {fd}<&-
  rm -f "$fifo"
  server_port="${line##*:}"
}

start_charla() {  # [executable]: the host's log (a line per message) goes through a pipe to /dev/null
  local fifo="$out/charla.fifo" line
  rm -f "$fifo"
  mkfifo "$fifo"
  # Limits as free as Redis's and NATS's defaults: no per-participant rate
  # limit, no pacing toward seed clients, room for W4's sockets, and the
  # per-reader queue cap of Redis's pub/sub output buffer (32 MiB).
  "${1:-$charla}" host --headless --port 0 --bind 127.0.0.1 --rate 0 --legacy-pace-ms 0 \
    --max-connections 20000 --max-queue 33554432 >"$fifo" 2>"$out/charla.err" &
  server_pid=$!
  exec {fd}<"$fifo"
  if ! IFS= read -r -t 10 line <&"$fd"; then
    echo "side_by_side: charla did not start: $(cat "$out/charla.err")" >&2
    exit 1
  fi
  cat <&"$fd" >/dev/null &
  drain_pid=$!
  exec {fd}<&-
  rm -f "$fifo"
  server_port="${line##*:}"
}

start_redis() {
  server_port="$(free_port)"
  mkdir -p "$out/redis"
  redis-server --port "$server_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --maxclients 20000 --dir "$out/redis" --logfile "$out/redis/redis.log" &
  server_pid=$!
  wait_for_port "$server_port" || { echo "side_by_side: redis-server did not start" >&2; exit 1; }
}

start_nats() {
  server_port="$(free_port)"
  nats-server -a 127.0.0.1 -p "$server_port" -l "$out/nats.log" &
  server_pid=$!
  wait_for_port "$server_port" || { echo "side_by_side: nats-server did not start" >&2; exit 1; }
}

# ---------------------------------------------------------------------------
# Runs

scaled() { python3 -c "print(max(0.5, $1 * $scale))"; }

for w in $workloads; do
  extra=()
  case "$w" in
    W1) extra=(--duration "$(scaled 10)") ;;
    W3) extra=(--duration "$(scaled 5)") ;;
    W4) extra=(--duration "$(scaled 2)") ;;
  esac
  for i in $(seq "$repeat"); do
    for t in $targets; do
      case "$t" in
        charla|legacy|charla-ws|charla-mixed) start_charla ;;
        baseline) start_charla "$baseline" ;;
        node-ws) start_printing node "$root/bench/ws_broadcast.mjs" ;;
        python-ws) start_printing /usr/bin/python3 "$root/bench/ws_broadcast.py" ;;
        redis) start_redis ;;
        nats) start_nats ;;
      esac
      echo "side_by_side: $w $t run $i/$repeat (port $server_port, pid $server_pid)" >&2
      set +e
      speak="$t"
      case "$t" in node-ws|python-ws) speak=ws ;; baseline) speak=charla ;; esac
      line="$("$bench" --target "$speak" --port "$server_port" --server-pid "$server_pid" --workload "$w" \
        --threads "$threads" "${extra[@]}" --kv 2>>"$out/bench.err")"
      status=$?
      set -e
      stop_server
      if [ -z "$line" ]; then
        echo "side_by_side: charla-bench failed (status $status), see $out/bench.err" >&2
        line="target=$t workload=$w failed=1"
      fi
      line="${line/target=ws /target=$t }"  # rows named by the server, not the protocol
      [ "$t" = baseline ] && line="${line/target=charla /target=baseline }"
      echo "run=$i $line" >>"$results"
    done
  done
done

# ---------------------------------------------------------------------------
# The table

python3 - "$results" "$repeat" "$command_line" "$started_at" "$load_at_start" <<'EOF'
import os, platform, statistics, subprocess, sys

path, repeat, command_line, started_at, load_at_start = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
runs = []
for line in open(path):
    runs.append(dict(kv.split("=", 1) for kv in line.split()))

def median(target, workload, key):
    vals = [float(r[key]) for r in runs if r.get("target") == target and r.get("workload") == workload and key in r]
    return statistics.median(vals) if vals else None

def correct(target, workload):
    rs = [r for r in runs if r.get("target") == target and r.get("workload") == workload]
    if not rs:
        return None
    return all(r.get("correct") == "1" for r in rs)

names = {"charla": "charla", "baseline": "charla (baseline)", "charla-legacy": "charla (seed clients)", "charla-ws": "charla (WebSocket)",
         "charla-mixed": "charla (half WebSocket)", "redis": "Redis", "nats": "NATS",
         "node-ws": "Node ws", "python-ws": "Python websockets"}
present = []
for t in names:
    if any(r.get("target") == t for r in runs):
        present.append(t)

rows = [
    ("W1", "p50 latency (ms)", "p50_us", 1e-3, "low"),
    ("W1", "p99 latency (ms)", "p99_us", 1e-3, "low"),
    ("W1", "p99.9 latency (ms)", "p999_us", 1e-3, "low"),
    ("W1", "server CPU (s)", "server_cpu_s", 1, "low"),
    ("W2", "deliveries/s (M)", "deliveries_per_s", 1e-6, "high"),
    ("W2", "p99 latency (ms)", "p99_us", 1e-3, "low"),
    ("W2", "server CPU (s)", "server_cpu_s", 1, "low"),
    ("W3", "deliveries/s (M)", "deliveries_per_s", 1e-6, "high"),
    ("W3", "p50 latency (ms)", "p50_us", 1e-3, "low"),
    ("W3", "p99 latency (ms)", "p99_us", 1e-3, "low"),
    ("W3", "server CPU (s)", "server_cpu_s", 1, "low"),
    ("W3", "server peak RSS (MiB)", "server_peak_rss_kib", 1 / 1024, "low"),
    ("W4", "time to connect all (s)", "connect_s", 1, "low"),
    ("W4", "server CPU while connecting (s)", "server_setup_cpu_s", 1, "low"),
    ("W4", "RSS per socket (KiB)", "rss_per_socket_kib", 1, "low"),
    ("W4", "idle server CPU (s)", "server_cpu_s", 1, "low"),
]

def fmt(v):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"

head = ["workload", "metric", "better"] + [names[t] for t in present]
# Ratio columns: (numerator, denominator) targets.
ratios = [("charla", t) for t in ("redis", "nats", "baseline") if t in present and "charla" in present]
ratios += [("baseline", t) for t in ("redis", "nats") if t in present and "baseline" in present]
head += [f"{a}/{'baseline' if b == 'baseline' else names[b]}" for a, b in ratios]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
workloads = []
for r in runs:
    if r.get("workload") not in workloads:
        workloads.append(r.get("workload"))
for w, label, key, k, better in rows:
    if w not in workloads:
        continue
    vals = {t: median(t, w, key) for t in present}
    cells = [w, label, "higher" if better == "high" else "lower"]
    cells += [fmt(vals[t] * k) if vals[t] is not None else "-" for t in present]
    for top, bottom in ratios:
        a, b = vals.get(top), vals.get(bottom)
        cells.append(f"{a / b:.2f}" if a is not None and b else "-")
    print("| " + " | ".join(cells) + " |")
for w in workloads:
    cells = [w, "no loss, no duplicates", ""]
    for t in present:
        c = correct(t, w)
        cells.append("-" if c is None else ("yes" if c else "**NO**"))
    cells += [""] * len(ratios)
    print("| " + " | ".join(cells) + " |")

busy = [float(r["other_cpu_s"]) / max(float(r["span_s"]), 1e-9) for r in runs if "other_cpu_s" in r and "span_s" in r]
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
print()
print(f"Medians of {repeat} run(s) per cell, {started_at}. Machine: {cpu}, {os.cpu_count()} CPUs (nproc), "
      f"Linux {platform.release()}, load average {load_at_start} at the start. Other processes used on average "
      f"{(statistics.mean(busy) if busy else 0) * 100:.0f}% of one CPU during the measurements "
      f"(max {(max(busy) if busy else 0) * 100:.0f}%).")
def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=5).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
print(f"Servers: {version(['redis-server', '--version'])}; {version(['nats-server', '--version'])}.")
print(f"Command: {command_line}")
print(f"Raw results: {path}")
EOF
