"""``SanctionsEntries`` and ``ProfileRelationships``: on which of OFAC's lists a party is,
since when, under which programmes and legal basis, and how parties are related.

Every party of a consolidated file has one entry on the "Consolidated List" besides one
for each list it is on: entries are gathered by party, never counted as parties.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from importer.parsers.common import collapse
from importer.parsers.ofac_advanced.dates import DateError, iso_of
from importer.parsers.ofac_advanced.references import References
from importer.records import ParseError

PROGRAM_TYPE = "program"  # the SanctionsType whose measures name a programme in Comment
# OFAC's relation types (folded) -> (RelationshipKind value, whether the tracker's verb runs
# the other way: "A Owned or Controlled By B" is "B owns A").
RELATIONS = {
    "owned or controlled by": ("owns", True),
    "associate of": ("associate_of", False),
    "acting for or on behalf of": ("acts_for", False),
    "family member of": ("family_of", False),
    "principal executive officer": ("director_of", False),
    "leader or official of": ("director_of", False),
    "linked to": ("linked_to", False),
    "providing support to": ("linked_to", False),
    "playing a significant role in": ("linked_to", False),
}


@dataclass
class Listing:
    """What a party's sanctions entries say, together."""

    lists: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO partial, one per EntryEvent
    legal_bases: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    entries: int = 0


@dataclass(frozen=True)
class Relation:
    from_profile: str  # as OFAC writes it: From-ProfileID <words> To-ProfileID
    to_profile: str
    words: str  # OFAC's relation type, as written
    kind: str  # RelationshipKind value
    reverse: bool  # the tracker's verb runs from To to From
    former: bool
    comment: str
    line: int

    @property
    def subject(self) -> str:
        return self.to_profile if self.reverse else self.from_profile

    @property
    def object(self) -> str:
        return self.from_profile if self.reverse else self.to_profile


def add_entry(listing: Listing, refs: References, entry: ET.Element, lines) -> None:
    """Add one ``SanctionsEntry`` to its party's listing."""
    line = lines(entry)
    listing.entries += 1
    listing.lists.append(refs.text("List", entry.get("ListID"), line))
    for event in entry.iterfind("EntryEvent"):
        if event.get("LegalBasisID"):
            basis = refs.get("LegalBasis", event.get("LegalBasisID"), lines(event))
            if basis.text.casefold() != "unknown":
                listing.legal_bases.append(basis.text)
        try:
            date = iso_of(event.find("Date"))
        except DateError as exc:
            raise ParseError(refs.file, lines(event), f"EntryEvent date: {exc}") from None
        if date:
            listing.dates.append(date)
        comment = collapse(event.findtext("Comment"))
        if comment:
            listing.comments.append(comment)
    for measure in entry.iterfind("SanctionsMeasure"):
        kind = refs.text("SanctionsType", measure.get("SanctionsTypeID"), lines(measure))
        comment = collapse(measure.findtext("Comment"))
        if kind.casefold() == PROGRAM_TYPE:
            if comment:
                listing.programmes.append(comment)
        else:
            listing.measures.append(f"{kind} ({comment})" if comment else kind)


def relation_of(refs: References, elem: ET.Element, lines) -> Relation:
    line = lines(elem)
    words = refs.text("RelationType", elem.get("RelationTypeID"), line)
    kind, reverse = RELATIONS.get(words.casefold(), ("linked_to", False))
    return Relation(
        from_profile=elem.get("From-ProfileID", ""),
        to_profile=elem.get("To-ProfileID", ""),
        words=words,
        kind=kind,
        reverse=reverse,
        former=elem.get("Former", "false").lower() == "true",
        comment=collapse(elem.findtext("Comment")),
        line=line,
    )
