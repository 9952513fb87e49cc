"""The one shape every list parser produces, whatever the source's own format.

Parsers (``importer/parsers/*``) turn a list file into :class:`ParsedSource`; the import
service compares and writes these records and never looks at a source's raw format. Values
are already in the tracker's vocabulary (``EntityKind``, ``AliasKind``, ``IdentifierScheme``,
``CountryRole`` values, ISO 3166-1 alpha-2 codes, ISO partial dates), so that an entry's
:meth:`ListEntry.digest` changes only when what the list says changes.

No Django models here: parsing must work, and be tested, without a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class ParseError(ValueError):
    """A file that cannot be imported at all. ``str()`` is one line naming file and place."""

    def __init__(self, file: str, line: int | None, message: str, *, entry: str = ""):
        self.file = file
        self.line = line
        self.entry = entry
        self.message = message
        where = file
        if line is not None:
            where += f", line {line}"
        if entry:
            where += f", entry {entry}"
        super().__init__(f"{where}: {message}")


class ParseWarning(NamedTuple):
    """A single row skipped or kept with a remark; counted, never fatal."""

    file: str
    line: int
    message: str


class OrphanRow(NamedTuple):
    """A row of a list's other files (OFAC ``add.csv``, ``alt.csv``, ``sdn_comments.csv``)
    naming an entry that its main file does not have: skipped with a warning too."""

    file: str
    line: int
    reference: str  # the entry it names
    main_file: str  # the file that lacks it


@dataclass(frozen=True)
class NameRecord:
    name: str
    kind: str = "aka"  # AliasKind value: aka, fka, nka, native_script
    weak: bool = False
    script: str = ""  # ISO 15924, e.g. Arab, Cyrl, Hans
    language: str = ""  # ISO 639-1


@dataclass(frozen=True)
class IdentifierRecord:
    scheme: str  # IdentifierScheme value
    value: str
    country: str = ""  # ISO 3166-1 alpha-2 of the issuer, or ""
    label: str = ""  # the source's wording, e.g. "Tax ID No."


def list_reference(label: str, value: str) -> IdentifierRecord:
    """An entry's reference in a list's numbering (``entities.numberings``: its label names
    the numbering), as an identifier of its entity."""
    return IdentifierRecord("list_reference", value, "", label)


@dataclass(frozen=True)
class CountryRecord:
    country: str  # ISO 3166-1 alpha-2
    role: str  # CountryRole value


@dataclass(frozen=True)
class AddressRecord:
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or "" when absent or unrecognised
    full: str = ""  # the address as written, always set when the source gives one


@dataclass(frozen=True)
class DateRecord:
    """A date of birth or establishment, as precise as the list gives it.

    ``date`` is an ISO partial date (``1971``, ``1978-04``, ``1978-04-28``), a range of two
    of them (``1960/1965``), or ``""`` when the list gives words but no usable date.
    """

    kind: str  # "birth" or "established"
    date: str
    text: str = ""  # the list's own words, e.g. "circa 1950", "BETWEEN 1960 and 1965"
    approximate: bool = False


@dataclass(frozen=True)
class ProgrammeRecord:
    """A programme an entry is designated under: one designation each.

    A list of one body (every list but FtM) gives the programme alone: the designation is
    the list's body's, listed on the entry's ``listed``. A list of many bodies (FtM, whose
    ``Sanction`` records each name their authority) gives the designation's own facts too:
    ``authorities`` names the body as the list writes it, and the dates, status, reference
    and words are this designation's.
    """

    code: str  # stable within the body: NPWMD, SDGT, the UN list type, the UK regime name
    name: str = ""
    # The act the list names for it (the EU's ``regulation``), and where it is published.
    legal_basis: str = ""
    url: str = ""
    # The designating body as the list names it ("" : the list's own body); the first
    # name is the one a body created for it is given.
    authorities: tuple[str, ...] = ()
    jurisdiction: str = ""  # ISO 3166-1 alpha-2 (or EU) of that body, or ""
    listed: str = ""  # ISO partial date; "" : the entry's ``listed``
    delisted: str = ""  # ISO partial date the designation ended, "" if not stated
    status: str = ""  # "delisted" when the list says it ended; "" : in force
    reference: str = ""  # the body's own reference for the listing
    reason: str = ""
    measures_text: str = ""  # the measures in the list's words
    notes: str = ""

    def __repr__(self) -> str:
        """The dataclass repr without the empty fields after ``name``: the digests of lists
        that give none of them stay what they were before these fields existed."""
        extra = "".join(
            f", {name}={getattr(self, name)!r}" for name in _PROGRAMME_EXTRAS if getattr(self, name)
        )
        return f"ProgrammeRecord(code={self.code!r}, name={self.name!r}{extra})"

    def key(self) -> tuple:
        """What tells the programmes of one entry apart: the body's names and the code."""
        return programme_key(self.__dict__)


