"""A whole ConList file: read, its rows checked and grouped by Group ID, one entry per
group."""

from __future__ import annotations

from pathlib import Path

from importer.parsers.common import (
    Warnings,
    collapse,
    csv_rows,
    full_rows,
    read_file,
    refuse_mostly_wrong_width,
    truncated_row,
)
from importer.parsers.uk.entries import Group, Row, build_entry, full_name
from importer.parsers.uk.reading import REQUIRED_COLUMNS, decode, read_head
from importer.records import ParsedSource, ParseError

SOURCE = "uk-ofsi"


def parse_file(path: str | Path) -> ParsedSource:
    """Parse a ConList CSV into one :class:`ListEntry` per Group ID, in order of appearance.

    Raises :class:`ParseError` for a file that is not a ConList CSV, is truncated, is in
    neither Windows-1252 nor UTF-8, or has mostly malformed rows; single bad rows are
    skipped with a :class:`ParseWarning`.
    """
    path = Path(path)
    name = path.name
    data, sha = read_file(path)
    if not data.strip():
        raise ParseError(name, 1, "empty file")
    text = decode(name, data)

    rows = csv_rows(name, text, quoted_end_is_truncation=True)
    list_date, columns, width = read_head(name, rows)
    body = list(rows)

    if body:
        last_line, last = body[-1]
        if len(last) < width and not text.endswith(("\n", "\r")):
            raise truncated_row(name, last_line, len(last), width)
    refuse_mostly_wrong_width(name, body, width)

    warn = Warnings(name)
    groups: dict[str, Group] = {}
    wanted = [*REQUIRED_COLUMNS, "Alias Quality"]
    index = {c: columns[c] for c in wanted if c in columns}
    for line, fields in full_rows(body, width, warn):
        row = Row(line, {c: fields[i].strip() for c, i in index.items()})
        ref = collapse(row["Group ID"])
        if not ref:
            warn(line, "skipped: no Group ID")
            continue
        if not ref.isdigit():
            warn(line, f"skipped: Group ID {ref!r} is not a number")
            continue
        group = groups.setdefault(ref, Group(ref, line))
        if not full_name(row):
            warn(line, f"skipped: empty name (group {ref})")
            continue
        group.rows.append(row)

    entries = [build_entry(g, warn) for g in groups.values() if g.rows]
    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=warn.by_line(),
        files={name: sha},
        list_date=list_date,
    )
