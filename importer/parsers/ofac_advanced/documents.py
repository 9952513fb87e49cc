"""``IDRegDocuments``: passports, national IDs, tax and registration numbers, each naming
the identity it belongs to, as identifiers with their scheme, issuing country, and the
document's own words (type, dates, authority, comment) as the label."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importer.parsers.common import collapse
from importer.parsers.ofac_advanced.dates import DateError, period_of
from importer.parsers.ofac_advanced.references import References
from importer.records import IdentifierRecord, ParseError

# OFAC's document types (folded) -> IdentifierScheme value; any other is "other", labelled.
SCHEMES = {
    "passport": "passport",
    "diplomatic passport": "passport",
    "national id no.": "national_id",
    "identification number": "national_id",
    "personal id card": "national_id",
    "cedula no.": "national_id",
    "national foreign id number": "national_id",
    "tax id no.": "tax_id",
    "v.a.t. number": "tax_id",
    "nit #": "tax_id",
    "rfc": "tax_id",
    "ruc #": "tax_id",
    "registration id": "registration_number",
    "registration number": "registration_number",
    "business registration number": "registration_number",
    "commercial registry number": "registration_number",
    "public registration number": "registration_number",
    "company number": "registration_number",
    "certificate of incorporation number": "registration_number",
    "unified social credit code (uscc)": "uscc",
    "legal entity number": "lei",
    "mmsi": "mmsi",
    "aircraft tail number": "aircraft_registration",
    "swift/bic": "swift_bic",
}
_IMO_RE = re.compile(r"^IMO\s*(\d{7})$", re.I)


@dataclass(frozen=True)
class Document:
    identity: str  # the IdentityID it belongs to
    identifier: IdentifierRecord
    line: int


def document_of(refs: References, doc: ET.Element, lines) -> Document | None:
    """One ``IDRegDocument``; None for one without a number (nothing to identify by)."""
    line = lines(doc)
    doc_type = refs.text("IDRegDocType", doc.get("IDRegDocTypeID"), line)
    number = collapse(doc.findtext("IDRegistrationNo"))
    if not number:
        return None
    scheme = SCHEMES.get(doc_type.casefold(), "other")
    imo = _IMO_RE.match(number)
    if doc_type.casefold().startswith("vessel registration") and imo:
        scheme, number = "imo_number", imo.group(1)
    country = ""
    if doc.get("IssuedBy-CountryID"):
        country, _ = refs.country(doc.get("IssuedBy-CountryID"), line)
    words = [doc_type]
    for date in doc.iterfind("DocumentDate"):
        kind = refs.text("IDRegDocDateType", date.get("IDRegDocDateTypeID"), lines(date))
        period = date.find("DatePeriod")
        try:
            value = period_of(period).value if period is not None else ""
        except DateError as exc:
            raise ParseError(refs.file, lines(date), f"{kind}: {exc}") from None
        if value:
            words.append(f"{kind} {value}")
    authority = collapse(doc.findtext("IssuingAuthority"))
    if authority:
        words.append(f"issued by {authority}")
    if doc.get("ValidityID"):
        validity = refs.text("Validity", doc.get("ValidityID"), line)
        if validity.casefold() != "valid":
            words.append(validity)
    comment = collapse(doc.findtext("Comment"))
    if comment:
        words.append(comment)
    return Document(
        identity=doc.get("IdentityID", ""),
        identifier=IdentifierRecord(
            scheme=scheme, value=number[:255], country=country, label="; ".join(words)[:255]
        ),
        line=line,
    )
