"""The format's dates, kept as precise as OFAC gives them.

A date is ``Year``, ``Month`` and ``Day`` elements (month and day may be absent). A
``DatePeriod`` is a ``Start`` and an ``End``, each a ``From``/``To`` range: OFAC writes a
birth year alone as 1962-01-01 .. 1962-12-31, a month as its first and last days, and a
range of years ("1960 to 1965") as 1960-01-01 .. 1965-12-31. These read back as ``1962``,
``1962-05`` and ``1960/1965``: a year stays a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass


class DateError(ValueError):
    pass


def day_of(elem: ET.Element | None) -> dt.date | None:
    """A Year/Month/Day element as a date (a missing month or day is the first); None when
    it has no Year. DateError for a date that does not exist."""
    if elem is None:
        return None
    year = (elem.findtext("Year") or "").strip()
    if not year:
        return None
    month = (elem.findtext("Month") or "1").strip()
    day = (elem.findtext("Day") or "1").strip()
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise DateError(f"{year}-{month}-{day} is not a date") from exc


def iso_of(elem: ET.Element | None) -> str:
    """A Year/Month/Day element in ISO partial form, as precise as it is written."""
    if elem is None:
        return ""
    day_of(elem)  # validates
    year = (elem.findtext("Year") or "").strip()
    month = (elem.findtext("Month") or "").strip()
    day = (elem.findtext("Day") or "").strip()
    if not month:
        return f"{int(year):04d}"
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


@dataclass(frozen=True)
class Period:
    value: str  # ISO partial date, or "a/b", or "" when the period holds no date
    approximate: bool = False


def _shortest(first: dt.date, last: dt.date) -> str | None:
    """The one day, month or year that runs exactly from ``first`` to ``last``."""
    if first == last:
        return first.isoformat()
    if first.year == last.year and first.day == 1:
        if (first.month, last.month, last.day) == (1, 12, 31):
            return f"{first.year:04d}"
        month_end = calendar.monthrange(last.year, last.month)[1]
        if first.month == last.month and last.day == month_end:
            return f"{first.year:04d}-{first.month:02d}"
    return None


def period_of(elem: ET.Element) -> Period:
    """A ``DatePeriod`` as an ISO partial date or a range; DateError if a date is wrong."""
    start, end = elem.find("Start"), elem.find("End")
    if start is None and end is None:
        return Period("")
    start_from = day_of(start.find("From")) if start is not None else None
    start_to = day_of(start.find("To")) if start is not None else None
    end_from = day_of(end.find("From")) if end is not None else None
    end_to = day_of(end.find("To")) if end is not None else None
    first = start_from or start_to or end_from or end_to
    last = end_to or end_from or start_to or start_from
    if first is None or last is None:
        return Period("")
    if last < first:
        raise DateError(f"the period ends ({last}) before it starts ({first})")
    approximate = any(
        part is not None and part.get("Approximate", "false").lower() == "true"
        for part in (start, end)
    )
    whole = _shortest(first, last)
    if whole is not None:
        return Period(whole, approximate)
    begin, finish = _widen(first, last)
    return Period(f"{begin}/{finish}", approximate)


def _widen(first: dt.date, last: dt.date) -> tuple[str, str]:
    """Both ends at the coarsest precision that still says exactly ``first`` .. ``last``."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"{first.year:04d}", f"{last.year:04d}"
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        return f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    return first.isoformat(), last.isoformat()
