#!/usr/bin/env python3
"""Writes a Windows icon (.ico) holding PNG images as they are.

    make_ico.py OUT.ico IN-32.png IN-48.png ...

Windows Vista and later read PNG entries inside an .ico; each entry keeps
its file's bytes, so nothing is re-encoded. Standard library only.
"""
import struct
import sys


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SystemExit("make_ico.py: not a PNG file")
    return struct.unpack(">II", data[16:24])


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    images = []
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        w, h = png_size(data)
        if w > 256 or h > 256:
            raise SystemExit(f"make_ico.py: {path} is larger than 256 px")
        images.append((w, h, data))
    images.sort(key=lambda i: i[0])
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for w, h, data in images:
        # 0 in the width/height bytes means 256.
        out += struct.pack("<BBBBHHII", w % 256, h % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    for _, _, data in images:
        out += data
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
