"""OFAC entries as :class:`~importer.records.ListEntry` records, built lazily, and the
digests of their raw rows.

A full SDN list has some 15,000 entries and reading their remarks is most of a parse's
time: entries are normalised on first access, so that a day-to-day update normalises only
those whose rows changed (``raw_digests`` tells which).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from entities.numberings import OFAC_ENT_NUM
from importer.countries import country_code
from importer.parsers.common import joined
from importer.parsers.ofac.folder import (
    ALIAS_TYPES,
    Address,
    Alias,
    Entry,
    Kind,
    ParsedList,
    parse_folder,
)
from importer.parsers.ofac.reading import FILES
from importer.parsers.ofac.remarks import RemarkDate
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    LazyEntries,
    LinkRecord,
    ListEntry,
    NameRecord,
    ParsedSource,
    ParseWarning,
    ProgrammeRecord,
    list_reference,
)

_ENTITY_KINDS = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "entity": "organization",
}
_SCHEMES = {
    "passport": "passport",
    "national_id": "national_id",
    "tax_id": "tax_id",
    "registration_number": "registration_number",
    "uscc": "uscc",
    "imo": "imo_number",
    "lei": "lei",
    "website": "website",
    "email": "email",
    "vessel_registration": "other",
}
SOURCE_OF_KIND = {"sdn": "ofac-sdn", "non-sdn": "ofac-non-sdn"}


def _date_record(date: RemarkDate) -> DateRecord:
    if date.start and date.end and date.start != date.end:
        value = f"{date.start}/{date.end}"
    else:
        value = date.start or ""
    return DateRecord(
        kind=date.kind, date=value, text=date.text.strip(), approximate=date.approximate
    )


def _entry_record(
    entry: Entry,
    addresses: list[Address],
    aliases: list[Alias],
    warnings: list[ParseWarning],
    primary_file: str,
) -> ListEntry:
    remarks = entry.parsed_remarks()
    names: list[NameRecord] = []
    for alias in aliases:
        kind = alias.type if alias.type in ALIAS_TYPES else "aka"
        record = NameRecord(name=alias.name, kind=kind)
        if record not in names and alias.name != entry.name:
            names.append(record)
    for weak in remarks.weak_aliases:
        record = NameRecord(name=weak, kind="aka", weak=True)
        if record not in names:
            names.append(record)

    identifiers = [
        list_reference(OFAC_ENT_NUM, str(entry.ent_num)),
    ]
    for ident in remarks.identifiers:
        record = IdentifierRecord(
            scheme=_SCHEMES.get(ident.kind, "other"),
            value=ident.value[:255],
            country=country_code(ident.country),
            label=ident.text[:255],
        )
        if record not in identifiers:
            identifiers.append(record)
    if entry.call_sign:
        identifiers.append(IdentifierRecord("call_sign", entry.call_sign, "", "Call Sign"))

    countries: list[CountryRecord] = []
    unknown: list[str] = []

    def add_country(name: str, role: str) -> None:
        code = country_code(name)
        if not code:
            unknown.append(name)
            return
        record = CountryRecord(code, role)
        if record not in countries:
            countries.append(record)

    for name in remarks.nationalities:
        add_country(name, "nationality")
    for name in remarks.citizenships:
        add_country(name, "citizenship")
    if entry.vessel_flag:
        add_country(entry.vessel_flag, "flag")

    address_records: list[AddressRecord] = []
    for address in addresses:
        code = country_code(address.country) if address.country else ""
        if address.country and not code:
            unknown.append(address.country)
        record = AddressRecord(
            street=address.address[:500],
            city=address.city_state_postal[:255],
            country=code,
            full=joined(address.address, address.city_state_postal, address.country),
        )
        if record.full and record not in address_records:
            address_records.append(record)
        if code:
            add_country(address.country, "located_in")

    notes = []
    if entry.title:
        notes.append(f"Title: {entry.title}")
    notes.extend(f"Place of birth: {pob}" for pob in remarks.places_of_birth)
    vessel = [
        (label, value)
        for label, value in (
            ("Vessel type", entry.vessel_type),
            ("Tonnage", entry.tonnage),
            ("GRT", entry.grt),
            ("Owner", entry.vessel_owner),
        )
        if value
    ]
    notes.extend(f"{label}: {value}" for label, value in vessel)
    notes.extend(remarks.unparsed)
    for name in dict.fromkeys(unknown):
        notes.append(f"Country not recognised: {name}")
        warnings.append(
            ParseWarning(primary_file, entry.line, f"unknown country {name!r} ({entry.ent_num})")
        )
    return ListEntry(
        reference=str(entry.ent_num),
        kind=_ENTITY_KINDS.get(entry.type, "organization"),
        name=entry.name,
        programmes=tuple(ProgrammeRecord(code=code, name=code) for code in entry.programs),
        listed="",
        aliases=tuple(names),
        identifiers=tuple(identifiers),
        countries=tuple(countries),
        addresses=tuple(address_records),
        dates=tuple(_date_record(d) for d in remarks.dates),
        links=tuple(
            LinkRecord(target=name, text=f"Linked To: {name}") for name in remarks.linked_to
        ),
        notes="\n".join(notes),
        line=entry.line,
    )


# Part of every raw digest: change it whenever the normalisation of an entry changes, so
# that entries whose rows did not change are normalised again once.
NORMALISATION_VERSION = "1"


class _LazyOfacEntries(LazyEntries):
    """OFAC entries, normalised on first access (see importer.records.LazyEntries)."""

    def __init__(self, parsed: ParsedList, warnings: list[ParseWarning], primary_file: str):
        self._parsed = parsed
        self._warnings = warnings
        self._primary = primary_file
        self._numbers = list(parsed.entries)
        self._built: dict[int, ListEntry] = {}

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ent_num = self._numbers[index]
        entry = self._built.get(ent_num)
        if entry is None:
            parsed = self._parsed
            entry = self._built[ent_num] = _entry_record(
                parsed.entries[ent_num],
                parsed.addresses.get(ent_num, []),
                parsed.aliases.get(ent_num, []),
                self._warnings,
                self._primary,
            )
        return entry

    def references(self) -> list[str]:
        return [str(n) for n in self._numbers]

    def raw_digests(self) -> dict[str, str]:
        parsed = self._parsed
        digests = {}
        for ent_num, e in parsed.entries.items():
            rows = (
                NORMALISATION_VERSION,
                e.name,
                e.type,
                e.programs,
                e.title,
                e.call_sign,
                e.vessel_type,
                e.tonnage,
                e.grt,
                e.vessel_flag,
                e.vessel_owner,
                e.remarks,
                [
                    (a.add_num, a.address, a.city_state_postal, a.country, a.remarks)
                    for a in parsed.addresses.get(ent_num, ())
                ],
                [(a.alt_num, a.type, a.name, a.remarks) for a in parsed.aliases.get(ent_num, ())],
            )
            digests[str(ent_num)] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return digests

    def names(self) -> dict[str, list[str]]:
        parsed = self._parsed
        return {
            str(ent_num): [e.name, *(a.name for a in parsed.aliases.get(ent_num, ()))]
            for ent_num, e in parsed.entries.items()
        }


def parse_source(path: str | Path, *, kind: Kind) -> ParsedSource:
    """Parse an OFAC folder into the normalised records that the import service applies.

    Entries are normalised lazily: a day-to-day update normalises only the entries whose
    rows changed (remarks parsing is most of a parse's time).
    """
    parsed = parse_folder(path, kind=kind)
    warnings = list(parsed.warnings)
    return ParsedSource(
        source=SOURCE_OF_KIND[kind],
        entries=_LazyOfacEntries(parsed, warnings, FILES[kind]["primary"]),
        warnings=warnings,
        files=parsed.files,
        list_date=None,  # OFAC's legacy files carry no date of their own
        orphans=list(parsed.orphans),
    )
