"""The official lists' own numberings. Each list's reference for an entry is kept on its
entity as an identifier of scheme ``list_reference`` under the numbering's label.

The label names the numbering: one number under one label is one party, whichever list or
file it came from (OFAC's legacy CSV and advanced XML, an OpenSanctions FtM file that names
the OFAC entry); the same number under two labels is two parties (OFAC's ent_num 10465 and
the UK's Group ID 10465). So a list reference is a strong identifier for linking
(``importer.matching``) only together with a label of ``NUMBERINGS``.

OpenSanctions makes the id of each source record from the list's own reference (its
crawlers: ``datasets/us/ofac/ofac_advanced.py``, ``datasets/gb/hmt/crawler.py``,
``zavod/shed/fsf.py``), and names them in a merged entity's ``referents``:
``ofac-<ent_num>``, ``gb-hmt-<Group ID>``, ``eu-fsf-eu-27-28`` for ``EU.27.28``. The UN's
ids there are not made from its reference number. ``OPENSANCTIONS_IDS`` reads and writes
them: the FtM import links by them, ``export_ftm`` writes them as referents.
"""

from __future__ import annotations

import re
from typing import NamedTuple

OFAC_ENT_NUM = "OFAC ent_num"  # the legacy CSV's ent_num, the advanced XML's FixedRef
UK_GROUP_ID = "UK OFSI Group ID"
EU_REFERENCE = "EU reference number"  # euReferenceNumber, "EU.27.28"
UN_REFERENCE = "UN reference number"  # the UN list's REFERENCE_NUMBER, quoted by others

NUMBERINGS = frozenset(
    label.casefold() for label in (OFAC_ENT_NUM, UK_GROUP_ID, EU_REFERENCE, UN_REFERENCE)
)


def numbering_key(label: str, value: str) -> tuple[str, str] | None:
    """(numbering, value) for a list reference under a known numbering's label; None for
    any other (a reference whose numbering is not known says nothing for sure)."""
    numbering = label.strip().casefold()
    return (numbering, value) if numbering in NUMBERINGS else None


class OpenSanctionsId(NamedTuple):
    numbering: str
    id_pattern: re.Pattern  # a whole id; its groups make the reference
    reference: str  # the reference from the groups, as str.format
    reference_pattern: re.Pattern  # a whole reference; its groups make the id
    id: str  # the id from those groups


OPENSANCTIONS_IDS = (
    OpenSanctionsId(
        OFAC_ENT_NUM, re.compile(r"ofac-(\d+)"), "{0}", re.compile(r"(\d+)"), "ofac-{0}"
    ),
    OpenSanctionsId(
        UK_GROUP_ID, re.compile(r"gb-hmt-(\d+)"), "{0}", re.compile(r"(\d+)"), "gb-hmt-{0}"
    ),
    OpenSanctionsId(
        EU_REFERENCE,
        re.compile(r"eu-fsf-eu-(\d+)-(\d+)"),
        "EU.{0}.{1}",
        re.compile(r"EU\.(\d+)\.(\d+)", re.IGNORECASE),
        "eu-fsf-eu-{0}-{1}",
    ),
)


def reference_of_id(ident: str) -> tuple[str, str] | None:
    """(numbering label, reference) of an OpenSanctions id made from a list's reference
    (``ofac-18272``: OFAC ent_num 18272); None for any other id (``ofac-pr-<hash>``, a
    press release, is not one)."""
    for known in OPENSANCTIONS_IDS:
        if match := known.id_pattern.fullmatch(ident):
            return known.numbering, known.reference.format(*match.groups())
    return None


def id_of_reference(label: str, value: str) -> str | None:
    """The OpenSanctions id of a list reference (OFAC ent_num 18272: ``ofac-18272``), or
    None for a numbering OpenSanctions does not make ids from."""
    numbering = label.strip().casefold()
    known = next((k for k in OPENSANCTIONS_IDS if k.numbering.casefold() == numbering), None)
    match = known.reference_pattern.fullmatch(value.strip()) if known else None
    return known.id.format(*match.groups()) if match else None
