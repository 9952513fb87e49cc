"""Parser for OFAC's legacy CSV format (SDN and Non-SDN consolidated lists).

Pure parsing: reads a folder of files and returns frozen dataclasses; writes nothing.

Format (see ``tests/data/ofac``): no header row, columns by position, the unquoted null
marker ``-0- ``, CRLF (or LF) line endings, an optional trailing 0x1A byte, ASCII.

Encodings: a UTF-16 or UTF-32 file (a spreadsheet's "Unicode text") is refused as such. A
file with non-ASCII bytes that decodes as UTF-8 (a re-saved file, or OFAC one day writing
accents) is read as UTF-8, with one warning naming the file and the first such line:
decoding it is unambiguous, and refusing it would stop every import of the list. Any other
non-ASCII byte (Windows-1252, Latin-1) is refused: it cannot be decoded without guessing.

Rows of the address, alias and comments files that name an ent_num the primary file does not
have are skipped with a warning each, and listed in ``ParsedSource.orphans``: a few are
normal (``sdn-tiny`` has 9 by design), many mean the primary file lost entries
(``importer.guards`` refuses the import then).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from importer.countries import country_code
from importer.parsers.encoding import UTF8_BOM, line_of, wide_unicode
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    LazyEntries,
    LinkRecord,
    ListEntry,
    NameRecord,
    OrphanRow,
    ParsedSource,
    ParseError,
    ParseWarning,
    ProgrammeRecord,
)

__all__ = [
    "Address",
    "Alias",
    "Entry",
    "Identifier",
    "ParseError",
    "ParseWarning",
    "ParsedList",
    "RemarkDate",
    "Remarks",
    "parse_folder",
    "parse_remarks",
    "parse_source",
]

Kind = Literal["sdn", "non-sdn"]

# File names per kind: primary, addresses, aliases, comments (the comments file is optional:
# a list whose remarks all fit in 1,000 characters may ship without one).
FILES: dict[str, dict[str, str]] = {
    "sdn": {
        "primary": "sdn.csv",
        "addresses": "add.csv",
        "aliases": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    "non-sdn": {
        "primary": "cons_prim.csv",
        "addresses": "cons_add.csv",
        "aliases": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}
COLUMNS = {"primary": 12, "addresses": 6, "aliases": 5, "comments": 2}
REQUIRED = ("primary", "addresses", "aliases")

NULL_MARKER = "-0-"
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


# --------------------------------------------------------------------------- reading


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == NULL_MARKER else value


def _read_rows(
    path: Path,
) -> tuple[list[tuple[int, list[str]]], str, bool, ParseWarning | None]:
    """Return ([(line, fields)], sha256, ends_with_newline, encoding warning) for one file.

    Raises ParseError on a UTF-16 or UTF-32 file, bytes that are neither ASCII nor UTF-8,
    broken quoting or an unterminated last row. UTF-8 is read with a warning (see above).
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(name, None, f"cannot read file ({exc.strerror})") from exc
    sha = hashlib.sha256(data).hexdigest()
    wide = wide_unicode(data)
    if wide is not None:
        raise ParseError(
            name,
            None,
            f"the file is {wide}, not ASCII as OFAC publishes it: download it again "
            "(re-saved as Unicode text?)",
        )
    bom = data.startswith(UTF8_BOM)
    if bom:
        data = data[len(UTF8_BOM) :]
    # The official files end with one Ctrl-Z (0x1A); drop it (and anything blank after it).
    body = data.rstrip(b"\r\n\t ")
    while body.endswith(b"\x1a"):
        body = body[:-1]
    if b"\x1a" in body:
        pos = body.index(b"\x1a")
        raise ParseError(name, body[:pos].count(b"\n") + 1, "unexpected 0x1A byte before the end")
    note = None
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as exc:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise ParseError(
                name,
                line_of(body, not_utf8.start),
                f"byte 0x{body[not_utf8.start]:02X} is not ASCII, nor part of a UTF-8 "
                "character (Windows-1252? wrong encoding or not an OFAC file)",
            ) from not_utf8
        count = sum(1 for ch in text if ord(ch) > 127)
        note = ParseWarning(
            name,
            line_of(body, exc.start),
            f"read as UTF-8 (OFAC publishes ASCII): {count} non-ASCII "
            f"character{'s' if count > 1 else ''}, the first on this line",
        )
    if bom and note is None:
        note = ParseWarning(name, 1, "read as UTF-8 (OFAC publishes ASCII): the file has a BOM")
    ends_with_newline = text.endswith(("\n", "\r"))
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(name, start, f"malformed CSV row ({exc})") from exc
    return rows, sha, ends_with_newline, note


def _check_shape(
    name: str, role: str, rows: list[tuple[int, list[str]]], ends_with_newline: bool
) -> None:
    """Raise ParseError if the file as a whole is not the expected format."""
    expected = COLUMNS[role]
    if not rows:
        raise ParseError(name, 1, "empty file")
    bad = [(line, len(f)) for line, f in rows if len(f) != expected]
    if bad and len(bad) * 2 > len(rows):
        line, found = bad[0]
        raise ParseError(
            name,
            line,
            f"expected {expected} columns, found {found} "
            f"({len(bad)} of {len(rows)} rows are wrong: wrong file or format)",
        )
    last_line, last = rows[-1]
    if len(last) != expected and not ends_with_newline:
        raise ParseError(
            name,
            last_line,
            f"truncated: the file ends mid-row ({len(last)} of {expected} columns)",
        )


