"""The official list entries an OpenSanctions entity is, read from its FtM id and
``referents`` (the ids of the source records it was merged from), and from its Sanctions.

OpenSanctions makes each source record's id from the list's own reference (its crawlers:
``datasets/us/ofac/ofac_advanced.py``, ``datasets/gb/hmt/crawler.py``,
``zavod/shed/fsf.py``):

- ``ofac-<FixedRef>`` (us_ofac_sdn and the consolidated list, from OFAC's advanced XML):
  the OFAC ent_num. ``ofac-pr-<hash>`` (press releases) is not one.
- ``gb-hmt-<Group ID>`` (gb_hmt_sanctions, from the UK ConList).
- ``eu-fsf-<slug of euReferenceNumber>`` (eu_fsf): ``EU.27.28`` is ``eu-fsf-eu-27-28``.

A Sanction's ``unscId`` is the UN reference number of the entity it sanctions.

Each becomes a list reference of the entity under its numbering (``importer.numberings``),
which links it to the entity an import of that list made, as the same reference does
between OFAC's two formats.
"""

from __future__ import annotations

import re

from importer.numberings import (
    EU_REFERENCE,
    OFAC_ENT_NUM,
    UK_GROUP_ID,
    UN_REFERENCE,
    list_reference,
)
from importer.parsers.common import collapse, unique
from importer.parsers.ftm.reading import FtmObject
from importer.records import IdentifierRecord

# (pattern of a whole id, numbering, the reference from the pattern's groups)
ID_PATTERNS = (
    (re.compile(r"ofac-(\d+)"), OFAC_ENT_NUM, lambda m: m[1]),
    (re.compile(r"gb-hmt-(\d+)"), UK_GROUP_ID, lambda m: m[1]),
    (re.compile(r"eu-fsf-eu-(\d+)-(\d+)"), EU_REFERENCE, lambda m: f"EU.{m[1]}.{m[2]}"),
)


def list_references(obj: FtmObject, sanctions: list[FtmObject]) -> list[IdentifierRecord]:
    """The list references of entity ``obj``, whose Sanctions are ``sanctions``."""
    found = []
    for ident in unique([obj.id, *obj.referents]):
        for pattern, numbering, reference in ID_PATTERNS:
            match = pattern.fullmatch(ident)
            if match:
                found.append(list_reference(numbering, reference(match)))
    for sanction in sanctions:
        for value in sanction.values("unscId"):
            found.append(list_reference(UN_REFERENCE, collapse(value)))
    return list(unique(found))
