#!/usr/bin/env python3
"""A stand-in for the seed system's chat server (`server.py`).

charla must keep working with the classroom chat it replaces, so the interop
tests need that chat's server. This program behaves like it on the wire,
defects included, because those defects are what charla has to live with:

- It listens on 0.0.0.0 (or --host) and serves each connection on its own
  thread.
- It keys clients by peer IP: `clients[ip] = {"read": sock, "write": sock}`.
  Two clients on one machine overwrite each other's entries.
- It reads the hello with a single `recv(1024)` and `json.loads`. A hello that
  arrives in the same read as the next object fails to parse, and the channel
  is closed.
- On a write channel it loops on `recv(1024)`, decodes each read as UTF-8 on
  its own (a multi-byte character split between two reads makes the decode
  fail, which ends that channel) and sends the raw bytes of the read to the
  read socket of every other IP. It does no framing: a read holding two
  objects, or part of one, is relayed as it is.

It prints one console line per event, like the seed server does. The lines
the tests rely on are:

    listening on HOST:PORT               (first line; PORT is the real port)
    IP read channel open                 (the entry is in `clients`)
    IP write channel open
    IP unparseable read (N bytes): ...   (relayed anyway, as the seed does)

What the seed leaves unsaid is settled here in the least surprising way: a
reader whose send fails is dropped from `clients`, and a lock guards the
dictionary so that taking a snapshot of it is well defined.

Usage: seed_server.py [--host 0.0.0.0] [--port 5000]   (--port 0: any free)
Stops on SIGTERM or SIGINT.
"""

import argparse
import json
import signal
import socket
import sys
import threading

RECV_SIZE = 1024

clients = {}  # peer IP -> {"read": socket, "write": socket}
clients_lock = threading.Lock()
log_lock = threading.Lock()


def log(text):
    # One write per line: print() from several threads can interleave lines.
    with log_lock:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def register(ip, kind, conn):
    with clients_lock:
        entry = clients.setdefault(ip, {})
        replaced = entry.get(kind)
        entry[kind] = conn
    if replaced is not None:
        log(f"{ip} {kind} channel replaced")
    log(f"{ip} {kind} channel open")


def unregister(ip, kind, conn):
    """Forgets `conn` unless another client from `ip` has taken its place."""
    with clients_lock:
        entry = clients.get(ip, {})
        if entry.get(kind) is conn:
            del entry[kind]
            if not entry:
                del clients[ip]


def readers_except(ip):
    with clients_lock:
        return [(other, entry["read"]) for other, entry in clients.items()
                if other != ip and "read" in entry]


def relay(from_ip, data):
    for ip, reader in readers_except(from_ip):
        try:
            reader.sendall(data)
        except OSError as error:
            log(f"relay to {ip} failed: {error}")
            unregister(ip, "read", reader)


def log_message(ip, text):
    try:
        message = json.loads(text)
        log(f"{message['autor']}: {message['mensaje']}")
    except (ValueError, TypeError, KeyError) as error:
        size = len(text.encode("utf-8"))
        log(f"{ip} unparseable read ({size} bytes): {error}")


def serve_writer(ip, conn):
    while True:
        data = conn.recv(RECV_SIZE)
        if not data:
            return "closed by peer"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            return f"invalid UTF-8: {error}"
        log_message(ip, text)
        relay(ip, data)


def wait_for_reader_close(conn):
    """A read channel only receives; this notices when its peer goes away."""
    while conn.recv(RECV_SIZE):
        pass
    return "closed by peer"


def read_hello(ip, conn):
    data = conn.recv(RECV_SIZE)
    try:
        hello = json.loads(data)
        kind = hello["type"]
    except (ValueError, TypeError, KeyError) as error:
        log(f"{ip} bad hello {data!r}: {error}")
        return None
    if kind not in ("read", "write"):
        log(f"{ip} bad hello {data!r}: unknown type")
        return None
    return kind


def handle(conn, address):
    ip = address[0]
    log(f"connection from {ip}:{address[1]}")
    kind = None
    try:
        kind = read_hello(ip, conn)
        if kind is None:
            return
        register(ip, kind, conn)
        if kind == "write":
            reason = serve_writer(ip, conn)
        else:
            reason = wait_for_reader_close(conn)
    except OSError as error:
        reason = str(error)
    finally:
        if kind is not None:
            unregister(ip, kind, conn)
        conn.close()
    log(f"{ip} {kind} channel closed: {reason}")


def stop(signum, frame):
    raise SystemExit(0)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=5000)
    return parser.parse_args()


def main():
    args = parse_args()
    sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen()
    host, port = listener.getsockname()
    log(f"listening on {host}:{port}")
    try:
        while True:
            conn, address = listener.accept()
            threading.Thread(target=handle, args=(conn, address),
                             daemon=True).start()
    finally:
        listener.close()
        log("stopped")


if __name__ == "__main__":
    sys.exit(main())