def _to_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _split_programs(value: str) -> tuple[str, ...]:
    value = _clean(value)
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

    def load(role: str) -> list[tuple[int, list[str]]]:
        name = names[role]
        rows, sha, ends_nl, note = _read_rows(folder / name)
        hashes[name] = sha
        if note is not None:
            warnings.append(note)
        # An empty comments file is legitimate (no remarks were cut); other files are not.
        if role in REQUIRED or rows:
            _check_shape(name, role, rows, ends_nl)
        good = []
        for line, fields in rows:
            if len(fields) != COLUMNS[role]:
                warnings.append(
                    ParseWarning(
                        name,
                        line,
                        f"skipped: expected {COLUMNS[role]} columns, found {len(fields)}",
                    )
                )
            else:
                good.append((line, fields))
        return good

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
        if not _clean(f[1]):
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
        etype = _clean(f[2]).lower() or "entity"
        if etype not in ENTRY_TYPES and etype != "entity":
            warnings.append(
                ParseWarning(prim_name, line, f"kept: unknown type {etype!r} ({ent_num})")
            )
        entries[ent_num] = Entry(
            ent_num=ent_num,
            name=_clean(f[1]),
            type=etype,
            programs=_split_programs(f[3]),
            title=_clean(f[4]),
            call_sign=_clean(f[5]),
            vessel_type=_clean(f[6]),
            tonnage=_clean(f[7]),
            grt=_clean(f[8]),
            vessel_flag=_clean(f[9]),
            vessel_owner=_clean(f[10]),
            remarks=remarks,
            line=line,
        )

    # Addresses.
    add_name = names["addresses"]
    addresses: dict[int, list[Address]] = {}
    for line, f in load("addresses"):
        ent_num, add_num = _to_int(f[0]), _to_int(f[1])
        if ent_num is None or add_num is None:
            warnings.append(ParseWarning(add_name, line, "skipped: bad ent_num or address number"))
            continue
        if ent_num not in entries:
            warnings.append(
                ParseWarning(
                    add_name,
                    line,
                    f"skipped: address {add_num} points to ent_num {ent_num}, not in the list",
                )
            )
            orphans.append(OrphanRow(add_name, line, str(ent_num), prim_name))
            continue
        addresses.setdefault(ent_num, []).append(
            Address(
                ent_num=ent_num,
                add_num=add_num,
                address=_clean(f[2]),
                city_state_postal=_clean(f[3]),
                country=_clean(f[4]),
                remarks=_clean(f[5]),
                line=line,
            )
        )

    # Aliases.
    alt_name = names["aliases"]
    aliases: dict[int, list[Alias]] = {}
    for line, f in load("aliases"):
        ent_num, alt_num = _to_int(f[0]), _to_int(f[1])
        if ent_num is None or alt_num is None:
            warnings.append(ParseWarning(alt_name, line, "skipped: bad ent_num or alias number"))
            continue
        if ent_num not in entries:
            warnings.append(
                ParseWarning(
                    alt_name,
                    line,
                    f"skipped: alias {alt_num} points to ent_num {ent_num}, not in the list",
                )
            )
            orphans.append(OrphanRow(alt_name, line, str(ent_num), prim_name))
            continue
        alias_name = _clean(f[3])
        if not alias_name:
            warnings.append(
                ParseWarning(alt_name, line, f"skipped: empty alias {alt_num} ({ent_num})")
            )
            continue
        atype = _clean(f[2]).lower()
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
                remarks=_clean(f[4]),
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


# --------------------------------------------------------------------------- remarks


@dataclass(frozen=True)
class Identifier:
    kind: str  # passport, national_id, tax_id, registration_number, uscc, imo, website, email
    value: str
    country: str = ""
    text: str = ""  # the whole phrase, as written


@dataclass(frozen=True)
class RemarkDate:
    kind: str  # "birth" or "established"
    text: str  # the date as written, e.g. "circa 1950"
    start: str | None = None  # ISO partial: "1936-04-27", "1936-04" or "1936"
    end: str | None = None  # same as start unless a range
    approximate: bool = False


