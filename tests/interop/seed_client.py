#!/usr/bin/env python3
"""A stand-in for the seed system's desktop client, driven from stdin/stdout.

charla must serve the desktop clients of the classroom chat it replaces, and
its own client must work against that chat's server. This program does on the
wire what the desktop client does, defects included, because those defects are
what charla has to live with:

- It opens two TCP connections, each with a 3 s connect timeout and, with
  --bind, from the given source address: first the read channel, which it
  greets with `{"type":"read"}`, then the write channel, greeted with
  `{"type":"write"}`. No newline follows a hello.
- Each stdin line becomes one compact object `{"autor":NAME,"mensaje":LINE}`
  in UTF-8, written with no newline, right after the previous one. A message
  is sent whole, however long. Empty lines are not sent, as the desktop
  client's send button does nothing on an empty composer.
- The reader polls its socket, sleeping 50 ms whenever no data is waiting,
  and takes each read of up to 1024 bytes as exactly ONE JSON object. A read
  holding two objects, or part of one, does not parse and is lost. An object
  whose `autor` is "" is a ping and is ignored.

stdout, one flushed line per event, for the tests to read:

    CONNECTED                once both channels are open
    MSG {"autor":..,"mensaje":..}   a received message (ASCII-only JSON)
    CORRUPT b'...'           a read that did not parse, so the message is lost
    CLOSED                   the server closed the read channel

At the end of stdin it keeps reading for --linger seconds, then exits 0.

Usage: seed_client.py HOST PORT --name NAME [--bind SRC_IP] [--linger 1.0]
"""

import argparse
import json
import socket
import sys
import threading
import time

CONNECT_TIMEOUT = 3.0
RECV_SIZE = 1024
POLL_SLEEP = 0.05


def say(text):
    print(text, flush=True)


def open_channel(host, port, source, kind):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(CONNECT_TIMEOUT)
    if source:
        sock.bind((source, 0))
    sock.connect((host, port))
    sock.settimeout(None)
    sock.sendall(json.dumps({"type": kind}, separators=(",", ":")).encode())
    return sock


def encode_message(name, text):
    message = {"autor": name, "mensaje": text}
    return json.dumps(message, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def parse_read(data):
    """Returns the message in one read, or None when the read is lost."""
    try:
        message = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(message, dict):
        return None
    autor, mensaje = message.get("autor"), message.get("mensaje")
    if not isinstance(autor, str) or not isinstance(mensaje, str):
        return None
    return {"autor": autor, "mensaje": mensaje}


def show_read(data):
    message = parse_read(data)
    if message is None:
        say(f"CORRUPT {data!r}")
    elif message["autor"] != "":
        say(f"MSG {json.dumps(message, ensure_ascii=True)}")


def read_loop(sock, stop):
    sock.setblocking(False)
    while not stop.is_set():
        try:
            data = sock.recv(RECV_SIZE)
        except BlockingIOError:
            time.sleep(POLL_SLEEP)
            continue
        except OSError as error:
            print(f"read channel: {error}", file=sys.stderr, flush=True)
            data = b""
        if not data:
            say("CLOSED")
            return
        show_read(data)


def send_stdin_lines(sock, name):
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        text = line.rstrip("\r\n")
        if not text:
            continue
        try:
            sock.sendall(encode_message(name, text))
        except OSError as error:
            print(f"send failed: {error}", file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--name", required=True)
    parser.add_argument("--bind", default=None, help="source IP address")
    parser.add_argument("--linger", type=float, default=1.0,
                        help="seconds to keep reading after the end of stdin")
    return parser.parse_args()


def main():
    args = parse_args()
    sys.stdin.reconfigure(encoding="utf-8")
    sys.stdout.reconfigure(encoding="utf-8")
    try:
        reader = open_channel(args.host, args.port, args.bind, "read")
        writer = open_channel(args.host, args.port, args.bind, "write")
    except OSError as error:
        print(f"cannot connect to {args.host}:{args.port}: {error}",
              file=sys.stderr, flush=True)
        return 1
    say("CONNECTED")
    stop = threading.Event()
    reading = threading.Thread(target=read_loop, args=(reader, stop))
    reading.start()
    send_stdin_lines(writer, args.name)
    stop.wait(args.linger)
    stop.set()
    reading.join()
    reader.close()
    writer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
