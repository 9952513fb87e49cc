"""The official lists' numberings (``entities.numberings``), and a reference in one as the
identifier a parser gives its entry."""

from __future__ import annotations

from entities.numberings import (  # noqa: F401 (the parsers' one import of them)
    EU_REFERENCE,
    NUMBERINGS,
    OFAC_ENT_NUM,
    UK_GROUP_ID,
    UN_REFERENCE,
    numbering_key,
)
from importer.records import IdentifierRecord


def list_reference(label: str, value: str) -> IdentifierRecord:
    """An entry's reference in a list's numbering, as an identifier of its entity."""
    return IdentifierRecord("list_reference", value, "", label)
