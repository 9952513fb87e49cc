"""What the list parsers do alike, written once: reading a file, CSV rows with their lines,
the column-count checks, whitespace, order-keeping de-duplication, collecting warnings.

What differs by publisher (the encodings accepted, date formats, country words, the
messages that name the list) stays in each parser's package.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from importer.records import ParseError, ParseWarning

Row = tuple[int, list[str]]  # (line of the row's first physical line, fields)


def read_file(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256 (hex, for provenance); ParseError if unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path.name, None, f"cannot read file ({exc.strerror})") from exc
    return data, hashlib.sha256(data).hexdigest()


def csv_rows(name: str, text: str, *, quoted_end_is_truncation: bool = False) -> Iterator[Row]:
    """Yield (line of the row's first physical line, fields) for every non-blank row.

    Quoted fields may span lines, so a row's line is where it starts. Broken quoting raises
    ParseError ("malformed CSV row"); with ``quoted_end_is_truncation``, a file ending inside
    a quoted field is named as truncated instead.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        if quoted_end_is_truncation and "unexpected end of data" in str(exc):
            raise ParseError(name, start, "truncated: the file ends inside a quoted field") from exc
        raise ParseError(name, start, f"malformed CSV row ({exc})") from exc


def refuse_mostly_wrong_width(name: str, rows: Sequence[Row], width: int) -> None:
    """ParseError when more than half the rows do not have ``width`` columns: the wrong file
    or format. A few such rows are skipped with a warning (:func:`full_rows`)."""
    bad = [(line, len(f)) for line, f in rows if len(f) != width]
    if bad and len(bad) * 2 > len(rows):
        line, found = bad[0]
        raise ParseError(
            name,
            line,
            f"expected {width} columns, found {found} "
            f"({len(bad)} of {len(rows)} rows are wrong: wrong file or format)",
        )


def truncated_row(name: str, line: int, found: int, width: int) -> ParseError:
    """The error for a file whose last row stops short: cut in the middle of a row."""
    return ParseError(name, line, f"truncated: the file ends mid-row ({found} of {width} columns)")


def full_rows(rows: Iterable[Row], width: int, warn: Callable[[int, str], object]) -> Iterator[Row]:
    """The rows that have ``width`` columns; each other one skipped with a warning."""
    for line, fields in rows:
        if len(fields) != width:
            warn(line, f"skipped: expected {width} columns, found {len(fields)}")
        else:
            yield line, fields


def collapse(text: str | None) -> str:
    """Strip and collapse runs of whitespace (embedded newlines included) to one space."""
    return " ".join(text.split()) if text else ""


def joined(*parts: str) -> str:
    """The non-empty parts, separated by commas: an address or a place written out."""
    return ", ".join(p for p in parts if p)


def unique(items: Iterable) -> tuple:
    """The items without repeats, first occurrence first."""
    return tuple(dict.fromkeys(items))


class Warnings:
    """Collects one file's warnings; with ``once_per``, a message is kept once per key (a
    group's rows repeat the same facts, so one bad nationality would otherwise warn on
    every row)."""

    def __init__(self, name: str):
        self.name = name
        self.warnings: list[ParseWarning] = []
        self._seen: set[tuple[str, str]] = set()

    def __call__(self, line: int, message: str, *, once_per: str = "") -> None:
        if once_per:
            key = (once_per, message)
            if key in self._seen:
                return
            self._seen.add(key)
        self.warnings.append(ParseWarning(self.name, line, message))

    def by_line(self) -> list[ParseWarning]:
        """The warnings in file order (stable: those of one line in the order given)."""
        return sorted(self.warnings, key=lambda w: w.line)
