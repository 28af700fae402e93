#!/usr/bin/python3
"""A browser-like participant built on a WebSocket library we did not write:
Debian's python3-websockets (asyncio). It joins a charla host the way the
page does (docs/PROTOCOL.md section 11): two WebSockets to /ws, a read one and
a write one, each opened with a v1 hello of the same session.

stdout, one flushed line per event, as seed_client.py prints them:
    CONNECTED                once the welcome has arrived
    MSG {"autor":..,"mensaje":..}   a received chat message (ASCII-only JSON)
    ERROR {...}              an error event from the host
    CLOSED                   the host closed the read channel
Each stdin line is sent as one message with a cid. At the end of stdin it
keeps reading for --linger seconds, then sends a bye and exits 0.

Usage: websockets_client.py HOST PORT --name NAME [--bind SRC_IP] [--linger 1.0]
"""

import argparse
import asyncio
import json
import secrets
import sys

import websockets


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def read_loop(reader):
    try:
        async for frame in reader:
            event = json.loads(frame)
            kind = event.get("type")
            if kind == "welcome":
                say("CONNECTED")
            elif kind == "msg":
                say("MSG " + json.dumps({"autor": event["autor"], "mensaje": event["mensaje"]}))
            elif kind == "error":
                say("ERROR " + json.dumps(event))
    except websockets.ConnectionClosed:
        pass
    say("CLOSED")


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--name", required=True)
    parser.add_argument("--bind", default=None, help="source IP address")
    parser.add_argument("--linger", type=float, default=1.0)
    args = parser.parse_args()

    uri = f"ws://{args.host}:{args.port}/ws"
    extra = {"local_addr": (args.bind, 0)} if args.bind else {}
    session = secrets.token_hex(16)
    hello = {"v": 1, "session": session, "autor": args.name}
    async with websockets.connect(uri, open_timeout=5, **extra) as reader:
        await reader.send(json.dumps({"type": "read", **hello}))
        reading = asyncio.create_task(read_loop(reader))
        async with websockets.connect(uri, open_timeout=5, **extra) as writer:
            await writer.send(json.dumps({"type": "write", **hello}))
            loop = asyncio.get_running_loop()
            count = 0
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:
                    break
                text = line.rstrip("\n")
                if not text:
                    continue
                count += 1
                await writer.send(json.dumps({"autor": args.name, "mensaje": text, "cid": f"{session[:8]}-{count}"}))
            await asyncio.sleep(args.linger)
            await writer.send(json.dumps({"type": "bye"}))
        reading.cancel()


if __name__ == "__main__":
    asyncio.run(main())
