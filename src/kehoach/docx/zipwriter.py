"""A minimal, reproducible ZIP writer for the .docx package.

The parts that are the same for every document (content types, relations,
settings, fonts, headers, the style sheet of a layout) are deflated once and
kept as ready-made entries; a render only deflates its own document body and
properties. ``zipfile`` would compress every part again for every document,
which was most of the writer's time in a batch of thousands.

Entries carry a fixed timestamp (1980-01-01) and fixed attributes, so the
same parts always give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00
_DEFLATE = 8
_VERSION = 20
_EXTERNAL_ATTR = 0o644 << 16


@dataclass(frozen=True)
class Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # deflated


def entry(name: str, content: bytes, level: int = 1) -> Entry:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name.encode("utf-8"), zlib.crc32(content), len(content), data)


def pack(entries: list[Entry]) -> bytes:
    """The ZIP file holding ``entries`` in this order."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", _VERSION, 0, _DEFLATE, _DOS_TIME, _DOS_DATE,
                           e.crc, len(e.data), e.size, len(e.name), 0)
        out += e.name
        out += e.data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _VERSION, _VERSION, 0, _DEFLATE, _DOS_TIME,
                               _DOS_DATE, e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0,
                               _EXTERNAL_ATTR, offset)
        central += e.name
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)
