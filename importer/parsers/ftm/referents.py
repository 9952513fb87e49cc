"""The official list entries an OpenSanctions entity is: its FtM id and ``referents`` (the
ids of the source records it was merged from) where OpenSanctions made them from a list's
reference (``entities.numberings.reference_of_id``), and its Sanctions' ``unscId`` (the UN
reference number of the entity sanctioned).

Each becomes a list reference of the entity under its numbering, which links it to the
entity an import of that list made, as the same reference does between OFAC's two formats.
"""

from __future__ import annotations

from entities.numberings import UN_REFERENCE, reference_of_id
from importer.parsers.common import collapse, unique
from importer.parsers.ftm.reading import FtmObject
from importer.records import IdentifierRecord, list_reference


def list_references(obj: FtmObject, sanctions: list[FtmObject]) -> list[IdentifierRecord]:
    """The list references of entity ``obj``, whose Sanctions are ``sanctions``."""
    found = []
    for ident in unique([obj.id, *obj.referents]):
        if known := reference_of_id(ident):
            found.append(list_reference(*known))
    for sanction in sanctions:
        for value in sanction.values("unscId"):
            found.append(list_reference(UN_REFERENCE, collapse(value)))
    return list(unique(found))
