"""The ConList's ways of writing values in a cell: several in one (``1) a 2) b``) and
``dd/mm/yyyy`` dates with ``00`` for an unknown day or month."""

from __future__ import annotations

import datetime as dt
import re

from importer.parsers.common import collapse

_MARKER_RE = re.compile(r"\(\s*(?:\d{1,2}|[a-h])\s*\)|(?<![\w(])(?:\d{1,2}|[a-h])\)")


def split_numbered(text: str) -> tuple[str, list[str]]:
    """Split a multi-valued cell: ``"1) Saudi Arabia 2) Qatar"`` -> ``("", [..., ...])``.

    Returns (text before the first marker, the items). Markers are ``1)``, ``(1)``, ``a)``
    and ``(a)``; a bare ``1)`` only counts after a space or at the start, so that ``of)``
    or ``2009)`` in a remark does not split. ``(1)-(2) Indonesia`` gives ``["Indonesia"]``.
    Without markers the whole text is the one item.
    """
    text = collapse(text)
    parts = _MARKER_RE.split(text)
    if len(parts) == 1:
        return "", [text] if text else []
    items = [p.strip(" -;,.") for p in parts[1:]]
    return parts[0].strip(" -;,:."), [p for p in items if p]


_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def iso_date(text: str) -> str | None:
    """``dd/mm/yyyy`` -> ISO partial date; ``00`` parts lower the precision. None if bad.

    ``00/00/1980`` -> ``1980``; ``00/05/1980`` -> ``1980-05``; ``15/00/1980`` -> ``1980``
    (a day without its month says nothing more than the year).
    """
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if year == 0 or month > 12 or day > 31:
        return None
    if month == 0:
        return f"{year:04d}"
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
