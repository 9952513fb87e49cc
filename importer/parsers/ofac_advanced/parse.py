"""The whole file: records read from the stream, then one
:class:`~importer.records.ListEntry` per ``DistinctParty``, keyed by its ``FixedRef``
(the legacy CSV's ``ent_num``), with the documents of its identities, the programmes and
listing date of its sanctions entries, and its relationships."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from entities.numberings import OFAC_ENT_NUM
from importer.parsers.common import Warnings, unique
from importer.parsers.ofac_advanced.dates import DateError, day_of
from importer.parsers.ofac_advanced.documents import Document, document_of
from importer.parsers.ofac_advanced.locations import Place, place_of
from importer.parsers.ofac_advanced.parties import Party, party_of
from importer.parsers.ofac_advanced.reading import NAMESPACES, stream
from importer.parsers.ofac_advanced.references import References
from importer.parsers.ofac_advanced.sanctions import Listing, Relation, add_entry, relation_of
from importer.records import (
    LinkRecord,
    ListEntry,
    ParsedSource,
    ParseError,
    ProgrammeRecord,
    list_reference,
)

SOURCE = "ofac-advanced"
WHAT = "an OFAC advanced XML list (root Sanctions)"
SECTIONS = (
    "DateOfIssue",
    "ReferenceValueSets",
    "Locations",
    "IDRegDocuments",
    "DistinctParties",
    "ProfileRelationships",
    "SanctionsEntries",
    "SanctionsEntryLinks",
)


@dataclass
class AdvancedFile:
    """Every record of the file, read; :func:`entries_of` joins them into list entries."""

    name: str
    refs: References
    warnings: Warnings
    namespace: str = ""
    issued: dt.date | None = None
    places: dict[str, Place] = field(default_factory=dict)
    documents: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    parties: list[Party] = field(default_factory=list)
    listings: dict[str, Listing] = field(default_factory=lambda: defaultdict(Listing))
    relations: list[Relation] = field(default_factory=list)
    entry_lines: dict[str, int] = field(default_factory=dict)  # profile -> first entry line
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sha256: str = ""

    def handle(self, section: str, elem: ET.Element, lines) -> None:
        if section not in SECTIONS:
            self.warnings(lines(elem), f"skipped: unknown section {section}", once_per=section)
            return
        if section == "DateOfIssue":
            try:
                self.issued = day_of(elem)
            except DateError as exc:
                self.warnings(lines(elem), f"no list date: DateOfIssue {exc}")
            return
        if section == "ReferenceValueSets":
            self.refs.add(elem)
            return
        if not self.refs:
            raise ParseError(
                self.name, lines(elem), f"{section} before the ReferenceValueSets they use"
            )
        self.counts[elem.tag] += 1
        if section == "Locations":
            self.places[elem.get("ID", "")] = place_of(self.refs, elem, lines)
        elif section == "IDRegDocuments":
            document = document_of(self.refs, elem, lines)
            if document is None:
                self.warnings(lines(elem), f"skipped: IDRegDocument {elem.get('ID')} has no number")
            else:
                self.documents[document.identity].append(document)
        elif section == "DistinctParties":
            self.parties.append(party_of(self.refs, elem, self.places, lines))
        elif section == "SanctionsEntries":
            profile = elem.get("ProfileID", "")
            self.entry_lines.setdefault(profile, lines(elem))
            add_entry(self.listings[profile], self.refs, elem, lines)
        elif section == "ProfileRelationships":
            self.relations.append(relation_of(self.refs, elem, lines))


def read_file(path: str | Path) -> AdvancedFile:
    """Stream the file into its records; ParseError if it cannot be used at all."""
    path = Path(path)
    data = AdvancedFile(path.name, References(path.name), Warnings(path.name))
    root, sha = stream(path, data.handle, what=WHAT)
    data.namespace, data.sha256 = root.namespace, sha
    if root.namespace not in NAMESPACES:
        data.warnings(
            root.line, f"read as OFAC's advanced format: unknown namespace {root.namespace!r}"
        )
    if not data.parties:
        # An empty list would read as "everyone delisted": refuse it rather than import it.
        raise ParseError(path.name, root.line, "no DistinctParty in the list")
    return data


def _links(data: AdvancedFile, by_profile: dict[str, Party]) -> dict[str, list[LinkRecord]]:
    links: dict[str, list[LinkRecord]] = defaultdict(list)
    for relation in data.relations:
        subject, target = by_profile.get(relation.subject), by_profile.get(relation.object)
        first, second = by_profile.get(relation.from_profile), by_profile.get(relation.to_profile)
        if subject is None or target is None:
            missing = relation.subject if subject is None else relation.object
            data.warnings(
                relation.line, f"skipped: relationship names profile {missing}, not in the file"
            )
            continue
        text = f"{first.names.name} {relation.words} {second.names.name}"
        if relation.former:
            text = f"formerly: {text}"
        if relation.comment:
            text = f"{text} ({relation.comment})"
        links[subject.reference].append(
            LinkRecord(target=target.reference, by="reference", kind=relation.kind, text=text)
        )
    return links


def _entry(data: AdvancedFile, party: Party, links: list[LinkRecord]) -> ListEntry:
    listing = data.listings.get(party.profile, Listing())
    facts = party.facts
    if not listing.programmes:
        data.warnings(party.line, f"kept without programme: no Program measure ({party.reference})")
    identifiers = [list_reference(OFAC_ENT_NUM, party.reference)]
    for identity in party.identities:
        identifiers += [d.identifier for d in data.documents.get(identity, ())]
    identifiers += facts.identifiers
    notes = list(party.notes) + facts.notes
    for label, values in (
        ("OFAC lists", listing.lists),
        ("Legal basis", listing.legal_bases),
        ("Measures", listing.measures),
        ("Entry comments", listing.comments),
    ):
        if values:
            notes.append(f"{label}: {'; '.join(unique(values))}")
    return ListEntry(
        reference=party.reference,
        kind=party.kind,
        name=party.names.name,
        programmes=tuple(ProgrammeRecord(code=c, name=c) for c in unique(listing.programmes)),
        listed=min(listing.dates) if listing.dates else "",
        aliases=party.names.aliases,
        identifiers=unique(identifiers),
        countries=unique(facts.countries),
        addresses=unique(facts.addresses),
        dates=unique(facts.dates),
        links=unique(links),
        notes="\n".join(unique(notes)),
        line=party.line,
    )


def entries_of(data: AdvancedFile) -> list[ListEntry]:
    """One entry per party, in file order; a repeated FixedRef is skipped with a warning."""
    by_profile: dict[str, Party] = {}
    first_line: dict[str, int] = {}
    parties = []
    for party in data.parties:
        if party.reference in first_line:
            data.warnings(
                party.line,
                f"skipped: duplicate FixedRef {party.reference} "
                f"(first at line {first_line[party.reference]})",
            )
            continue
        first_line[party.reference] = party.line
        by_profile[party.profile] = party
        parties.append(party)
    for profile in data.listings:
        if profile not in by_profile:
            data.warnings(
                data.entry_lines[profile],
                f"skipped: SanctionsEntry names profile {profile}, not in the file",
            )
    links = _links(data, by_profile)
    return [_entry(data, p, links.get(p.reference, [])) for p in parties]


def parse_file(path: str | Path) -> ParsedSource:
    """Parse an OFAC advanced XML file (SDN_ADVANCED.XML, CONS_ADVANCED.XML).

    Raises ParseError when the file cannot be used at all (unreadable, not XML, unsafe XML,
    another root, a reference value it lacks, no parties); a skipped record only warns.
    """
    data = read_file(path)
    entries = entries_of(data)
    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=data.warnings.by_line(),
        files={data.name: data.sha256},
        list_date=data.issued,
    )
