"""Identifications (passports, identity cards, registration numbers...) as identifiers.

``identificationTypeCode`` is mapped to the tracker's identifier schemes; a code with no
scheme of its own (a driving licence, a birth certificate, a visa) is ``other``, with the
EU's own description as the label. The flags (known expired, known false, reported lost,
revoked by issuer, diplomatic), the issuer, the dates and the name on the document are
kept in the label: they qualify the identifier, they do not make it another one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from importer.parsers.common import unique
from importer.parsers.eu.elements import Context, attr, flag, remarks
from importer.records import IdentifierRecord

SCHEMES = {
    "passport": "passport",
    "id": "national_id",
    "nationalid": "national_id",
    "regnumber": "registration_number",
    "fiscalcode": "tax_id",
    "taxid": "tax_id",
    "swiftbic": "swift_bic",
    "imo": "imo_number",
    "lei": "lei",
}
FLAGS = (
    ("diplomatic", "diplomatic"),
    ("knownExpired", "known expired"),
    ("knownFalse", "known false"),
    ("reportedLost", "reported lost"),
    ("revokedByIssuer", "revoked by issuer"),
)


def identification(ctx: Context, elem: ET.Element) -> IdentifierRecord | None:
    code = attr(elem, "identificationTypeCode").lower()
    description = attr(elem, "identificationTypeDescription")
    number = attr(elem, "number") or attr(elem, "latinNumber")
    if not number:
        ctx.warn(elem, f"skipped: identification {code or description!r} without a number")
        return None
    latin = attr(elem, "latinNumber")
    label_parts = [
        description or code,
        *(words for name, words in FLAGS if flag(elem, name)),
        f"issued by {attr(elem, 'issuedBy')}" if attr(elem, "issuedBy") else "",
        f"issued in {attr(elem, 'region')}" if attr(elem, "region") else "",
        f"issued {attr(elem, 'issueDate')}" if attr(elem, "issueDate") else "",
        f"valid from {attr(elem, 'validFrom')}" if attr(elem, "validFrom") else "",
        f"valid to {attr(elem, 'validTo')}" if attr(elem, "validTo") else "",
        f"name on document: {attr(elem, 'nameOnDocument')}" if attr(elem, "nameOnDocument") else "",
        f"Latin number: {latin}" if latin and latin != number else "",
        *remarks(elem),
    ]
    return IdentifierRecord(
        scheme=SCHEMES.get(code, "other"),
        value=number,
        country=ctx.country(elem, "identification"),
        label="; ".join(unique(p for p in label_parts if p)),
    )
