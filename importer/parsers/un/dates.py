"""The UN list's dates: ISO dates with ``-00`` for an unknown part, listing dates, and dates
of birth given exactly, approximately or as a range of years."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from importer.parsers.un.elements import Context, child_text
from importer.records import DateRecord

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def iso_partial(value: str) -> str | None:
    """``1978-04-28``, ``1978-04``, ``1978`` (``-00`` parts dropped); None if not a date."""
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if int(year) == 0:
        return None
    if month in (None, "00"):
        return year if day in (None, "00") else None
    if not 1 <= int(month) <= 12:
        return None
    if day in (None, "00"):
        return f"{year}-{month}"
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}"


def listed_date(ctx: Context, elem: ET.Element, ref: str) -> str:
    value = child_text(elem, "LISTED_ON")
    iso = iso_partial(value) if value else ""
    if iso is None:
        ctx.warn(elem, f"kept without listing date: unparsable LISTED_ON {value!r} ({ref})")
        return ""
    return iso


def birth_date(ctx: Context, dob: ET.Element, ref: str) -> DateRecord | None:
    """One INDIVIDUAL_DATE_OF_BIRTH; None for the empty placeholders."""
    type_ = child_text(dob, "TYPE_OF_DATE").upper()
    date, year = child_text(dob, "DATE"), child_text(dob, "YEAR")
    from_year, to_year = child_text(dob, "FROM_YEAR"), child_text(dob, "TO_YEAR")
    note = child_text(dob, "NOTE")
    if not (date or year or from_year or to_year or note):
        return None
    approximate = False
    if type_ == "BETWEEN" or ((from_year or to_year) and not (date or year)):
        text = f"BETWEEN {from_year} AND {to_year}"
        start, end = iso_partial(from_year), iso_partial(to_year)
        value = f"{start}/{end}" if start and end else ""
    else:
        raw = date or year
        value = (iso_partial(raw) or "") if raw else ""
        approximate = type_ == "APPROXIMATELY"
        text = f"APPROXIMATELY {raw}" if approximate else raw
        if type_ not in ("EXACT", "APPROXIMATELY", ""):
            text = f"{type_} {raw}"
            ctx.warn(dob, f"kept: unknown TYPE_OF_DATE {type_!r} ({ref})")
    if note:
        text = f"{text} ({note})" if text else note
    if not value:
        ctx.warn(dob, f"kept as words: unparsable date of birth {text!r} ({ref})")
    return DateRecord(kind="birth", date=value, text=text, approximate=approximate)