@dataclass(frozen=True)
class Remarks:
    weak_aliases: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    dates: tuple[RemarkDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    linked_to: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()


_IDENTIFIER_LABELS = [
    # longest first so that "Registration Number" does not catch a longer label
    ("Unified Social Credit Code (USCC)", "uscc"),
    ("Vessel Registration Identification IMO", "imo"),
    ("Vessel Registration Identification", "vessel_registration"),
    ("Identification Number IMO", "imo"),
    ("Business Registration Number", "registration_number"),
    ("Registration Number", "registration_number"),
    ("Public Registration Number", "registration_number"),
    ("Registration ID", "registration_number"),
    ("Legal Entity Number", "lei"),
    ("National ID No.", "national_id"),
    ("Tax ID No.", "tax_id"),
    ("Passport", "passport"),
    ("Email Address", "email"),
    ("Website", "website"),
]
_IDENTIFIER_RE = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label, _ in _IDENTIFIER_LABELS)
    + r")\s+(?P<value>[^()]+?)(?:\s+\((?P<country>[^()]+)\)(?:\s+(?P<extra>.+))?)?$"
)
_IDENTIFIER_KIND = dict(_IDENTIFIER_LABELS)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_RE = re.compile(
    r"^(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>[A-Za-z]{3})[a-z]*\.?\s+)?(?P<year>\d{4})$"
)
_DATE_PREFIXES = [("DOB", "birth"), ("Organization Established Date", "established")]
# Endings after which the terminal "." belongs to the name (CO. LTD., S.R.O.).
_ABBREV_RE = re.compile(r"(?:\b(?:LTD|CO|INC|CORP|JR|SR|PVT|PTE|BHD|CIA|LLC|PLC)|\.\w{1,3})$", re.I)


def _iso_partial(text: str) -> str | None:
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    year, month, day = m.group("year"), m.group("month"), m.group("day")
    if month is None:
        return None if day else year
    mon = _MONTHS.get(month.lower())
    if mon is None:
        return None
    if day is None:
        return f"{year}-{mon:02d}"
    d = int(day)
    if not 1 <= d <= 31:
        return None
    return f"{year}-{mon:02d}-{d:02d}"


def _parse_date(kind: str, text: str) -> RemarkDate:
    body = text.strip()
    approximate = False
    m = re.match(r"^(?:circa|approximately|approx\.?|about)\s+(.+)$", body, re.I)
    if m:
        approximate = True
        body = m.group(1)
    parts = re.split(r"\s+to\s+", body)
    if len(parts) == 2:
        start, end = _iso_partial(parts[0]), _iso_partial(parts[1])
        if start and end:
            return RemarkDate(kind, text, start, end, approximate)
        return RemarkDate(kind, text, None, None, approximate)
    iso = _iso_partial(body)
    return RemarkDate(kind, text, iso, iso, approximate)


def _split_phrases(text: str) -> list[str]:
    text = text.strip()
    phrases = [p.strip() for p in text.split("; ")]
    phrases = [p for p in phrases if p]
    if phrases and phrases[-1].endswith("."):
        last = phrases[-1]
        stripped = last[:-1].rstrip()
        # "a.k.a. 'X'." / "Linked To: CO. LTD." : keep the dot if it belongs to the name.
        if not (stripped.startswith("Linked To:") and _ABBREV_RE.search(stripped)):
            phrases[-1] = stripped
    # Phrases in the middle can also end with ".", e.g. "...#directives.": leave them.
    return [p for p in phrases if p]


def parse_remarks(text: str) -> Remarks:
    """Extract structured facts from an OFAC remarks field."""
    weak: list[str] = []
    identifiers: list[Identifier] = []
    dates: list[RemarkDate] = []
    nationalities: list[str] = []
    citizenships: list[str] = []
    pobs: list[str] = []
    linked: list[str] = []
    unparsed: list[str] = []

    for phrase in _split_phrases(text or ""):
        body = phrase[5:].lstrip() if phrase.startswith("alt. ") else phrase

        m = re.match(r"^a\.k\.a\.\s+'(?P<name>.*)'\.?$", body)
        if m:
            if m.group("name").strip():
                weak.append(m.group("name").strip())
            continue

        m = re.match(r"^Linked To:\s*(?P<name>.+)$", body)
        if m:
            name = m.group("name").strip()
            if name.endswith(".") and not _ABBREV_RE.search(name[:-1]):
                name = name[:-1]
            linked.append(name)
            continue

        for prefix, kind in _DATE_PREFIXES:
            if body.startswith(prefix + " "):
                dates.append(_parse_date(kind, body[len(prefix) + 1 :]))
                break
        else:
            m = _IDENTIFIER_RE.match(body)
            if m:
                identifiers.append(
                    Identifier(
                        kind=_IDENTIFIER_KIND[m.group("label")],
                        value=m.group("value").strip(),
                        country=(m.group("country") or "").strip(),
                        text=phrase,
                    )
                )
                continue
            m = re.match(r"^(nationality|citizen|POB)\s+(.+)$", body)
            if m:
                target = {"nationality": nationalities, "citizen": citizenships, "POB": pobs}
                target[m.group(1)].append(m.group(2).strip())
                continue
            unparsed.append(phrase)

    return Remarks(
        weak_aliases=tuple(weak),
        identifiers=tuple(identifiers),
        dates=tuple(dates),
        nationalities=tuple(nationalities),
        citizenships=tuple(citizenships),
        places_of_birth=tuple(pobs),
        linked_to=tuple(linked),
        unparsed=tuple(unparsed),
    )


# --------------------------------------------------------------------------- normalised


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


def _joined(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


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
        IdentifierRecord("list_reference", str(entry.ent_num), "", "OFAC ent_num"),
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
            full=_joined(address.address, address.city_state_postal, address.country),
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
