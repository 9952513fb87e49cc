"""Naming a list file's encoding, so that a wrong one is refused as what it is.

A list re-saved by a spreadsheet as "Unicode text" is UTF-16: every ASCII character followed
(little-endian) or preceded (big-endian) by a NUL byte, usually after a byte order mark
(BOM). Read as the publisher's encoding it fails on some byte that says nothing of the cause
("unexpected 0x1A byte", "not a ConList header"); :func:`wide_unicode` recognises it first,
so that the parsers can say "the file is UTF-16 (little-endian, with a BOM)".

OFAC publishes ASCII, OFSI Windows-1252 or UTF-8, the UN UTF-8 XML (where UTF-16 with a BOM
is legitimate XML too): each parser decides what it accepts, with this module's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importer.records import ParseError

UTF8_BOM = b"\xef\xbb\xbf"

# UTF-32's BOMs first: FF FE 00 00 starts like UTF-16's FF FE.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32", "utf-32-le", "little-endian"),
    (b"\x00\x00\xfe\xff", "UTF-32", "utf-32-be", "big-endian"),
    (b"\xff\xfe", "UTF-16", "utf-16-le", "little-endian"),
    (b"\xfe\xff", "UTF-16", "utf-16-be", "big-endian"),
)
# Without a BOM: in the first bytes, at least this share of the high bytes of UTF-16 code
# units are NUL (Latin text: nearly all), and at most the second share of the low bytes
# (a NUL character: nearly never).
_SAMPLE = 4096
_HIGH_NUL_SHARE = 0.3
_LOW_NUL_SHARE = 0.02

# A UTF-8 sequence of two to four bytes: in a file that is not UTF-8 as a whole, a sign that
# parts of it are (two encodings mixed), not Windows-1252 letters.
UTF8_SEQUENCE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass(frozen=True)
class WideUnicode:
    """A file in UTF-16 or UTF-32; ``str()`` names it: ``UTF-16 (big-endian, no BOM)``."""

    name: str  # "UTF-16" or "UTF-32"
    codec: str  # the Python codec, with the byte order: "utf-16-le"
    order: str  # "little-endian" or "big-endian"
    bom: bytes  # the byte order mark the file starts with, or b""

    def __str__(self) -> str:
        return f"{self.name} ({self.order}, {'with a BOM' if self.bom else 'no BOM'})"

    def head(self, data: bytes, characters: int = 200) -> str:
        """The first characters of ``data``, decoded (an undecodable one replaced)."""
        unit = 4 if self.name == "UTF-32" else 2
        start = len(self.bom)
        return data[start : start + unit * characters].decode(self.codec, errors="replace")


def wide_unicode(data: bytes) -> WideUnicode | None:
    """UTF-16 or UTF-32 by the BOM; UTF-16 without one by where its NUL bytes fall."""
    for bom, name, codec, order in _BOMS:
        if data.startswith(bom):
            return WideUnicode(name, codec, order, bom)
    sample = data[:_SAMPLE]
    units = len(sample) // 2
    if units < 2:
        return None
    even, odd = sample[0 : 2 * units : 2].count(0), sample[1 : 2 * units : 2].count(0)
    if odd >= _HIGH_NUL_SHARE * units and even <= _LOW_NUL_SHARE * units:
        return WideUnicode("UTF-16", "utf-16-le", "little-endian", b"")
    if even >= _HIGH_NUL_SHARE * units and odd <= _LOW_NUL_SHARE * units:
        return WideUnicode("UTF-16", "utf-16-be", "big-endian", b"")
    return None


def refuse_wide_unicode(name: str, data: bytes, expected: str) -> None:
    """ParseError naming a UTF-16 or UTF-32 file, where ``expected`` says what the publisher
    writes ("ASCII as OFAC publishes it")."""
    wide = wide_unicode(data)
    if wide is not None:
        raise ParseError(
            name,
            None,
            f"the file is {wide}, not {expected}: download it again (re-saved as Unicode text?)",
        )


def line_of(data: bytes, position: int) -> int:
    """The line (from 1) of the byte at ``position``."""
    return data.count(b"\n", 0, position) + 1
