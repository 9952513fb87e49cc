"""One ConList group, the rows of one Group ID, as a :class:`~importer.records.ListEntry`.

The rows are a cross product of the group's names, dates and addresses (see the package's
docstring): every collection is deduplicated across the group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from entities.numberings import UK_GROUP_ID, UN_REFERENCE
from importer.parsers.common import Warnings, collapse, joined, unique
from importer.parsers.uk.cells import iso_date, split_numbered
from importer.parsers.uk.countries import uk_country
from importer.parsers.uk.documents import IMO_RE, MMSI_RE, documents_in, un_references
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    ListEntry,
    NameRecord,
    ProgrammeRecord,
    list_reference,
)

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5")

KINDS = {"individual": "person", "entity": "organization", "ship": "vessel"}
# "Primary name" / "Alias" / "Primary name variation" are the newer exports' wording.
ALIAS_TYPES = {
    "prime alias": "prime",
    "primary name": "prime",
    "aka": "aka",
    "alias": "aka",
    "primary name variation": "aka",
    "fka": "fka",
}
PROGRAMME_CODE_MAX = 64


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Group:
    reference: str
    line: int
    rows: list[Row] = field(default_factory=list)


def full_name(row: Row) -> str:
    """Name 1..5 then Name 6 (the surname; an entity's whole name is in Name 6 alone)."""
    return collapse(" ".join(row[c] for c in NAME_COLUMNS))


def _programme(regime: str, line: int, warn: Warnings) -> ProgrammeRecord:
    code = regime
    if len(code) > PROGRAMME_CODE_MAX:
        code = code[: PROGRAMME_CODE_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;-(")
        code = code[:PROGRAMME_CODE_MAX]
        warn(
            line,
            f"kept: regime name cut to {len(code)} characters for its code: {code!r}",
            once_per="regime",
        )
    return ProgrammeRecord(code=code, name=regime)


def _address(row: Row) -> tuple[AddressRecord | None, str]:
    """One row's address, and the country words when they are not a known country.

    ConList has no city column: Address 6, the last line before the post code, holds the
    town (Karachi, London) or the province (Baluchistan Province); Address 1..5 are the
    street lines. When Country is empty but Address 1 is a country ("Libya", "Iraq,
    possible alternative location ..."), that is the country.
    """
    lines = [collapse(row[c]) for c in ADDRESS_LINES]
    last = collapse(row["Address 6"])
    postal = collapse(row["Post/Zip Code"])
    country_text = collapse(row["Country"])
    full = joined(*lines, last, postal, country_text)
    if not full:
        return None, ""
    country = uk_country(country_text)
    unknown = country_text if country_text and not country else ""
    if not country_text and lines[0]:
        country = uk_country(re.split(r"[,(]", lines[0], maxsplit=1)[0])
    is_region = re.search(r"\b(?:province|region|state|governorate|district|oblast)$", last, re.I)
    return (
        AddressRecord(
            street=joined(*lines),
            city="" if is_region else last,
            region=last if is_region else "",
            postal_code=postal,
            country=country,
            full=full,
        ),
        unknown,
    )


def build_entry(group: Group, warn: Warnings) -> ListEntry:
    ref = group.reference
    rows = group.rows
    once = f"group {ref}"

    primes = [r for r in rows if ALIAS_TYPES.get(r["Alias Type"].lower()) == "prime"]
    if primes:
        prime = primes[0]
    else:
        prime = rows[0]
        warn(prime.line, f"kept: no Prime Alias row, first row's name used (group {ref})")
    primary = full_name(prime)

    group_type = prime["Group Type"].lower()
    kind = KINDS.get(group_type)
    if kind is None:
        kind = "organization"
        warn(
            prime.line,
            f"kept as organization: unknown Group Type {prime['Group Type']!r} (group {ref})",
        )

    aliases: list[NameRecord] = []
    # The list's own keys first (Group ID, UN reference, IMO), then the documents.
    references: list[IdentifierRecord] = [list_reference(UK_GROUP_ID, ref)]
    documents: list[IdentifierRecord] = []
    countries: list[CountryRecord] = []
    addresses: list[AddressRecord] = []
    dates: list[DateRecord] = []
    programmes: list[ProgrammeRecord] = []
    listed: list[str] = []
    other: list[str] = []
    titles: list[str] = []
    positions: list[str] = []
    births: list[str] = []
    remarks: list[str] = []  # words the fields above could not hold

    for row in rows:
        # Names.
        alias_type = row["Alias Type"].lower()
        role = ALIAS_TYPES.get(alias_type)
        if role is None:
            warn(row.line, f"kept as aka: unknown Alias Type {row['Alias Type']!r} (group {ref})")
            role = "aka"
        name = full_name(row)
        if name != primary:
            weak = row["Alias Quality"].lower().startswith("low")
            aliases.append(NameRecord(name, "fka" if role == "fka" else "aka", weak))
            if role == "prime":
                warn(
                    row.line,
                    f"kept as aka: a second Prime Alias name {name!r} (group {ref})",
                    once_per=once,
                )

        # Date of birth: rows of one group can carry different ones.
        dob = collapse(row["DOB"])
        if dob:
            iso = iso_date(dob)
            if iso is None:
                warn(row.line, f"kept as text: bad DOB {dob!r} (group {ref})", once_per=once)
            dates.append(DateRecord("birth", iso or "", dob))

        # Nationalities.
        for part in split_numbered(row["Nationality"])[1]:
            code = uk_country(part)
            if code:
                countries.append(CountryRecord(code, "nationality"))
            else:
                warn(
                    row.line,
                    f"kept in notes: unknown nationality {part!r} (group {ref})",
                    once_per=once,
                )
                remarks.append(f"Nationality: {part}")

        # Address, and the country it is in.
        address, unknown = _address(row)
        if address is not None:
            addresses.append(address)
            if address.country:
                countries.append(CountryRecord(address.country, "located_in"))
            if unknown:
                warn(
                    row.line,
                    f"kept in notes: unknown country {unknown!r} (group {ref})",
                    once_per=once,
                )
                remarks.append(f"Country: {unknown}")

        # Documents.
        for column, scheme in (("Passport Details", "passport"), ("NI Number", "national_id")):
            text = collapse(row[column])
            if not text:
                continue
            found, incomplete = documents_in(text, scheme)
            documents.extend(found)
            if incomplete:
                remarks.append(f"{column}: {text}")

        info = collapse(row["Other Information"])
        if info:
            other.append(info)
            references.extend(list_reference(UN_REFERENCE, r) for r in un_references(info))
            references.extend(
                IdentifierRecord("imo_number", m.group("value"), "", m.group(0))
                for m in IMO_RE.finditer(info)
            )
            references.extend(
                IdentifierRecord("mmsi", m.group("value"), "", m.group(0))
                for m in MMSI_RE.finditer(info)
            )

        regime = collapse(row["Regime"])
        if regime:
            programmes.append(_programme(regime, row.line, warn))

        listed_on = collapse(row["Listed On"])
        if listed_on:
            iso = iso_date(listed_on)
            if iso is None:
                warn(row.line, f"ignored: bad Listed On {listed_on!r} (group {ref})", once_per=once)
            else:
                listed.append(iso)

        if title := collapse(row["Title"]):
            titles.append(title)
        if position := collapse(row["Position"]):
            positions.append(position)
        birth = joined(collapse(row["Town of Birth"]), collapse(row["Country of Birth"]))
        if birth:
            births.append(birth)

    listed_unique = sorted(set(listed))
    if len(listed_unique) > 1:
        warn(group.line, f"kept the earliest of Listed On {listed_unique} (group {ref})")

    # Identifiers: the first wording of a (scheme, value, country) wins.
    ids: dict[tuple[str, str, str], IdentifierRecord] = {}
    for ident in [*references, *documents]:
        ids.setdefault((ident.scheme, ident.value, ident.country), ident)

    notes = unique(
        [
            *other,
            *(f"Title: {t}" for t in unique(titles)),
            *(f"Position: {p}" for p in unique(positions)),
            *(f"Place of birth: {b}" for b in unique(births)),
            *remarks,
        ]
    )
    return ListEntry(
        reference=ref,
        kind=kind,
        name=primary,
        programmes=unique(programmes),
        listed=listed_unique[0] if listed_unique else "",
        aliases=unique(aliases),
        identifiers=tuple(ids.values()),
        countries=unique(countries),
        addresses=unique(addresses),
        # Chronological, so that the digest does not depend on the order of the rows.
        dates=tuple(sorted(set(dates), key=lambda d: (d.date == "", d.date, d.text))),
        notes="\n".join(notes),
        line=group.line,
    )
