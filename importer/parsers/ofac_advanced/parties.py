"""A ``DistinctParty``: its kind, names and features, read as the stream reaches it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importer.parsers.common import collapse
from importer.parsers.ofac_advanced.features import Facts, add_feature
from importer.parsers.ofac_advanced.locations import Place
from importer.parsers.ofac_advanced.names import Names, names_of
from importer.parsers.ofac_advanced.references import References
from importer.records import ParseError

# PartySubType (folded) -> EntityKind; "Unknown" sub-types are told by their PartyType.
SUB_TYPES = {"vessel": "vessel", "aircraft": "aircraft"}
PARTY_TYPES = {
    "individual": "person",
    "entity": "organization",
    "other entity": "organization",
    "transport": "vessel",
    "location": "organization",
}


@dataclass(frozen=True)
class Party:
    reference: str  # DistinctParty@FixedRef: the legacy CSV's ent_num
    profile: str  # Profile@ID, which entries and relationships name
    kind: str
    names: Names
    identities: tuple[str, ...]
    facts: Facts
    notes: tuple[str, ...]
    line: int


def _kind(refs: References, profile: ET.Element, lines, ref: str) -> str:
    line = lines(profile)
    sub = refs.get("PartySubType", profile.get("PartySubTypeID"), line, ref)
    if sub.text.casefold() in SUB_TYPES:
        return SUB_TYPES[sub.text.casefold()]
    party_type = refs.text("PartyType", sub.attrs.get("PartyTypeID"), line, ref)
    return PARTY_TYPES.get(party_type.casefold(), "organization")


def party_of(refs: References, elem: ET.Element, places: dict[str, Place], lines) -> Party:
    """One ``DistinctParty``; ParseError for what cannot be read (naming the party)."""
    line = lines(elem)
    ref = elem.get("FixedRef", "")
    if not ref:
        raise ParseError(refs.file, line, "DistinctParty without FixedRef")
    if elem.get("DeltaAction"):
        raise ParseError(
            refs.file,
            line,
            "a delta file (DistinctParty has DeltaAction): import the full list, not changes",
            entry=ref,
        )
    profiles = elem.findall("Profile")
    if len(profiles) != 1:
        raise ParseError(refs.file, line, f"expected one Profile, found {len(profiles)}", entry=ref)
    profile = profiles[0]
    identities = profile.findall("Identity")
    primary = [i for i in identities if i.get("Primary", "true").lower() == "true"]
    if not identities:
        raise ParseError(refs.file, lines(profile), "Profile without Identity", entry=ref)
    names = names_of(refs, (primary or identities)[0], lines, ref)
    for other in identities:
        if other is not (primary or identities)[0]:
            extra = names_of(refs, other, lines, ref)
            names = Names(names.name, names.aliases + extra.aliases)
    if not names.name:
        raise ParseError(refs.file, lines(profile), "no primary name (Alias Primary)", entry=ref)
    facts = Facts()
    for feature in profile.iterfind("Feature"):
        add_feature(facts, refs, feature, places, lines, ref)
    notes = tuple(n for n in (collapse(elem.findtext("Comment")),) if n)
    return Party(
        reference=ref,
        profile=profile.get("ID", ""),
        kind=_kind(refs, profile, lines, ref),
        names=names,
        identities=tuple(i.get("ID", "") for i in identities),
        facts=facts,
        notes=notes,
        line=line,
    )
