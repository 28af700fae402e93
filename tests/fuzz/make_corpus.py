#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/).

One file per case, named after it: valid streams in both dialects (v1 and
the seed's legacy format) and one file per class of invalid input. The files
are committed; run this again after changing a case. Python 3 standard
library only.

  corpus/decoder/  raw byte streams, as one channel would carry them
  corpus/server/   two channels in fuzz_server's format: bytes go to the
                   read channel first; 0x1E sends and switches channel,
                   0x1F sends (a segment boundary), 0x1D sends and
                   half-closes the current channel
  corpus/ws/       fuzz_ws's format: a mode byte (bit 0: a whole
                   connection, HTTP request then frames; else frames
                   only; bits 1-3: the message limit), then the bytes
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SESSION = "5eed" * 8
SESSION2 = "c0de" * 8
SWITCH, SEGMENT, HALF_CLOSE = b"\x1e", b"\x1f", b"\x1d"


def obj(**fields):
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def hello(kind, session=SESSION, name="Ana", **extra):
    return obj(type=kind, v=1, session=session, autor=name, **extra)


def msg(text, name="Ana", cid=None):
    fields = {"autor": name, "mensaje": text}
    if cid is not None:
        fields["cid"] = cid
    return obj(**fields)


LEGACY_READ = b'{"type":"read"}'
LEGACY_WRITE = b'{"type":"write"}'

# Invalid single objects or byte runs, one per class (docs/PROTOCOL.md 1).
INVALID = {
    "garbage": b"this is not json at all ;-)",
    "bare-number": b"12345 ",
    "bare-string": b'"hola" ',
    "array": b'[1,2,{"autor":"Ana","mensaje":"x"}]',
    "stray-closers": b"}]}]",
    "deep-nesting": b'{"a":' * 600 + b"1" + b"}" * 600,
    "deep-array-nesting": b'{"a":' + b"[" * 2000 + b"]" * 2000 + b"}",
    "invalid-utf8": b'{"autor":"Ana","mensaje":"\xff\xfe\xc3("}',
    "overlong-utf8": b'{"autor":"Ana","mensaje":"\xc0\xaf"}',
    "raw-nul": b'{"autor":"Ana","mensaje":"a\x00b"}',
    "escaped-nul": b'{"autor":"Ana","mensaje":"a\\u0000b"}',
    "lone-surrogate": b'{"autor":"Ana","mensaje":"\\ud800"}',
    "bad-surrogate-pair": b'{"autor":"Ana","mensaje":"\\ud800\\ue000"}',
    "wrong-types": b'{"autor":5,"mensaje":["x"],"cid":{}}',
    "wrong-hello-types": b'{"type":"read","v":"1","session":7,"since":-1}',
    "huge-numbers": b'{"type":"read","v":18446744073709551616,"since":1e400}',
    "float-id": b'{"type":"msg","id":1.5,"autor":"A","mensaje":"m"}',
    "unknown-type": b'{"type":"teleport","autor":"Ana"}',
    "null-fields": b'{"type":null,"autor":null,"mensaje":null}',
    "duplicate-keys": b'{"autor":"Ana","autor":"Bo","mensaje":"a","mensaje":"b"}',
    "truncated": b'{"autor":"Ana","mensaje":"no end',
    "unterminated-escape": b'{"autor":"Ana","mensaje":"x\\',
    "bad-members": b'{"type":"welcome","members":[1,{"autor":2}]}',
    "empty-object": b"{}",
    "byte-order-mark": b'\xef\xbb\xbf{"type":"read"}',
    "control-in-name": b'{"type":"read","v":1,"session":"' + SESSION.encode() + b'","autor":"A\\u0007na"}',
    "long-name": b'{"type":"read","v":1,"session":"' + SESSION.encode() + b'","autor":"' + b"N" * 40 + b'"}',
    "bad-session": b'{"type":"read","v":1,"session":"XYZ","autor":"Ana"}',
    "line-separator": '{"autor":"Ana","mensaje":"a\u2028b\u2029c"}'.encode(),
}

