"""The official lists' own numberings. Each list's reference for an entry is kept on its
entity as an identifier of scheme ``list_reference`` under the numbering's label.

The label names the numbering: one number under one label is one party, whichever list or
file it came from (OFAC's legacy CSV and advanced XML, an OpenSanctions FtM file that names
the OFAC entry); the same number under two labels is two parties (OFAC's ent_num 10465 and
the UK's Group ID 10465). So a list reference is a strong identifier for linking
(:mod:`importer.matching`) only together with a label of ``NUMBERINGS``.
"""

from __future__ import annotations

from importer.records import IdentifierRecord

OFAC_ENT_NUM = "OFAC ent_num"  # the legacy CSV's ent_num, the advanced XML's FixedRef
UK_GROUP_ID = "UK OFSI Group ID"
EU_REFERENCE = "EU reference number"  # euReferenceNumber, "EU.27.28"
UN_REFERENCE = "UN reference number"  # the UN list's REFERENCE_NUMBER, quoted by others

NUMBERINGS = frozenset(
    label.casefold() for label in (OFAC_ENT_NUM, UK_GROUP_ID, EU_REFERENCE, UN_REFERENCE)
)


def list_reference(label: str, value: str) -> IdentifierRecord:
    """An entry's reference in a list's numbering, as an identifier of its entity."""
    return IdentifierRecord("list_reference", value, "", label)


def numbering_key(label: str, value: str) -> tuple[str, str] | None:
    """(numbering, value) for a list reference under a known numbering's label; None for
    any other (a reference whose numbering is not known says nothing for sure)."""
    numbering = label.strip().casefold()
    return (numbering, value) if numbering in NUMBERINGS else None
