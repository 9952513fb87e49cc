"""Reading one OFAC CSV file into rows, refusing a file that is not in OFAC's format.

Format: no header row, columns by position, the unquoted null marker ``-0- ``, CRLF (or LF)
line endings, an optional trailing 0x1A byte, ASCII.

Encodings: a UTF-16 or UTF-32 file (a spreadsheet's "Unicode text") is refused as such. A
file with non-ASCII bytes that decodes as UTF-8 (a re-saved file, or OFAC one day writing
accents) is read as UTF-8, with one warning naming the file and the first such line:
decoding it is unambiguous, and refusing it would stop every import of the list. Any other
non-ASCII byte (Windows-1252, Latin-1) is refused: it cannot be decoded without guessing.
"""

from __future__ import annotations

from pathlib import Path

from importer.parsers.common import (
    Row,
    csv_rows,
    read_file,
    refuse_mostly_wrong_width,
    truncated_row,
)
from importer.parsers.encoding import UTF8_BOM, line_of, refuse_wide_unicode
from importer.records import ParseError, ParseWarning

# File names per kind: primary, addresses, aliases, comments (the comments file is optional:
# a list whose remarks all fit in 1,000 characters may ship without one).
FILES: dict[str, dict[str, str]] = {
    "sdn": {
        "primary": "sdn.csv",
        "addresses": "add.csv",
        "aliases": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    "non-sdn": {
        "primary": "cons_prim.csv",
        "addresses": "cons_add.csv",
        "aliases": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}
COLUMNS = {"primary": 12, "addresses": 6, "aliases": 5, "comments": 2}
REQUIRED = ("primary", "addresses", "aliases")

NULL_MARKER = "-0-"


def clean(value: str) -> str:
    """A field's value, stripped; "" for the null marker."""
    value = value.strip()
    return "" if value == NULL_MARKER else value


def read_rows(path: Path) -> tuple[list[Row], str, bool, ParseWarning | None]:
    """Return ([(line, fields)], sha256, ends_with_newline, encoding warning) for one file.

    Raises ParseError on a UTF-16 or UTF-32 file, bytes that are neither ASCII nor UTF-8,
    broken quoting or an unterminated last row. UTF-8 is read with a warning (see above).
    """
    name = path.name
    data, sha = read_file(path)
    refuse_wide_unicode(name, data, "ASCII as OFAC publishes it")
    text, note = _decode(name, data)
    ends_with_newline = text.endswith(("\n", "\r"))
    return list(csv_rows(name, text)), sha, ends_with_newline, note


def _decode(name: str, data: bytes) -> tuple[str, ParseWarning | None]:
    """The text of the file, without the end's 0x1A; a warning when read as UTF-8."""
    bom = data.startswith(UTF8_BOM)
    if bom:
        data = data[len(UTF8_BOM) :]
    # The official files end with one Ctrl-Z (0x1A); drop it (and anything blank after it).
    body = data.rstrip(b"\r\n\t ")
    while body.endswith(b"\x1a"):
        body = body[:-1]
    if b"\x1a" in body:
        raise ParseError(
            name, line_of(body, body.index(b"\x1a")), "unexpected 0x1A byte before the end"
        )
    note = None
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as exc:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise ParseError(
                name,
                line_of(body, not_utf8.start),
                f"byte 0x{body[not_utf8.start]:02X} is not ASCII, nor part of a UTF-8 "
                "character (Windows-1252? wrong encoding or not an OFAC file)",
            ) from not_utf8
        count = sum(1 for ch in text if ord(ch) > 127)
        note = ParseWarning(
            name,
            line_of(body, exc.start),
            f"read as UTF-8 (OFAC publishes ASCII): {count} non-ASCII "
            f"character{'s' if count > 1 else ''}, the first on this line",
        )
    if bom and note is None:
        note = ParseWarning(name, 1, "read as UTF-8 (OFAC publishes ASCII): the file has a BOM")
    return text, note


def check_shape(name: str, role: str, rows: list[Row], ends_with_newline: bool) -> None:
    """Raise ParseError if the file as a whole is not the expected format."""
    expected = COLUMNS[role]
    if not rows:
        raise ParseError(name, 1, "empty file")
    refuse_mostly_wrong_width(name, rows, expected)
    last_line, last = rows[-1]
    if len(last) != expected and not ends_with_newline:
        raise truncated_row(name, last_line, len(last), expected)