DECODER = {
    "v1-read-hello": hello("read", since=41, pin="1234"),
    "v1-write-hello-and-messages": hello("write") + msg("Hola", cid="c-1") + msg("¿Qué tal? 😀", cid="c-2"),
    "v1-server-events": (
        obj(type="welcome", v=1, room="Aula 3", server="charla 0.1.0", session=SESSION, first_id=1, last_id=2,
            members=[{"autor": "Ana", "legacy": False}, {"autor": "Bo", "legacy": True}])
        + obj(type="msg", id=1, ts=1764050000123, autor="Bo", mensaje="Hola", replay=True)
        + obj(type="msg", id=2, ts=1764050000456, autor="Ana", mensaje="Sí", cid="c-1")
        + obj(type="join", autor="Cy", legacy=True) + obj(type="leave", autor="Cy", reason="slow")
        + obj(type="error", code="rate_limited", detail="wait", cid="c-3") + obj(type="ping", ts=1)
        + obj(type="bye")),
    "v1-transcript-lines": (
        obj(id=17, ts=1764050000123, autor="Ana", mensaje="Hola", cid="c-1", session=SESSION)
        + obj(id=18, ts=1764050000124, autor="Bo", mensaje="x")),
    "legacy-hello-same-segment": LEGACY_WRITE + b'{"autor":"Ana","mensaje":"Hola"}',
    "legacy-read-hello": LEGACY_READ,
    "legacy-ping": b'{"autor":"","mensaje":""}',
    "legacy-parts": b'{"autor":"Ana","mensaje":"(1/2) mitad "}{"autor":"Ana","mensaje":"(2/2) y mitad"}',
    "legacy-escaped-ascii": b'{"autor":"Jos\\u00e9","mensaje":"\\u00bfS\\u00ed? \\ud83d\\ude00"}',
    "whitespace-between": b' \t\r\n{"type":"read"}  \n\n {"autor":"A","mensaje":"b"}\r\n',
    "strings-with-braces": b'{"autor":"A","mensaje":"}{][\\"\\\\"}{"autor":"B","mensaje":"{"}',
    "long-message": msg("ñ" * 3000),
    "over-256": msg("x" * 300),
}
for name, data in INVALID.items():
    DECODER["invalid-" + name] = data
    DECODER["invalid-then-valid-" + name] = data + b" " + msg("after")


def v1_pair(*write_objects, name="Ana", session=SESSION, read_extra=b""):
    """A v1 participant: read hello, then the write channel."""
    return hello("read", session, name) + read_extra + SWITCH + hello("write", session, name) + b"".join(write_objects)


def legacy_pair(*write_objects):
    return LEGACY_READ + SWITCH + LEGACY_WRITE + b"".join(write_objects)


SERVER = {
    "v1-hello-and-messages": v1_pair(msg("Hola", cid="c1"), msg("otra", cid="c2")),
    "v1-resend-same-cid": v1_pair(msg("Hola", cid="c1"), msg("Hola", cid="c1")),
    "v1-since-replay": hello("read", since=0) + SWITCH + hello("write") + msg("m", cid="c9"),
    "v1-bye": v1_pair(msg("adiós", cid="c1"), obj(type="bye")),
    "v1-write-first": hello("write") + SWITCH + hello("read"),
    "v1-spoofed-autor": v1_pair(msg("soy otra", name="Observa", cid="s1")),
    "v1-name-taken": v1_pair(msg("x"), name="Observa"),
    "v1-two-sessions-one-name": hello("read", SESSION, "Ana") + SWITCH + hello("write", SESSION2, "ana"),
    "v1-reconnect-replaces": hello("read") + SWITCH + hello("read") + msg("x"),
    "v1-second-hello-ignored": v1_pair(hello("write"), msg("y")),
    "v1-empty-and-whitespace": v1_pair(msg(""), msg("   \n\t"), msg("\u00a0")),
    "v1-message-at-limit": v1_pair(msg("m" * 512, cid="max")),
    "v1-message-over-limit": v1_pair(msg("m" * 513, cid="over"), msg("after")),
    "v1-object-over-limit": v1_pair(msg("o" * 2100)),
    "v1-eight-bad-in-a-row": v1_pair(b"[] " * 8, msg("never")),
    "v1-reader-speaks": v1_pair(read_extra=msg("on the read channel") + b"garbage"),
    "v1-one-byte-at-a-time": SEGMENT.join(bytes([c]) for c in hello("read")) + SWITCH
                              + SEGMENT.join(bytes([c]) for c in hello("write") + msg("slow")),
    "v1-many-in-one-write": v1_pair(*(msg(f"m{i}", cid=f"c{i}") for i in range(40))),
    "v1-half-close-read-then-write": hello("read") + HALF_CLOSE + SWITCH + hello("write") + msg("still here"),
    "v1-half-close-write": hello("read") + SWITCH + hello("write") + HALF_CLOSE,
    "legacy-pair-and-message": legacy_pair(b'{"autor":"Seed","mensaje":"hola"}'),
    "legacy-hello-same-segment": LEGACY_READ + SWITCH + LEGACY_WRITE + b'{"autor":"Seed","mensaje":"hola"}',
    "legacy-ping-then-message": legacy_pair(b'{"autor":"","mensaje":""}{"autor":"S","mensaje":"x"}'),
    "legacy-taken-name": legacy_pair(b'{"autor":"Observa","mensaje":"impostor"}'),
    "legacy-two-writers": LEGACY_WRITE + SWITCH + LEGACY_WRITE + b'{"autor":"S","mensaje":"x"}',
    "legacy-then-v1-on-same-channel": LEGACY_READ + hello("read"),
    "no-hello-then-close": b"",
    "hello-wrong-first-object": msg("hi") + SWITCH + b"[]",
}
for name, data in INVALID.items():
    SERVER["first-object-" + name] = data + SWITCH + hello("write")
    SERVER["after-hello-" + name] = v1_pair(data, b" ", msg("after"))


