"""Birth dates as precise as the EU gives them, and places of birth.

A ``birthdate`` element gives a full date (``birthdate="YYYY-MM-DD"`` with ``dayOfMonth``,
``monthOfYear`` and ``year`` beside it), a part of one (``year`` only, or ``monthOfYear`` and
``year``), or a range of years (``yearRangeFrom``/``yearRangeTo``); ``circa="true"`` makes
any of them approximate. With a calendar other than the Gregorian (``ISLAMIC``), the parts
are in that calendar and only ``birthdate`` is Gregorian: the date is that one, and the
parts are kept as words. A year stays a year.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from importer.parsers.common import joined
from importer.parsers.eu.elements import Context, attr, country_words, flag
from importer.records import DateRecord

GREGORIAN = "GREGORIAN"


def iso_day(value: str) -> str | None:
    """``1937-04-28`` checked as a real day; None if it is not one."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _from_parts(year: str, month: str, day: str) -> str | None:
    """``1937``, ``1937-04`` or ``1937-04-28`` from the parts; None if they are not a date."""
    if not year.isdigit() or not 1 <= int(year) <= 9999:
        return None
    if not month:
        return f"{int(year):04d}" if not day else None
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    if not day.isdigit():
        return None
    return iso_day(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")


def _range(start: str, end: str) -> str | None:
    """``1953/1958`` from two years (one year alone is that year); None if not years."""
    years = [y for y in (start, end) if y]
    if not all(y.isdigit() and 1 <= int(y) <= 9999 for y in years):
        return None
    first, last = f"{int(years[0]):04d}", f"{int(years[-1]):04d}"
    if int(last) < int(first):
        return None
    return first if first == last else f"{first}/{last}"


def birth_date(ctx: Context, elem: ET.Element, kind: str) -> DateRecord | None:
    """One birthdate element as a date record; None when it holds no date at all (a place
    only)."""
    calendar = (attr(elem, "calendarType") or GREGORIAN).upper()
    circa = flag(elem, "circa")
    full = attr(elem, "birthdate")
    year, month, day = attr(elem, "year"), attr(elem, "monthOfYear"), attr(elem, "dayOfMonth")
    start, end = attr(elem, "yearRangeFrom"), attr(elem, "yearRangeTo")
    if not (full or year or start or end):
        return None
    words: list[str] = []
    if calendar != GREGORIAN:
        parts = "/".join(p for p in (day, month, year) if p) or f"{start}-{end}".strip("-")
        words.append(f"{parts} ({calendar.lower()} calendar)")
        value = iso_day(full) if full else None
    elif full:
        value = iso_day(full)
    elif year:
        value = _from_parts(year, month, day)
    else:
        value = _range(start, end)
        words.append(f"between {start or end} and {end or start}")
    if value is None:
        given = full or "/".join(p for p in (day, month, year) if p) or f"{start}-{end}"
        ctx.warn(elem, f"kept as words: unparsable birth date {given!r} ({calendar.lower()})")
        words.insert(0, given)
        value = ""
    text = ", ".join(words)
    if circa:
        text = f"circa {text or value}"
    return DateRecord(kind=kind, date=value, text=text, approximate=circa)


def place_of_birth(elem: ET.Element) -> str:
    """The place written out ("al-Awja, near Tikrit, IRAQ"); "" when there is none."""
    place = joined(
        attr(elem, "city"),
        attr(elem, "zipCode"),
        attr(elem, "place"),
        attr(elem, "region"),
        country_words(elem),
    )
    return place