def programme_key(data: dict) -> tuple:
    """:meth:`ProgrammeRecord.key` of a programme as stored (``ListEntry.as_dict()``), also
    as stored before ``authorities`` existed."""
    return (tuple(data.get("authorities") or ()), data["code"])


_PROGRAMME_EXTRAS = (
    "legal_basis",
    "url",
    "authorities",
    "jurisdiction",
    "listed",
    "delisted",
    "status",
    "reference",
    "reason",
    "measures_text",
    "notes",
)


@dataclass(frozen=True)
class LinkRecord:
    """A relationship the list states, to another entry of the same list."""

    target: str  # the other entry's name (OFAC "Linked To:") or its reference
    by: str = "name"  # "name" or "reference"
    kind: str = "linked_to"  # RelationshipKind value
    text: str = ""


@dataclass(frozen=True)
class ListEntry:
    """One entry of an official list, normalised."""

    reference: str  # the list's own key: OFAC ent_num, UN REFERENCE_NUMBER, UK Group ID
    kind: str  # EntityKind value
    name: str
    programmes: tuple[ProgrammeRecord, ...] = ()
    listed: str = ""  # ISO partial date of listing, "" when the list gives none
    aliases: tuple[NameRecord, ...] = ()
    identifiers: tuple[IdentifierRecord, ...] = ()
    countries: tuple[CountryRecord, ...] = ()
    addresses: tuple[AddressRecord, ...] = ()
    dates: tuple[DateRecord, ...] = ()
    links: tuple[LinkRecord, ...] = ()
    notes: str = ""  # the list's remarks that no field above holds
    # Where it is in the file, for warnings and citations; not part of the digest, since
    # line numbers move whenever another entry is added above.
    line: int | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        """Plain data for JSON (what the import stores as the entry's last applied state)."""
        data = dict(self.__dict__)
        data.pop("line")
        for name in _NESTED:
            data[name] = [dict(item.__dict__) for item in data[name]]
        return data

    def digest(self) -> str:
        """SHA-256 of what the list says of this entry: equal digests, nothing to do.

        Taken over the dataclass ``repr`` (every field but ``line``, in declaration order),
        which is several times faster than JSON and as stable.
        """
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()


_NESTED = ("programmes", "aliases", "identifiers", "countries", "addresses", "dates", "links")


class LazyEntries(Sequence):
    """Entries normalised only when asked for, for lists too large to normalise every day.

    A parser may return this instead of a list. ``raw_digests()`` fingerprints each entry's
    rows as read (fields, not bytes: line endings do not count), so that the import skips
    the entries whose rows did not change without normalising them. ``names()`` gives each
    entry's primary and strong names cheaply, for resolving links by name.
    """

    def references(self) -> list[str]:
        raise NotImplementedError

    def raw_digests(self) -> dict[str, str]:
        raise NotImplementedError

    def names(self) -> dict[str, list[str]]:
        raise NotImplementedError


@dataclass
class ParsedSource:
    """A whole list file (or OFAC folder), parsed."""

    source: str  # "ofac-sdn", "ofac-non-sdn", "un-sc", "uk-ofsi"
    entries: Sequence[ListEntry]  # a list, or LazyEntries
    warnings: list[ParseWarning]
    files: dict[str, str]  # file name -> SHA-256 of its bytes
    list_date: dt.date | None = None  # the list's own date, when the file states it
    # Rows of other files naming entries the main file lacks (formats of one file: none).
    orphans: list[OrphanRow] = field(default_factory=list)

    def references(self) -> list[str]:
        if isinstance(self.entries, LazyEntries):
            return self.entries.references()
        return [e.reference for e in self.entries]

    def raw_digests(self) -> dict[str, str]:
        """Reference -> fingerprint of its raw rows; empty when the parser gives none."""
        return self.entries.raw_digests() if isinstance(self.entries, LazyEntries) else {}

    def names(self) -> dict[str, list[str]]:
        """Reference -> its primary name and strong aliases."""
        if isinstance(self.entries, LazyEntries):
            return self.entries.names()
        return {
            e.reference: [e.name, *(a.name for a in e.aliases if not a.weak)] for e in self.entries
        }

    @property
    def sha256(self) -> str:
        """One file's SHA-256, or for a folder the SHA-256 of its ``name sha`` lines."""
        if len(self.files) == 1:
            return next(iter(self.files.values()))
        lines = "".join(f"{name} {sha}\n" for name, sha in sorted(self.files.items()))
        return hashlib.sha256(lines.encode("ascii")).hexdigest()
