"""A profile's ``Feature``s: birth dates, places of birth, citizenship and nationality,
addresses, websites, e-mail and SWIFT codes, vessel flags and call signs, and OFAC's
directive determinations. Each is read by its type's name (the IDs are the file's own);
a type with no field of its own is kept in the notes with its name, never dropped.

A feature's value is in its ``FeatureVersion``: text or a reference value
(``VersionDetail``), a place (``VersionLocation``, into ``Locations``) or a ``DatePeriod``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from importer.parsers.common import collapse
from importer.parsers.ofac_advanced.dates import DateError, period_of
from importer.parsers.ofac_advanced.locations import Place
from importer.parsers.ofac_advanced.references import References
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    ParseError,
)

DATES = {"birthdate": "birth", "organization established date": "established"}
COUNTRIES = {
    "citizenship country": "citizenship",
    "nationality country": "nationality",
    "nationality of registration": "incorporated_in",
    "vessel flag": "flag",
    "other vessel flag": "flag",
}
IDENTIFIERS = {
    "website": "website",
    "email address": "email",
    "swift/bic": "swift_bic",
    "vessel call sign": "call_sign",
    "other vessel call sign": "call_sign",
    "mmsi": "mmsi",
    "aircraft tail number": "aircraft_registration",
    "bik (ru)": "other",
    "d-u-n-s number": "other",
}
# Digital currency addresses come as one feature type per currency.
IDENTIFIER_PREFIXES = {"digital currency address": "other"}
PLACES = {"place of birth": "Place of birth"}
ADDRESSES = {"location"}


@dataclass
class Facts:
    dates: list[DateRecord] = field(default_factory=list)
    countries: list[CountryRecord] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)
    identifiers: list[IdentifierRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _label(feature_type: str) -> str:
    """ "Executive Order 13662 Directive Determination -" -> without the trailing dash."""
    return feature_type.rstrip(" -:")


def _identifier_scheme(kind: str) -> str | None:
    if kind in IDENTIFIERS:
        return IDENTIFIERS[kind]
    for prefix, scheme in IDENTIFIER_PREFIXES.items():
        if kind.startswith(prefix):
            return scheme
    return None


def add_feature(
    facts: Facts,
    refs: References,
    feature: ET.Element,
    places: dict[str, Place],
    lines,
    ref: str,
) -> None:
    """Add what one ``Feature`` says to ``facts``."""
    feature_type = refs.text("FeatureType", feature.get("FeatureTypeID"), lines(feature), ref)
    kind = feature_type.casefold().strip()
    label = _label(feature_type)
    for version in feature.iterfind("FeatureVersion"):
        line = lines(version)
        text = ""
        detail = version.find("VersionDetail")
        if detail is not None:
            if detail.get("DetailReferenceID"):
                text = refs.text("DetailReference", detail.get("DetailReferenceID"), line, ref)
            else:
                text = collapse(detail.text)
        place = None
        located = version.find("VersionLocation")
        if located is not None:
            place = places.get(located.get("LocationID", ""))
            if place is None:
                raise ParseError(
                    refs.file,
                    lines(located),
                    f"LocationID {located.get('LocationID')!r} is not in the file's Locations",
                    entry=ref,
                )
        period = version.find("DatePeriod")
        date = ""
        approximate = False
        if period is not None:
            try:
                found = period_of(period)
            except DateError as exc:
                raise ParseError(refs.file, lines(period), f"{label}: {exc}", entry=ref) from None
            date, approximate = found.value, found.approximate
        comment = collapse(version.findtext("Comment"))
        _apply(facts, kind, label, text, place, date, approximate, comment)


def _apply(facts, kind, label, text, place, date, approximate, comment) -> None:
    if kind in DATES:
        words = text or date
        if approximate:
            words = f"circa {words}"
        if comment:
            words = f"{words} ({comment})"
        facts.dates.append(
            DateRecord(kind=DATES[kind], date=date, text=words, approximate=approximate)
        )
        return
    if kind in COUNTRIES and (place is not None or text):
        code = place.country if place is not None else ""
        if code:
            facts.countries.append(CountryRecord(code, COUNTRIES[kind]))
        else:
            facts.notes.append(f"{label}: {place.words() if place else text}")
        return
    if kind in ADDRESSES and place is not None:
        address = place.address()
        if address is not None:
            facts.addresses.append(address)
        if place.country:
            facts.countries.append(CountryRecord(place.country, "located_in"))
        return
    if kind in PLACES:
        where = place.words() if place is not None else text
        if where:
            facts.notes.append(f"{PLACES[kind]}: {where}")
        return
    scheme = _identifier_scheme(kind)
    if scheme is not None and text:
        facts.identifiers.append(IdentifierRecord(scheme, text[:255], "", label[:255]))
        return
    value = text or (place.words() if place is not None else "") or date
    if comment:
        value = f"{value} ({comment})" if value else comment
    if value:
        facts.notes.append(f"{label}: {value}")
