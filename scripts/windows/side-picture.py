#!/usr/bin/env python3
"""The installer's side picture (the welcome and finish pages' left panel, 164x314, a 24-bit BMP
as NSIS's Modern UI wants): the product's teal, darkening downwards as in icons/source.svg, with
the app's icon (icons/128x128.png) near the top. Standard library only, so the Windows package
builds offline on a fresh machine (scripts/windows/package.sh calls it).

usage: side-picture.py ICON.png OUT.bmp
"""
import struct
import sys
import zlib

WIDTH, HEIGHT = 164, 314
TOP, BOTTOM = (0x0F, 0x76, 0x6E), (0x13, 0x4E, 0x4A)  # icons/source.svg's gradient


def read_png_rgba(path):
    """An 8-bit RGBA, non-interlaced PNG (what the icon generator writes) as rows of pixels."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"side-picture: {path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if (depth, colour, interlace) != (8, 6, 0):
        sys.exit(f"side-picture: {path} must be 8-bit RGBA, not interlaced")
    raw = zlib.decompress(idat)
    stride, bpp = width * 4, 4
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 0xFF
        rows.append([tuple(line[x * 4 : x * 4 + 4]) for x in range(width)])
        previous = line
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    icon = read_png_rgba(sys.argv[1])
    size = len(icon)
    left, top = (WIDTH - size) // 2, 48
    pixels = []
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        back = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM))
        row = []
        for x in range(WIDTH):
            colour = back
            iy, ix = y - top, x - left
            if 0 <= iy < size and 0 <= ix < size:
                r, g, b, a = icon[iy][ix]
                colour = tuple(round(c * a / 255 + k * (255 - a) / 255) for c, k in zip((r, g, b), back))
            row.append(colour)
        pixels.append(row)
    # BMP: rows bottom-up, BGR, each row padded to 4 bytes.
    pad = (4 - WIDTH * 3 % 4) % 4
    body = bytearray()
    for row in reversed(pixels):
        for r, g, b in row:
            body += bytes((b, g, r))
        body += b"\0" * pad
    header = struct.pack("<2sIHHI", b"BM", 54 + len(body), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, WIDTH, HEIGHT, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    with open(sys.argv[2], "wb") as out:
        out.write(header + info + body)


if __name__ == "__main__":
    main()
