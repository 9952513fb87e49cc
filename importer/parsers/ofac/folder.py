"""An OFAC folder's files, read into entries, addresses and aliases by ``ent_num``.

The rows as the files give them (fields cleaned, remarks joined with their continuation in
the comments file), before any normalisation: :mod:`.entries` builds the records from them.

Rows of the address, alias and comments files that name an ent_num the primary file does not
have are skipped with a warning each, and listed in ``ParsedSource.orphans``: a few are
normal (``sdn-tiny`` has 9 by design), many mean the primary file lost entries
(``importer.guards`` refuses the import then).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from importer.parsers.common import Row, full_rows
from importer.parsers.ofac.reading import (
    COLUMNS,
    FILES,
    NULL_MARKER,
    REQUIRED,
    check_shape,
    clean,
    read_rows,
)
from importer.parsers.ofac.remarks import Remarks, parse_remarks
from importer.records import OrphanRow, ParseError, ParseWarning

Kind = Literal["sdn", "non-sdn"]

ENTRY_TYPES = {"individual", "vessel", "aircraft"}
ALIAS_TYPES = {"aka", "fka", "nka"}


@dataclass(frozen=True)
class Entry:
    ent_num: int
    name: str
    type: str  # "individual", "vessel", "aircraft" or "entity"
    programs: tuple[str, ...]
    title: str
    call_sign: str
    vessel_type: str
    tonnage: str
    grt: str
    vessel_flag: str
    vessel_owner: str
    remarks: str  # with the comments-file continuation appended
    line: int

    def parsed_remarks(self) -> Remarks:
        return parse_remarks(self.remarks)


@dataclass(frozen=True)
class Address:
    ent_num: int
    add_num: int
    address: str
    city_state_postal: str
    country: str
    remarks: str
    line: int


@dataclass(frozen=True)
class Alias:
    ent_num: int
    alt_num: int
    type: str  # "aka", "fka" or "nka"
    name: str
    remarks: str
    line: int


@dataclass(frozen=True)
class ParsedList:
    kind: str
    entries: dict[int, Entry]
    addresses: dict[int, list[Address]]
    aliases: dict[int, list[Alias]]
    warnings: list[ParseWarning]
    # file name -> SHA-256 (hex) of the raw bytes, for provenance
    files: dict[str, str] = field(default_factory=dict)
    # rows of the other files naming an ent_num the primary file does not have
    orphans: list[OrphanRow] = field(default_factory=list)

    @property
    def address_count(self) -> int:
        return sum(len(v) for v in self.addresses.values())

    @property
    def alias_count(self) -> int:
        return sum(len(v) for v in self.aliases.values())


def _to_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _split_programs(value: str) -> tuple[str, ...]:
    value = clean(value)
    if not value:
        return ()
    parts = re.split(r"\]\s*\[", value)
    return tuple(p.strip().strip("[]").strip() for p in parts if p.strip().strip("[]").strip())


def parse_folder(path: str | Path, *, kind: Kind) -> ParsedList:
    """Parse an OFAC legacy-CSV folder (``kind`` "sdn" or "non-sdn")."""
    if kind not in FILES:
        raise ValueError(f"kind must be 'sdn' or 'non-sdn', not {kind!r}")
    folder = Path(path)
    names = FILES[kind]
    if not folder.is_dir():
        raise ParseError(str(folder), None, "not a folder")
    for role in REQUIRED:
        if not (folder / names[role]).is_file():
            raise ParseError(names[role], None, f"required file missing from {folder}")

    warnings: list[ParseWarning] = []
    hashes: dict[str, str] = {}
    orphans: list[OrphanRow] = []

    def load(role: str) -> list[Row]:
        name = names[role]
        rows, sha, ends_nl, note = read_rows(folder / name)
        hashes[name] = sha
        if note is not None:
            warnings.append(note)
        # An empty comments file is legitimate (no remarks were cut); other files are not.
        if role in REQUIRED or rows:
            check_shape(name, role, rows, ends_nl)

        def warn(line: int, message: str) -> None:
            warnings.append(ParseWarning(name, line, message))

        return list(full_rows(rows, COLUMNS[role], warn))

    # Primary file.
    prim_name = names["primary"]
    raw_entries: dict[int, tuple[int, list[str]]] = {}
    for line, f in load("primary"):
        ent_num = _to_int(f[0])
        if ent_num is None:
            warnings.append(ParseWarning(prim_name, line, f"skipped: bad ent_num {f[0]!r}"))
            continue
        if ent_num in raw_entries:
            warnings.append(ParseWarning(prim_name, line, f"skipped: duplicate ent_num {ent_num}"))
            continue
        if not clean(f[1]):
            warnings.append(ParseWarning(prim_name, line, f"skipped: empty name ({ent_num})"))
            continue
        raw_entries[ent_num] = (line, f)

    # Comments: continuations of remarks cut at 1,000 characters.
    continuations: dict[int, list[str]] = {}
    com_name = names["comments"]
    if (folder / com_name).is_file():
        for line, f in load("comments"):
            ent_num = _to_int(f[0])
            if ent_num is None or ent_num not in raw_entries:
                warnings.append(
                    ParseWarning(
                        com_name, line, f"skipped: comment for unknown ent_num {f[0].strip()}"
                    )
                )
                if ent_num is not None:
                    orphans.append(OrphanRow(com_name, line, str(ent_num), prim_name))
                continue
            continuations.setdefault(ent_num, []).append(f[1])

    entries: dict[int, Entry] = {}
    for ent_num, (line, f) in raw_entries.items():
        remarks = f[11]
        if remarks.strip() == NULL_MARKER:
            remarks = ""
        # Joined without a separator: the cut can fall in the middle of a word.
        remarks = (remarks + "".join(continuations.get(ent_num, []))).strip()
        etype = clean(f[2]).lower() or "entity"
        if etype not in ENTRY_TYPES and etype != "entity":
            warnings.append(
                ParseWarning(prim_name, line, f"kept: unknown type {etype!r} ({ent_num})")
            )
        entries[ent_num] = Entry(
            ent_num=ent_num,
            name=clean(f[1]),
            type=etype,
            programs=_split_programs(f[3]),
            title=clean(f[4]),
            call_sign=clean(f[5]),
            vessel_type=clean(f[6]),
            tonnage=clean(f[7]),
            grt=clean(f[8]),
            vessel_flag=clean(f[9]),
            vessel_owner=clean(f[10]),
            remarks=remarks,
            line=line,
        )

    def attached(role: str, what: str) -> Iterator[tuple[int, int, int, list[str]]]:
        """The rows of an address or alias file that belong to an entry of the list, as
        (line, ent_num, the row's own number, fields); any other is skipped with a warning,
        and listed as an orphan when its ent_num is not in the primary file."""
        name = names[role]
        for line, f in load(role):
            ent_num, number = _to_int(f[0]), _to_int(f[1])
            if ent_num is None or number is None:
                warnings.append(ParseWarning(name, line, f"skipped: bad ent_num or {what} number"))
                continue
            if ent_num not in entries:
                warnings.append(
                    ParseWarning(
                        name,
                        line,
                        f"skipped: {what} {number} points to ent_num {ent_num}, not in the list",
                    )
                )
                orphans.append(OrphanRow(name, line, str(ent_num), prim_name))
                continue
            yield line, ent_num, number, f

    addresses: dict[int, list[Address]] = {}
    for line, ent_num, add_num, f in attached("addresses", "address"):
        addresses.setdefault(ent_num, []).append(
            Address(
                ent_num=ent_num,
                add_num=add_num,
                address=clean(f[2]),
                city_state_postal=clean(f[3]),
                country=clean(f[4]),
                remarks=clean(f[5]),
                line=line,
            )
        )

    alt_name = names["aliases"]
    aliases: dict[int, list[Alias]] = {}
    for line, ent_num, alt_num, f in attached("aliases", "alias"):
        alias_name = clean(f[3])
        if not alias_name:
            warnings.append(
                ParseWarning(alt_name, line, f"skipped: empty alias {alt_num} ({ent_num})")
            )
            continue
        atype = clean(f[2]).lower()
        if atype not in ALIAS_TYPES:
            warnings.append(
                ParseWarning(alt_name, line, f"kept: unknown alias type {atype!r} ({ent_num})")
            )
        aliases.setdefault(ent_num, []).append(
            Alias(
                ent_num=ent_num,
                alt_num=alt_num,
                type=atype,
                name=alias_name,
                remarks=clean(f[4]),
                line=line,
            )
        )

    order = {
        names[role]: i for i, role in enumerate(("primary", "comments", "addresses", "aliases"))
    }
    warnings.sort(key=lambda w: (order.get(w.file, 9), w.line))
    return ParsedList(
        kind=kind,
        entries=entries,
        addresses=addresses,
        aliases=aliases,
        warnings=warnings,
        files=hashes,
        orphans=orphans,
    )
