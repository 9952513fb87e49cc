"""Identifiers in the ConList's words: passports and national IDs in the Passport Details
and NI Number cells, UN references, IMO and MMSI numbers in Other Information."""

from __future__ import annotations

import re

from importer.parsers.common import collapse
from importer.parsers.uk.cells import split_numbered
from importer.parsers.uk.countries import country_hint, uk_country
from importer.records import IdentifierRecord

_DOC_VALUE_RE = re.compile(
    r"^(?:(?:[Pp]rovisional|[Dd]iplomatic|[Oo]fficial|[Ss]ervice|[Oo]rdinary)\s+)?"
    r"(?P<value>[A-Z]{1,3} \d{4,}(?![\w/])|[A-Za-z0-9][A-Za-z0-9/.\-]*)"
)
_DOC_KEYWORD_RE = re.compile(
    r"\b(?:[Pp]assport\s+)?(?:[Nn]o|[Nn]os|[Nn]umbers?|[Nn]um)\b\.?\s*:?\s*"
)
_NATIONAL_ID_RE = re.compile(r"national\s+identi|identity\s+card|civil\s+id", re.I)
_UN_REF_RE = re.compile(
    r"\bUN\s+Ref(?:erence)?(?:\s+No\.?)?\s*[.:]?\s*"
    r"(?P<ref>[A-Za-z]{1,4}(?:\.[A-Za-z0-9]{1,4}(?![A-Za-z0-9]))+)",
    re.I,
)
# "IRe.001. Subordinate of DIO.": a bare UN reference in the modern form, at the start.
_BARE_UN_REF_RE = re.compile(r"^(?P<ref>[A-Z]{2,3}[a-z]\.\d{3})(?![\w])")
IMO_RE = re.compile(r"\bIMO(?:\s+(?:number|no\.?))?\s*[:.]?\s*(?P<value>\d{7})\b", re.I)
MMSI_RE = re.compile(r"\bMMSI\s*[:.]?\s*(?P<value>\d{9})\b", re.I)


def _doc_value(text: str) -> tuple[str, str] | None:
    """(number, the text after it) at the start of ``text``, or None.

    A number has at least three digits: a word ("Passport", "Issued") or a stray digit is
    not one.
    """
    m = _DOC_VALUE_RE.match(text)
    if not m:
        return None
    value = m.group("value").rstrip("./-,")
    if sum(ch.isdigit() for ch in value) < 3:
        return None
    return value, text[m.end() :]


def _parse_document(item: str) -> tuple[str, str] | None:
    """(number, country) of one document phrase, or None when it states no number.

    Forms: ``592667 (Qatari)``, ``Passport No: 592667 (...)``, ``Tunisia number G557170``,
    ``D 000974 (Afghan)``, ``W374031, Tunisian national identity number ...``.
    """
    before = ""
    found = _doc_value(item)
    if found is None:
        kw = _DOC_KEYWORD_RE.search(item)
        if kw is None:
            return None
        found = _doc_value(item[kw.end() :])
        if found is None:
            return None
        before = item[: kw.start()]
    value, after = found
    country = ""
    for remark in re.findall(r"\(([^()]*)\)", after):
        country = country_hint(remark)
        if country:
            break
    if not country:
        word = re.match(r"^[\s,.;]*([A-Z][a-z]+)\b", after)
        if word:
            country = uk_country(word.group(1))
    if not country and before.strip():
        country = country_hint(before)
    return value, country


def documents_in(text: str, scheme: str) -> tuple[list[IdentifierRecord], bool]:
    """Identifiers in a Passport Details or NI Number cell, and whether some part had none.

    A cell can hold several documents (``(1) A-333602 (Indian) ... (2) M110522 ...``), a
    context before them (``Jordanian passport numbers (1) K048787 (2) 486298``), and, in
    the passport column, national ID cards, which get ``national_id``.
    """
    text = collapse(text)
    prefix, items = split_numbered(text)
    if prefix and _parse_document(prefix) is not None:
        items.insert(0, prefix)
        prefix = ""
    single = len(items) == 1 and not prefix
    records: list[IdentifierRecord] = []
    incomplete = False
    for item in items:
        parsed = _parse_document(item)
        if parsed is None:
            incomplete = True
            continue
        value, country = parsed
        if not country and prefix:
            country = country_hint(prefix)
        kind = scheme
        if scheme == "passport" and _NATIONAL_ID_RE.search(item) and "passport" not in item.lower():
            kind = "national_id"
        label = text if single else f"{prefix} {item}".strip()
        records.append(IdentifierRecord(kind, value, country, label))
    return records, incomplete


def un_references(text: str) -> list[str]:
    refs = [m.group("ref") for m in _UN_REF_RE.finditer(text)]
    bare = _BARE_UN_REF_RE.match(text.strip())
    if bare:
        refs.insert(0, bare.group("ref"))
    return refs
