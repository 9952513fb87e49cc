"""``Locations``: addresses and places built from typed parts (``ADDRESS1``, ``CITY``,
``POSTAL CODE``...) and a country, referred to by features (a party's address, a place of
birth, a citizenship country). The country is a ``LocationCountry``, else a
``LocationAreaCode``, else a part of type "Unknown" that is a country's name."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importer.countries import country_code
from importer.parsers.common import collapse, joined
from importer.parsers.ofac_advanced.references import References
from importer.records import AddressRecord

STREET_PARTS = ("address1", "address2", "address3")


@dataclass(frozen=True)
class Place:
    country: str  # ISO 3166-1 alpha-2, or ""
    country_name: str
    parts: tuple[tuple[str, str], ...]  # (part type, folded; value), in file order

    def part(self, kind: str) -> str:
        return ", ".join(v for k, v in self.parts if k == kind)

    def words(self) -> str:
        """The place written out, country last: for a place of birth, or a note."""
        return joined(*(v for _, v in self.parts), self.country_name)

    def address(self) -> AddressRecord | None:
        """As an address; None when it is a country alone (a country is no address)."""
        if not self.parts:
            return None
        street = ", ".join(self.part(k) for k in STREET_PARTS if self.part(k))
        region = joined(self.part("state/province"), self.part("region"))
        return AddressRecord(
            street=street,
            city=self.part("city"),
            region=region,
            postal_code=self.part("postal code"),
            country=self.country,
            full=self.words(),
        )


def place_of(refs: References, location: ET.Element, lines) -> Place:
    """One ``Location``; a reference value it lacks raises ParseError."""
    code, name = "", ""
    for country in location.iterfind("LocationCountry"):
        code, name = refs.country(country.get("CountryID"), lines(country))
        if code:
            break
    if not code:
        for area in location.iterfind("LocationAreaCode"):
            value = refs.get("AreaCode", area.get("AreaCodeID"), lines(area))
            description = value.attrs.get("Description", "")
            if value.text or (description and description.casefold() != "undetermined"):
                code = value.text.upper() if len(value.text) == 2 else country_code(description)
                name = name or description
                break
    parts: list[tuple[str, str]] = []
    for part in location.iterfind("LocationPart"):
        kind = refs.text("LocPartType", part.get("LocPartTypeID"), lines(part)).casefold()
        values = part.findall("LocationPartValue")
        primary = [v for v in values if v.get("Primary", "true").lower() == "true"] or values
        for value in primary[:1]:
            text = collapse(value.findtext("Value"))
            if text:
                parts.append((kind, text))
    if name.casefold() == "undetermined":
        name = ""
    if not code:
        # A citizenship is often a country written as a part of type "Unknown".
        for kind, text in parts:
            if kind == "unknown" and country_code(text):
                code, name = country_code(text), text
                parts.remove((kind, text))
                break
    return Place(code, name, tuple(parts))
