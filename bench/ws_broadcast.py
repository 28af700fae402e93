#!/usr/bin/python3
"""A WebSocket broadcast server on Python's websockets (Debian's
python3-websockets 10.4): every text message a client sends goes to every
open connection, the sender's too, through websockets.broadcast. It is the
broadcast pattern of the library's documentation, so charla-bench --target ws
measures what a school could run instead of charla.

    /usr/bin/python3 bench/ws_broadcast.py [PORT]     (default 0: a free port)

Listens on 127.0.0.1 only and prints "listening on 127.0.0.1:PORT" first, as
charla host --headless does. Ends on SIGTERM or SIGINT.
"""
import asyncio
import signal
import sys

import websockets

clients = set()


async def handler(websocket):
    clients.add(websocket)
    try:
        async for message in websocket:
            websockets.broadcast(clients, message)
    except websockets.ConnectionClosed:
        pass
    finally:
        clients.discard(websocket)


async def main(port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set_result, None)
    # No compression: the other servers measured send messages as they are.
    async with websockets.serve(handler, "127.0.0.1", port, compression=None) as server:
        print(f"listening on 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