# ── WebSocket (fuzz_ws) ──────────────────────────────────────────────────
FRAMES, CONNECTION = 0x00, 0x01
LIMIT_16, LIMIT_1000 = 2 << 1, 5 << 1  # indexes into fuzz_ws.cpp's limits


def ws_frame(opcode, payload=b"", fin=True, rsv=0, mask=b"\x00\x00\x00\x00", masked=True):
    """A client frame. The zero mask leaves the payload readable, so the
    fuzzer's mutations act on the text itself."""
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    bit = 0x80 if masked else 0
    if n < 126:
        head += bytes([bit | n])
    elif n <= 0xFFFF:
        head += bytes([bit | 126]) + n.to_bytes(2, "big")
    else:
        head += bytes([bit | 127]) + n.to_bytes(8, "big")
    if not masked:
        return head + payload
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def close_body(code, reason=b""):
    return code.to_bytes(2, "big") + reason


TEXT, BINARY, CLOSE, PING, PONG, CONT = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0
KEY_MASK = b"\x37\xfa\x21\x3d"


def upgrade(extra=b"", host=b"192.168.1.5:5000", origin=b"http://192.168.1.5:5000", path=b"/ws",
            method=b"GET", version=b"13", key=b"dGhlIHNhbXBsZSBub25jZQ=="):
    lines = [method + b" " + path + b" HTTP/1.1", b"Host: " + host, b"Upgrade: websocket",
             b"Connection: keep-alive, Upgrade", b"Sec-WebSocket-Key: " + key, b"Sec-WebSocket-Version: " + version]
    if origin is not None:
        lines.append(b"Origin: " + origin)
    return b"\r\n".join(lines) + b"\r\n" + extra + b"\r\n"


