"""Reading a ConList file: its encoding (Windows-1252 or UTF-8, told apart here), and the
preamble and header that say it is a ConList, before any row is trusted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from importer.parsers.common import Row, collapse
from importer.parsers.encoding import (
    UTF8_BOM,
    UTF8_SEQUENCE_RE,
    line_of,
    refuse_wide_unicode,
)
from importer.parsers.uk.cells import iso_date
from importer.records import ParseError

# Every ConList export has these; newer ones add more (Alias Quality, non-Latin script...),
# which are looked up by name, so a column added or moved is not a format change.
REQUIRED_COLUMNS = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)

# A file that is not UTF-8 as a whole but has this many UTF-8 characters mixes two
# encodings. One or two could be Windows-1252 letters (an accented capital and a curly
# quote are the bytes of a UTF-8 character); the real sample, 97 non-ASCII bytes in
# Windows-1252, has none.
_MIXED_UTF8_MIN = 3


def decode(name: str, data: bytes) -> str:
    """UTF-8 if the bytes say so (BOM, or a strict decode succeeds), else Windows-1252.

    Plain ASCII decodes either way. Python's cp1252 codec rejects the five bytes that
    Windows-1252 leaves undefined, which is how a file in neither encoding is caught. A UTF-16
    file, and one mixing UTF-8 characters with other bytes (read as Windows-1252, its UTF-8
    characters would be garbled, a curly quote read as three letters), are refused, named as
    what they are.
    """
    refuse_wide_unicode(name, data, "Windows-1252 or UTF-8 as OFSI publishes the ConList")
    if data.startswith(UTF8_BOM):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = exc.start + 3
            raise ParseError(
                name,
                line_of(data, pos),
                f"byte 0x{data[pos]:02X} is not UTF-8 (the file has a UTF-8 BOM)",
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        not_utf8 = exc.start
    utf8 = [m.start() for m in UTF8_SEQUENCE_RE.finditer(data)]
    if len(utf8) >= _MIXED_UTF8_MIN:
        raise ParseError(
            name,
            line_of(data, not_utf8),
            f"byte 0x{data[not_utf8]:02X} is not UTF-8, but {len(utf8)} characters of the file "
            f"are (the first on line {line_of(data, utf8[0])}): two encodings mixed, read "
            "either way some names would be garbled; download the file again",
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ParseError(
            name,
            line_of(data, exc.start),
            f"byte 0x{data[exc.start]:02X} is not Windows-1252 or UTF-8 "
            "(wrong encoding or not a ConList file)",
        ) from exc


def _not_conlist(name: str, line: int, fields: list[str], why: str) -> ParseError:
    shown = ",".join(fields)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ParseError(name, line, f"not a UK ConList CSV (header {shown!r}: {why})")


def read_head(name: str, rows: Iterator[Row]) -> tuple[dt.date, dict[str, int], int]:
    """Check the preamble and the header; return (list date, column index, column count)."""
    try:
        first = next(rows, None)
        if first is None:
            raise ParseError(name, 1, "empty file")
        line, pre = first
        if collapse(pre[0]).lower() != "last updated":
            raise _not_conlist(name, line, pre, "line 1 is not 'Last Updated,dd/mm/yyyy'")
        iso = iso_date(pre[1]) if len(pre) > 1 else None
        if iso is None or len(iso) != 10:
            raise _not_conlist(name, line, pre, "no date after 'Last Updated'")
        list_date = dt.date.fromisoformat(iso)
        second = next(rows, None)
        if second is None:
            raise ParseError(name, line + 1, "not a UK ConList CSV (no header after line 1)")
        line, header = second
    except ParseError as exc:
        if exc.message.startswith(("malformed CSV", "truncated")):
            raise ParseError(name, exc.line, f"not a UK ConList CSV ({exc.message})") from exc
        raise
    columns = {collapse(h): i for i, h in reversed(list(enumerate(header)))}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise _not_conlist(
            name, line, header, f"{len(missing)} ConList columns missing, e.g. {missing[0]!r}"
        )
    return list_date, columns, len(header)
