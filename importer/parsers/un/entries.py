"""The UN list's INDIVIDUAL and ENTITY elements as records, and the whole file parsed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from entities.numberings import UN_REFERENCE
from importer.parsers.common import Warnings, collapse, read_file, unique
from importer.parsers.un.dates import birth_date, listed_date
from importer.parsers.un.elements import Context, child_text, value_elements
from importer.parsers.un.fields import (
    address_of,
    aliases_of,
    document_of,
    links_in,
    place_of_birth,
    primary_name,
    programmes_of,
)
from importer.parsers.un.reading import parse_xml
from importer.records import (
    CountryRecord,
    ListEntry,
    ParsedSource,
    ParseError,
    list_reference,
)

SOURCE = "un-sc"
ENTRY_KINDS = {"INDIVIDUAL": "person", "ENTITY": "organization"}


def _entry(ctx: Context, elem: ET.Element) -> ListEntry | None:
    kind = elem.tag
    ref = child_text(elem, "REFERENCE_NUMBER")
    if not ref:
        ctx.warn(
            elem, f"skipped: entry without REFERENCE_NUMBER (DATAID {child_text(elem, 'DATAID')})"
        )
        return None
    name = primary_name(elem, kind)
    if not name:
        ctx.warn(elem, f"skipped: entry {ref} has no name (DATAID {child_text(elem, 'DATAID')})")
        return None

    notes: list[str] = []
    comments = child_text(elem, "COMMENTS1")
    if comments:
        notes.append(comments)
    for tag, label in (("TITLE", "Title"), ("DESIGNATION", "Designation")):
        values = unique([collapse(v.text) for v in value_elements(elem, tag)])
        if values:
            notes.append(f"{label}: {'; '.join(values)}")

    countries: list[CountryRecord] = []
    for value in value_elements(elem, "NATIONALITY"):
        country_name = collapse(value.text)
        code = ctx.country(value, country_name, "nationality", ref)
        if code:
            countries.append(CountryRecord(code, "nationality"))
        else:
            notes.append(f"Nationality: {country_name}")

    addresses = [a for a in (address_of(ctx, e, ref) for e in elem.findall(f"{kind}_ADDRESS")) if a]
    countries += [CountryRecord(a.country, "located_in") for a in addresses if a.country]

    dates = [
        d for d in (birth_date(ctx, e, ref) for e in elem.findall(f"{kind}_DATE_OF_BIRTH")) if d
    ]
    for place in (place_of_birth(e) for e in elem.findall(f"{kind}_PLACE_OF_BIRTH")):
        if place:
            notes.append(f"Place of birth: {place}")

    identifiers = [
        i for i in (document_of(ctx, e, ref) for e in elem.findall(f"{kind}_DOCUMENT")) if i
    ]
    identifiers.append(list_reference(UN_REFERENCE, ref))

    return ListEntry(
        reference=ref,
        kind=ENTRY_KINDS[kind],
        name=name,
        programmes=programmes_of(ctx, elem, ref),
        listed=listed_date(ctx, elem, ref),
        aliases=aliases_of(ctx, elem, kind, name, ref),
        identifiers=unique(identifiers),
        countries=unique(countries),
        addresses=unique(addresses),
        dates=unique(dates),
        links=links_in(comments, ref),
        notes="\n".join(unique(notes)),
        line=ctx.line(elem),
    )


def _entry_elements(root: ET.Element) -> list[ET.Element]:
    """INDIVIDUAL and ENTITY elements in file order, under their section or directly."""
    found = []
    for child in root:
        if child.tag in ENTRY_KINDS:
            found.append(child)
        else:
            found.extend(e for e in child if e.tag in ENTRY_KINDS)
    return found


def _list_date(ctx: Context, root: ET.Element) -> dt.date | None:
    generated = root.get("dateGenerated", "").strip()
    try:
        return dt.date.fromisoformat(generated[:10])
    except ValueError:
        ctx.warn(root, f"no list date: dateGenerated is {generated!r}")
        return None


def parse_file(path: str | Path) -> ParsedSource:
    """Parse a UN consolidated list XML file into normalised records.

    Raises ParseError when the file cannot be used at all (unreadable, not XML, unsafe XML,
    not the UN list, no entries); a single bad entry or field only adds a ParseWarning.
    """
    path = Path(path)
    name = path.name
    data, sha = read_file(path)
    root, lines = parse_xml(name, data)
    ctx = Context(lines, Warnings(name))
    list_date = _list_date(ctx, root)

    elements = _entry_elements(root)
    if not elements:
        # An empty list would read as "everyone delisted": refuse it rather than import it.
        raise ParseError(name, ctx.line(root), "no INDIVIDUAL or ENTITY entries in the list")
    entries: list[ListEntry] = []
    first_line: dict[str, int] = {}
    for elem in elements:
        entry = _entry(ctx, elem)
        if entry is None:
            continue
        if entry.reference in first_line:
            ctx.warn(
                elem,
                f"skipped: duplicate REFERENCE_NUMBER {entry.reference} "
                f"(first at line {first_line[entry.reference]})",
            )
            continue
        first_line[entry.reference] = ctx.line(elem)
        entries.append(entry)

    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=ctx.warnings.by_line(),
        files={name: sha},
        list_date=list_date,
    )
