#!/usr/bin/env python3
"""What the heartbeat costs the host with many idle participants
(docs/BENCHMARKS.md, "The heartbeat").

    scripts/heartbeat-cost.py CHARLA_BIN [PARTICIPANTS] [SECONDS] [--no-answer]

Starts `CHARLA_BIN host --headless` on a free loopback port, joins
PARTICIPANTS v1 participants (default 2500: 5000 sockets), waits until the
joins have settled, then measures over SECONDS (default 30) of silence: the
host's CPU (utime + stime from /proc), its voluntary wake-ups, and the bytes
each way. Each participant behaves as net::client does: it answers a ping
on its read channel with a ping on its write channel (unless --no-answer,
which plays older clients, or any client of a host that announces no
heartbeat); --no-answer also leaves `heartbeat` out of the hellos, or the
host would rightly close them all as dead). Stops the host it started, by PID. Python standard library only.
"""
import json
import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wakeups(pid):
    n = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        n += int(line.split()[1])
        except OSError:
            pass
    return n


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    answer = "--no-answer" not in sys.argv
    if not args:
        print(__doc__)
        return 2
    charla = args[0]
    count = int(args[1]) if len(args) > 1 else 2500
    seconds = float(args[2]) if len(args) > 2 else 30.0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 2 * count + 100
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
    port = free_port()
    host = subprocess.Popen(
        [charla, "host", "--headless", "--port", str(port), "--room", "Bench", "--max-connections",
         str(2 * count + 100), "--hello-timeout", "30"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        sel = selectors.DefaultSelector()
        readers, writers = [], []
        received = [0]
        pings_in = [0]
        sent = [0]
        ping = b'{"type":"ping","ts":1}\n'
        ping_ms = [None]

        def on_readable(i, sock):
            try:
                data = sock.recv(1 << 16)
            except BlockingIOError:
                return
            if not data:
                sel.unregister(sock)
                return
            received[0] += len(data)
            if ping_ms[0] is None and b'"welcome"' in data:
                start = data.index(b'{"type":"welcome"')
                ping_ms[0] = json.loads(data[start:data.index(b"\n", start)]).get("ping_ms", 0)
            n = data.count(b'"type":"ping"')
            pings_in[0] += n
            if n and answer and ping_ms[0]:
                try:
                    writers[i].send(ping)
                    sent[0] += len(ping)
                except BlockingIOError:
                    pass

        t_join = time.time()
        for i in range(count):
            session = "%032x" % (0xBE0000 + i)
            name = "p%05d" % i
            r = socket.create_connection(("127.0.0.1", port))
            r.sendall((json.dumps({"type": "read", "v": 1, "session": session, "autor": name,
                                   "heartbeat": answer}) + "\n").encode())
            w = socket.create_connection(("127.0.0.1", port))
            w.sendall((json.dumps({"type": "write", "v": 1, "session": session, "autor": name,
                                   "heartbeat": answer}) + "\n").encode())
            r.setblocking(False)
            w.setblocking(False)
            readers.append(r)
            writers.append(w)
            sel.register(r, selectors.EVENT_READ, (i, r))
            sel.register(w, selectors.EVENT_READ, (i, w))
            if i % 100 == 99:  # take what the joins brought so far
                for key, _ in sel.select(0):
                    on_readable(*key.data)

        def pump(until):
            while time.time() < until:
                for key, _ in sel.select(min(0.5, max(0.0, until - time.time()))):
                    on_readable(*key.data)

        # Let the presence events of the joins drain and the heartbeats settle.
        pump(time.time() + 10)
        joined_in = time.time() - t_join
        received[0] = pings_in[0] = sent[0] = 0
        cpu0, wake0, t0 = cpu_seconds(host.pid), wakeups(host.pid), time.time()
        pump(t0 + seconds)
        cpu1, wake1, t1 = cpu_seconds(host.pid), wakeups(host.pid), time.time()
        wall = t1 - t0
        alive = host.poll() is None
        print(f"participants: {count} ({2 * count} sockets), joined and settled in {joined_in:.1f} s; "
              f"welcome ping_ms={ping_ms[0]}; clients answer pings: {'yes' if answer and ping_ms[0] else 'no'}")
        print(f"idle {wall:.1f} s: host CPU {cpu1 - cpu0:.2f} s = {100 * (cpu1 - cpu0) / wall:.2f} % of one CPU; "
              f"wake-ups {(wake1 - wake0) / wall:.1f}/s")
        print(f"host -> participants: {received[0] / wall:.0f} bytes/s ({pings_in[0] / wall:.0f} pings/s); "
              f"participants -> host: {sent[0] / wall:.0f} bytes/s (payload, without TCP/IP headers)")
        print(f"host alive: {alive}")
        return 0 if alive else 1
    finally:
        host.send_signal(signal.SIGTERM)
        try:
            host.wait(10)
        except subprocess.TimeoutExpired:
            host.kill()


if __name__ == "__main__":
    sys.exit(main())
