"""OFAC's remarks: the ``; ``-separated phrases of the last column, read into names,
identifiers, dates, countries and links.

Most of what OFAC says of an entry beyond its name is written here in words ("DOB 28 Jul
1963; Passport P0017003 (Belize); a.k.a. 'BURTON BURGESS'."); a phrase no rule reads is
kept as it is, in ``Remarks.unparsed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Identifier:
    kind: str  # passport, national_id, tax_id, registration_number, uscc, imo, website, email
    value: str
    country: str = ""
    text: str = ""  # the whole phrase, as written


@dataclass(frozen=True)
class RemarkDate:
    kind: str  # "birth" or "established"
    text: str  # the date as written, e.g. "circa 1950"
    start: str | None = None  # ISO partial: "1936-04-27", "1936-04" or "1936"
    end: str | None = None  # same as start unless a range
    approximate: bool = False


@dataclass(frozen=True)
class Remarks:
    weak_aliases: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    dates: tuple[RemarkDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    linked_to: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()


_IDENTIFIER_LABELS = [
    # longest first so that "Registration Number" does not catch a longer label
    ("Unified Social Credit Code (USCC)", "uscc"),
    ("Vessel Registration Identification IMO", "imo"),
    ("Vessel Registration Identification", "vessel_registration"),
    ("Identification Number IMO", "imo"),
    ("Business Registration Number", "registration_number"),
    ("Registration Number", "registration_number"),
    ("Public Registration Number", "registration_number"),
    ("Registration ID", "registration_number"),
    ("Legal Entity Number", "lei"),
    ("National ID No.", "national_id"),
    ("Tax ID No.", "tax_id"),
    ("Passport", "passport"),
    ("Email Address", "email"),
    ("Website", "website"),
]
_IDENTIFIER_RE = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label, _ in _IDENTIFIER_LABELS)
    + r")\s+(?P<value>[^()]+?)(?:\s+\((?P<country>[^()]+)\)(?:\s+(?P<extra>.+))?)?$"
)
_IDENTIFIER_KIND = dict(_IDENTIFIER_LABELS)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_RE = re.compile(
    r"^(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>[A-Za-z]{3})[a-z]*\.?\s+)?(?P<year>\d{4})$"
)
_DATE_PREFIXES = [("DOB", "birth"), ("Organization Established Date", "established")]
# Endings after which the terminal "." belongs to the name (CO. LTD., S.R.O.).
_ABBREV_RE = re.compile(r"(?:\b(?:LTD|CO|INC|CORP|JR|SR|PVT|PTE|BHD|CIA|LLC|PLC)|\.\w{1,3})$", re.I)


def _iso_partial(text: str) -> str | None:
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    year, month, day = m.group("year"), m.group("month"), m.group("day")
    if month is None:
        return None if day else year
    mon = _MONTHS.get(month.lower())
    if mon is None:
        return None
    if day is None:
        return f"{year}-{mon:02d}"
    d = int(day)
    if not 1 <= d <= 31:
        return None
    return f"{year}-{mon:02d}-{d:02d}"


def _parse_date(kind: str, text: str) -> RemarkDate:
    body = text.strip()
    approximate = False
    m = re.match(r"^(?:circa|approximately|approx\.?|about)\s+(.+)$", body, re.I)
    if m:
        approximate = True
        body = m.group(1)
    parts = re.split(r"\s+to\s+", body)
    if len(parts) == 2:
        start, end = _iso_partial(parts[0]), _iso_partial(parts[1])
        if start and end:
            return RemarkDate(kind, text, start, end, approximate)
        return RemarkDate(kind, text, None, None, approximate)
    iso = _iso_partial(body)
    return RemarkDate(kind, text, iso, iso, approximate)


def _split_phrases(text: str) -> list[str]:
    text = text.strip()
    phrases = [p.strip() for p in text.split("; ")]
    phrases = [p for p in phrases if p]
    if phrases and phrases[-1].endswith("."):
        last = phrases[-1]
        stripped = last[:-1].rstrip()
        # "a.k.a. 'X'." / "Linked To: CO. LTD." : keep the dot if it belongs to the name.
        if not (stripped.startswith("Linked To:") and _ABBREV_RE.search(stripped)):
            phrases[-1] = stripped
    # Phrases in the middle can also end with ".", e.g. "...#directives.": leave them.
    return [p for p in phrases if p]


def parse_remarks(text: str) -> Remarks:
    """Extract structured facts from an OFAC remarks field."""
    weak: list[str] = []
    identifiers: list[Identifier] = []
    dates: list[RemarkDate] = []
    nationalities: list[str] = []
    citizenships: list[str] = []
    pobs: list[str] = []
    linked: list[str] = []
    unparsed: list[str] = []

    for phrase in _split_phrases(text or ""):
        body = phrase[5:].lstrip() if phrase.startswith("alt. ") else phrase

        m = re.match(r"^a\.k\.a\.\s+'(?P<name>.*)'\.?$", body)
        if m:
            if m.group("name").strip():
                weak.append(m.group("name").strip())
            continue

        m = re.match(r"^Linked To:\s*(?P<name>.+)$", body)
        if m:
            name = m.group("name").strip()
            if name.endswith(".") and not _ABBREV_RE.search(name[:-1]):
                name = name[:-1]
            linked.append(name)
            continue

        for prefix, kind in _DATE_PREFIXES:
            if body.startswith(prefix + " "):
                dates.append(_parse_date(kind, body[len(prefix) + 1 :]))
                break
        else:
            m = _IDENTIFIER_RE.match(body)
            if m:
                identifiers.append(
                    Identifier(
                        kind=_IDENTIFIER_KIND[m.group("label")],
                        value=m.group("value").strip(),
                        country=(m.group("country") or "").strip(),
                        text=phrase,
                    )
                )
                continue
            m = re.match(r"^(nationality|citizen|POB)\s+(.+)$", body)
            if m:
                target = {"nationality": nationalities, "citizen": citizenships, "POB": pobs}
                target[m.group(1)].append(m.group(2).strip())
                continue
            unparsed.append(phrase)

    return Remarks(
        weak_aliases=tuple(weak),
        identifiers=tuple(identifiers),
        dates=tuple(dates),
        nationalities=tuple(nationalities),
        citizenships=tuple(citizenships),
        places_of_birth=tuple(pobs),
        linked_to=tuple(linked),
        unparsed=tuple(unparsed),
    )
