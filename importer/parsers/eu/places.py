"""Citizenships and addresses, with the contact details the EU attaches to an address.

``contactInfo`` keys: ``WEB`` and ``EMAIL`` become identifiers (the tracker's ``website`` and
``email`` schemes); ``PHONE``, ``FAX`` and any other key stay words in the notes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from importer.parsers.common import joined
from importer.parsers.eu.elements import Context, attr, country_words, flag, remarks
from importer.records import AddressRecord, CountryRecord, IdentifierRecord

CONTACT_SCHEMES = {"WEB": "website", "EMAIL": "email"}
CONTACT_LABELS = {"PHONE": "Phone", "FAX": "Fax"}


def citizenship(ctx: Context, elem: ET.Element) -> tuple[CountryRecord | None, list[str]]:
    """(the country, notes): an unrecognised country, a region or a remark stays words."""
    code = ctx.country(elem, "citizenship")
    words = country_words(elem)
    notes = []
    region = attr(elem, "region")
    if (words and not code) or region:
        notes.append(f"Citizenship: {joined(region, words)}")
    notes.extend(f"Citizenship {words or code}: {r}" for r in remarks(elem))
    return (CountryRecord(code, "citizenship") if code else None), notes


def address(
    ctx: Context, elem: ET.Element
) -> tuple[AddressRecord | None, list[IdentifierRecord], list[str]]:
    """(the address, its web and e-mail identifiers, notes); no address when it is empty."""
    street, po_box = attr(elem, "street"), attr(elem, "poBox")
    city, place = attr(elem, "city"), attr(elem, "place")
    zip_code, region = attr(elem, "zipCode"), attr(elem, "region")
    code = ctx.country(elem, "address")
    box = f"P.O. Box {po_box}" if po_box else ""
    full = joined(street, box, place, city, zip_code, region, country_words(elem))
    if full and flag(elem, "asAtListingTime"):
        full += " (as at the time of listing)"
    record = None
    if full:
        record = AddressRecord(
            street=joined(street, box),
            city=city or place,
            region=region,
            postal_code=zip_code,
            country=code,
            full=full,
        )
    identifiers: list[IdentifierRecord] = []
    notes = [f"Address {full}: {r}" if full else f"Address: {r}" for r in remarks(elem)]
    for info in elem.findall("contactInfo"):
        key, value = attr(info, "key").upper(), attr(info, "value")
        if not value:
            continue
        if key in CONTACT_SCHEMES:
            identifiers.append(IdentifierRecord(CONTACT_SCHEMES[key], value, label=key.lower()))
        else:
            notes.append(f"{CONTACT_LABELS.get(key, key.capitalize() or 'Contact')}: {value}")
    return record, identifiers, notes
