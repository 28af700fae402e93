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
