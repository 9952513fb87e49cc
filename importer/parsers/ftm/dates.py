"""FtM dates are prefix dates: ``1980``, ``1980-05``, ``1980-05-17``, or a timestamp whose
date is its first ten characters. A year stays a year."""

from __future__ import annotations

import datetime as dt
import re

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def prefix_date(value: str) -> str:
    """The ISO partial date that ``value`` starts with; "" when it starts with none (or with
    one not on the calendar)."""
    match = _PREFIX.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    return "-".join(p for p in (year, month, day) if p)


def earliest(values: list[str]) -> str:
    """The earliest of some partial dates ("" if none): by the first day each can be."""
    dates = [d for d in values if d]
    return min(dates, key=lambda d: (d.ljust(10, "0"), len(d))) if dates else ""


def latest(values: list[str]) -> str:
    dates = [d for d in values if d]
    return max(dates, key=lambda d: (d.ljust(10, "9"), -len(d))) if dates else ""