HELLO = obj(type="read", v=1, session=SESSION, autor="Ana")
WS_FRAMES = {
    "text-short": ws_frame(TEXT, HELLO),
    "text-masked": ws_frame(TEXT, "¡Ñandú! 😀".encode(), mask=KEY_MASK),
    "text-empty": ws_frame(TEXT),
    "text-126": ws_frame(TEXT, b"x" * 126),
    "text-65536": ws_frame(TEXT, b"y" * 65536),
    "fragments-with-pings": ws_frame(TEXT, b"Hel", fin=False) + ws_frame(PING, b"1")
        + ws_frame(CONT, b"lo", fin=False) + ws_frame(PONG, b"2") + ws_frame(CONT, b"!"),
    "utf8-split-across-fragments": ws_frame(TEXT, "😀".encode()[:1], fin=False) + ws_frame(CONT, "😀".encode()[1:]),
    "utf8-invalid-across-fragments": ws_frame(TEXT, b"\xf0", fin=False) + ws_frame(CONT, b"\x28\x8c\xbc"),
    "utf8-surrogate": ws_frame(TEXT, b"\xed\xa0\x80"),
    "utf8-fail-fast": ws_frame(TEXT, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80" + b"a" * 200),
    "ping-125": ws_frame(PING, bytes(range(125))),
    "ping-126": ws_frame(PING, b"p" * 126),
    "ping-fragmented": ws_frame(PING, b"p", fin=False),
    "close-empty": ws_frame(CLOSE),
    "close-1000-reason": ws_frame(CLOSE, close_body(1000, "adiós".encode())),
    "close-one-byte": ws_frame(CLOSE, b"\x03"),
    "close-1005": ws_frame(CLOSE, close_body(1005)),
    "close-3000": ws_frame(CLOSE, close_body(3000)),
    "close-bad-reason": ws_frame(CLOSE, close_body(1000, b"\xff")),
    "unmasked": ws_frame(TEXT, b"hola", masked=False),
    "rsv-bits": ws_frame(TEXT, b"hola", rsv=4),
    "reserved-opcode": ws_frame(0x3, b"r") + ws_frame(0xB, b"r"),
    "binary": ws_frame(BINARY, b"\x00\x01"),
    "continuation-first": ws_frame(CONT, b"x"),
    "text-inside-text": ws_frame(TEXT, b"a", fin=False) + ws_frame(TEXT, b"b"),
    "non-minimal-length": bytes([0x81, 0xFE, 0x00, 0x05]) + b"\x00" * 4 + b"hello",
    "length-top-bit": bytes([0x81, 0xFF, 0x80] + [0] * 7) + b"\x00" * 4,
    "many-messages": b"".join(ws_frame(TEXT, msg(f"m{i}", cid=f"c{i}")) for i in range(20)),
}
WS = {"frames-" + name: bytes([FRAMES]) + data for name, data in WS_FRAMES.items()}
WS.update({
    "frames-over-limit-16": bytes([FRAMES | LIMIT_16]) + ws_frame(TEXT, b"z" * 17),
    "frames-fragments-over-limit-16": bytes([FRAMES | LIMIT_16]) + ws_frame(TEXT, b"z" * 10, fin=False)
        + ws_frame(PING, b"p") + ws_frame(CONT, b"z" * 10),
    "frames-limit-1000": bytes([FRAMES | LIMIT_1000]) + ws_frame(TEXT, b"k" * 1000) + ws_frame(TEXT, b"k" * 1001),
    "connection-upgrade-and-frames": bytes([CONNECTION]) + upgrade() + ws_frame(TEXT, HELLO) + ws_frame(PING)
        + ws_frame(CLOSE, close_body(1000)),
    "connection-upgrade-no-origin": bytes([CONNECTION]) + upgrade(origin=None) + ws_frame(TEXT, b"{}"),
    "connection-upgrade-subprotocol": bytes([CONNECTION]) + upgrade(b"Sec-WebSocket-Protocol: chat, charla.v1\r\n"),
    "connection-case-insensitive": bytes([CONNECTION]) + upgrade().replace(b"Host:", b"hOsT:")
        .replace(b"Upgrade: websocket", b"UPGRADE: WebSocket"),
    "connection-page": bytes([CONNECTION]) + b"GET / HTTP/1.1\r\nHost: localhost:5000\r\n\r\n",
    "connection-page-js": bytes([CONNECTION]) + b"GET /app.js?v=1 HTTP/1.1\r\nHost: 127.0.0.1:5000\r\n\r\n",
    "connection-404": bytes([CONNECTION]) + b"GET /nope HTTP/1.1\r\nHost: localhost:5000\r\n\r\n",
    "connection-post": bytes([CONNECTION]) + upgrade(method=b"POST"),
    "connection-version-8": bytes([CONNECTION]) + upgrade(version=b"8"),
    "connection-short-key": bytes([CONNECTION]) + upgrade(key=b"AAAAAAAAAAAAAAAAAAAA"),
    "connection-foreign-origin": bytes([CONNECTION]) + upgrade(origin=b"http://evil.example"),
    "connection-foreign-host": bytes([CONNECTION]) + upgrade(host=b"evil.example:5000"),
    "connection-http10": bytes([CONNECTION]) + b"GET / HTTP/1.0\r\nHost: localhost:5000\r\n\r\n",
    "connection-big-header": bytes([CONNECTION]) + upgrade(b"X-Big: " + b"b" * 9000 + b"\r\n"),
    "connection-folded": bytes([CONNECTION]) + upgrade(b"X-A: 1\r\n 2\r\n"),
    "connection-body": bytes([CONNECTION]) + upgrade(b"Content-Length: 4\r\n") + b"body",
    "connection-bare-lf": bytes([CONNECTION]) + upgrade().replace(b"\r\n", b"\n"),
    "connection-tls-hello": bytes([CONNECTION]) + b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
    "connection-json-channel": bytes([CONNECTION]) + HELLO,
    # A bad method byte inside the request line's limit is a 400, past it a
    # 414, however the bytes are cut.
    "connection-bad-method-within-limit": bytes([CONNECTION]) + b"GE" + b"T" * 2000 + b"\x01" + b"T" * 100,
    "connection-bad-method-past-limit": bytes([CONNECTION]) + b"GE" + b"T" * 2100 + b"\x01",
})


def write(folder, cases):
    path = os.path.join(HERE, "corpus", folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    for name, data in sorted(cases.items()):
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    print(f"{folder}: {len(cases)} files")


if __name__ == "__main__":
    write("decoder", DECODER)
    write("server", SERVER)
    write("ws", WS)
