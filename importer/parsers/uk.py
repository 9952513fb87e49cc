"""Parser for the UK HM Treasury (OFSI) consolidated list, the "ConList" CSV.

Pure parsing: reads one file and returns :class:`~importer.records.ParsedSource`; writes
nothing, needs no database (only ``importer.countries``, which reads django-countries).

Format (see ``tests/data/uk``):

* line 1 is a preamble, ``Last Updated,dd/mm/yyyy,,,...``; line 2 the header (``Name 6,
  Name 1, ..., Group ID``); then one row per *name variant*, grouped by ``Group ID``. A
  group's facts (date of birth, address) are repeated on each of its rows, and a group with
  two dates of birth and two addresses has a row for every name x date x address: the
  rows are a cross product, so every collection below is deduplicated across the group.
* ``Alias Type`` is ``Prime Alias`` (the primary name, possibly on several rows), ``AKA``
  or ``FKA``. Names are split over ``Name 1``..``Name 5`` (given names) and ``Name 6``
  (surname, or the whole name of an entity), with stray leading and trailing spaces.
* Older exports are Windows-1252, newer ones UTF-8 (both accepted; a UTF-16 file, or one
  mixing UTF-8 characters with other bytes, is refused as such); dates are ``dd/mm/yyyy``
  with ``00`` for an unknown day or month; multi-valued cells are written ``1) a 2) b`` or
  ``(1) a (2) b`` (sometimes ``(a) .. (b) ..``); quoted fields may span lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from importer.countries import country_code
from importer.parsers.encoding import UTF8_BOM, UTF8_SEQUENCE_RE, line_of, wide_unicode
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    ListEntry,
    NameRecord,
    ParsedSource,
    ParseError,
    ParseWarning,
    ProgrammeRecord,
)

__all__ = ["SOURCE", "ParseError", "ParseWarning", "parse_file", "split_numbered"]

SOURCE = "uk-ofsi"

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5")
# Every ConList export has these; newer ones add more (Alias Quality, non-Latin script...),
# which are looked up by name, so a column added or moved is not a format change.
REQUIRED_COLUMNS = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)

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

# Bytes that Windows-1252 leaves undefined: a file holding one is neither encoding.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# A file that is not UTF-8 as a whole but has this many UTF-8 characters mixes two
# encodings. One or two could be Windows-1252 letters (an accented capital and a curly
# quote are the bytes of a UTF-8 character); the real sample, 97 non-ASCII bytes in
# Windows-1252, has none.
_MIXED_UTF8_MIN = 3


# --------------------------------------------------------------------------- text helpers


def _collapse(value: str) -> str:
    """Strip and collapse runs of whitespace (including embedded newlines) to one space."""
    return " ".join(value.split())


_MARKER_RE = re.compile(r"\(\s*(?:\d{1,2}|[a-h])\s*\)|(?<![\w(])(?:\d{1,2}|[a-h])\)")


def split_numbered(text: str) -> tuple[str, list[str]]:
    """Split a multi-valued cell: ``"1) Saudi Arabia 2) Qatar"`` -> ``("", [..., ...])``.

    Returns (text before the first marker, the items). Markers are ``1)``, ``(1)``, ``a)``
    and ``(a)``; a bare ``1)`` only counts after a space or at the start, so that ``of)``
    or ``2009)`` in a remark does not split. ``(1)-(2) Indonesia`` gives ``["Indonesia"]``.
    Without markers the whole text is the one item.
    """
    text = _collapse(text)
    parts = _MARKER_RE.split(text)
    if len(parts) == 1:
        return "", [text] if text else []
    items = [p.strip(" -;,.") for p in parts[1:]]
    return parts[0].strip(" -;,:."), [p for p in items if p]


# --------------------------------------------------------------------------- countries

# Nationalities are mostly written as adjectives ("Iraqi", "Afghan"), which ISO names and
# importer.countries do not know; keys are lower case. Ambiguous ones ("Congolese",
# "Korean", "Dominican") are left out on purpose: they stay words and warn.
DEMONYMS = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belarussian": "BY",
    "belgian": "BE",
    "beninese": "BJ",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "burkinabe": "BF",
    "burmese": "MM",
    "burundian": "BI",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "central african": "CF",
    "chadian": "TD",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "djiboutian": "DJ",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "philippine": "PH",
    "finnish": "FI",
    "french": "FR",
    "gambian": "GM",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "guinean": "GN",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lao": "LA",
    "latvian": "LV",
    "lebanese": "LB",
    "liberian": "LR",
    "libyan": "LY",
    "lithuanian": "LT",
    "macedonian": "MK",
    "malagasy": "MG",
    "malawian": "MW",
    "malaysian": "MY",
    "maldivian": "MV",
    "malian": "ML",
    "maltese": "MT",
    "mauritanian": "MR",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "namibian": "NA",
    "nepalese": "NP",
    "nepali": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "serbian": "RS",
    "sierra leonean": "SL",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "south african": "ZA",
    "south korean": "KR",
    "south sudanese": "SS",
    "spanish": "ES",
    "sri lankan": "LK",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tajikistani": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "togolese": "TG",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "uzbekistani": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
}
# Country names this list uses that importer.countries does not know.
UK_COUNTRY_NAMES = {
    "libyan arab jamahiriya": "LY",
    "dprk": "KP",
    "palestinian territories": "PS",
    "occupied palestinian territory": "PS",
}


def _country(text: str) -> str:
    """ISO alpha-2 for a ConList country or nationality ("Iraq", "Iraqi", "DPRK"), or ""."""
    text = _collapse(text)
    if not text:
        return ""
    code = country_code(text)
    if code:
        return code
    key = text.lower().replace("\u2019", "'").strip(".,;: ")
    key = re.sub(r"\s*\(.*\)$", "", key)  # "Libya (as at Feb. 2014)"
    key = re.sub(r"\s+(?:citizenship|citizen|nationality|national)$", "", key)
    code = DEMONYMS.get(key) or UK_COUNTRY_NAMES.get(key, "")
    if not code and key != text.lower():
        code = country_code(key)
    return code


_HINT_CUT_RE = re.compile(
    r",|\s(?:passport|national|civil|foreign|issued|diplomatic|id|identity|identification)\b",
    re.I,
)


def _country_hint(text: str) -> str:
    """The country a document remark names, if any: "(Qatari passport issued ...)" -> QA."""
    text = _collapse(text)
    code = _country(text)
    if not code:
        cut = _HINT_CUT_RE.search(text)
        if cut and cut.start() > 0:
            code = _country(text[: cut.start()])
    if not code and " " in text:
        code = _country(text.split(" ", 1)[0])
    return code


# --------------------------------------------------------------------------- dates

_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _iso_date(text: str) -> str | None:
    """``dd/mm/yyyy`` -> ISO partial date; ``00`` parts lower the precision. None if bad.

    ``00/00/1980`` -> ``1980``; ``00/05/1980`` -> ``1980-05``; ``15/00/1980`` -> ``1980``
    (a day without its month says nothing more than the year).
    """
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if year == 0 or month > 12 or day > 31:
        return None
    if month == 0:
        return f"{year:04d}"
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- identifiers

_DOC_VALUE_RE = re.compile(
    r"^(?:(?:[Pp]rovisional|[Dd]iplomatic|[Oo]fficial|[Ss]ervice|[Oo]rdinary)\s+)?"
    r"(?P<value>[A-Z]{1,3} \d{4,}(?![\w/])|[A-Za-z0-9][A-Za-z0-9/.\-]*)"
)
_DOC_KEYWORD_RE = re.compile(
    r"\b(?:[Pp]assport\s+)?(?:[Nn]o|[Nn]os|[Nn]umbers?|[Nn]um)\b\.?\s*:?\s*"
)
_NATIONAL_ID_RE = re.compile(r"national\s+identi|identity\s+card|civil\s+id", re.I)
_UN_REF_RE = re.compile(
    r"\bUN\s+Ref(?:erence)?(?:\s+No\.?)?\s*[.:]?\s*"
    r"(?P<ref>[A-Za-z]{1,4}(?:\.[A-Za-z0-9]{1,4}(?![A-Za-z0-9]))+)",
    re.I,
)
# "IRe.001. Subordinate of DIO.": a bare UN reference in the modern form, at the start.
_BARE_UN_REF_RE = re.compile(r"^(?P<ref>[A-Z]{2,3}[a-z]\.\d{3})(?![\w])")
_IMO_RE = re.compile(r"\bIMO(?:\s+(?:number|no\.?))?\s*[:.]?\s*(?P<value>\d{7})\b", re.I)
_MMSI_RE = re.compile(r"\bMMSI\s*[:.]?\s*(?P<value>\d{9})\b", re.I)


def _doc_value(text: str) -> tuple[str, str] | None:
    """(number, the text after it) at the start of ``text``, or None.

    A number has at least three digits: a word ("Passport", "Issued") or a stray digit is
    not one.
    """
    m = _DOC_VALUE_RE.match(text)
    if not m:
        return None
    value = m.group("value").rstrip("./-,")
    if sum(ch.isdigit() for ch in value) < 3:
        return None
    return value, text[m.end() :]


def _parse_document(item: str) -> tuple[str, str] | None:
    """(number, country) of one document phrase, or None when it states no number.

    Forms: ``592667 (Qatari)``, ``Passport No: 592667 (...)``, ``Tunisia number G557170``,
    ``D 000974 (Afghan)``, ``W374031, Tunisian national identity number ...``.
    """
    before = ""
    found = _doc_value(item)
    if found is None:
        kw = _DOC_KEYWORD_RE.search(item)
        if kw is None:
            return None
        found = _doc_value(item[kw.end() :])
        if found is None:
            return None
        before = item[: kw.start()]
    value, after = found
    country = ""
    for remark in re.findall(r"\(([^()]*)\)", after):
        country = _country_hint(remark)
        if country:
            break
    if not country:
        word = re.match(r"^[\s,.;]*([A-Z][a-z]+)\b", after)
        if word:
            country = _country(word.group(1))
    if not country and before.strip():
        country = _country_hint(before)
    return value, country


def _documents(text: str, scheme: str) -> tuple[list[IdentifierRecord], bool]:
    """Identifiers in a Passport Details or NI Number cell, and whether some part had none.

    A cell can hold several documents (``(1) A-333602 (Indian) ... (2) M110522 ...``), a
    context before them (``Jordanian passport numbers (1) K048787 (2) 486298``), and, in
    the passport column, national ID cards, which get ``national_id``.
    """
    text = _collapse(text)
    prefix, items = split_numbered(text)
    if prefix and _parse_document(prefix) is not None:
        items.insert(0, prefix)
        prefix = ""
    single = len(items) == 1 and not prefix
    records: list[IdentifierRecord] = []
    incomplete = False
    for item in items:
        parsed = _parse_document(item)
        if parsed is None:
            incomplete = True
            continue
        value, country = parsed
        if not country and prefix:
            country = _country_hint(prefix)
        kind = scheme
        if scheme == "passport" and _NATIONAL_ID_RE.search(item) and "passport" not in item.lower():
            kind = "national_id"
        label = text if single else f"{prefix} {item}".strip()
        records.append(IdentifierRecord(kind, value, country, label))
    return records, incomplete


def _un_references(text: str) -> list[str]:
    refs = [m.group("ref") for m in _UN_REF_RE.finditer(text)]
    bare = _BARE_UN_REF_RE.match(text.strip())
    if bare:
        refs.insert(0, bare.group("ref"))
    return refs


# --------------------------------------------------------------------------- reading


def _decode(name: str, data: bytes) -> str:
    """UTF-8 if the bytes say so (BOM, or a strict decode succeeds), else Windows-1252.

    Plain ASCII decodes either way. Python's cp1252 codec rejects the five bytes that
    Windows-1252 leaves undefined, which is how a file in neither encoding is caught. A UTF-16
    file, and one mixing UTF-8 characters with other bytes (read as Windows-1252, its UTF-8
    characters would be garbled, a curly quote read as three letters), are refused, named as
    what they are.
    """
    wide = wide_unicode(data)
    if wide is not None:
        raise ParseError(
            name,
            None,
            f"the file is {wide}, not Windows-1252 or UTF-8 as OFSI publishes the ConList: "
            "download it again (re-saved as Unicode text?)",
        )
    if data.startswith(UTF8_BOM):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = exc.start + 3
            line = data[:pos].count(b"\n") + 1
            raise ParseError(
                name, line, f"byte 0x{data[pos]:02X} is not UTF-8 (the file has a UTF-8 BOM)"
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        not_utf8 = exc.start
    utf8 = [m.start() for m in UTF8_SEQUENCE_RE.finditer(data)]
    if len(utf8) >= _MIXED_UTF8_MIN:
        raise ParseError(
            name,
            line_of(data, not_utf8),
            f"byte 0x{data[not_utf8]:02X} is not UTF-8, but {len(utf8)} characters of the file "
            f"are (the first on line {line_of(data, utf8[0])}): two encodings mixed, read "
            "either way some names would be garbled; download the file again",
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            name,
            line,
            f"byte 0x{data[exc.start]:02X} is not Windows-1252 or UTF-8 "
            "(wrong encoding or not a ConList file)",
        ) from exc


def _records(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line of the row's first physical line, fields) for every non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ParseError(name, start, "truncated: the file ends inside a quoted field") from exc
        raise ParseError(name, start, f"malformed CSV row ({exc})") from exc


def _not_conlist(name: str, line: int, fields: list[str], why: str) -> ParseError:
    shown = ",".join(fields)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ParseError(name, line, f"not a UK ConList CSV (header {shown!r}: {why})")


def _read_head(
    name: str, rows: Iterator[tuple[int, list[str]]]
) -> tuple[dt.date, dict[str, int], int]:
    """Check the preamble and the header; return (list date, column index, column count)."""
    try:
        first = next(rows, None)
        if first is None:
            raise ParseError(name, 1, "empty file")
        line, pre = first
        if _collapse(pre[0]).lower() != "last updated":
            raise _not_conlist(name, line, pre, "line 1 is not 'Last Updated,dd/mm/yyyy'")
        iso = _iso_date(pre[1]) if len(pre) > 1 else None
        if iso is None or len(iso) != 10:
            raise _not_conlist(name, line, pre, "no date after 'Last Updated'")
        list_date = dt.date.fromisoformat(iso)
        second = next(rows, None)
        if second is None:
            raise ParseError(name, line + 1, "not a UK ConList CSV (no header after line 1)")
        line, header = second
    except ParseError as exc:
        if exc.message.startswith(("malformed CSV", "truncated")):
            raise ParseError(name, exc.line, f"not a UK ConList CSV ({exc.message})") from exc
        raise
    columns = {_collapse(h): i for i, h in reversed(list(enumerate(header)))}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise _not_conlist(
            name, line, header, f"{len(missing)} ConList columns missing, e.g. {missing[0]!r}"
        )
    return list_date, columns, len(header)


# --------------------------------------------------------------------------- groups


@dataclass
class _Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class _Group:
    reference: str
    line: int
    rows: list[_Row] = field(default_factory=list)


class _Warner:
    """Collects warnings; with ``once_per``, a message is kept once per key (a group's rows
    repeat the same facts, so one bad nationality would otherwise warn on every row)."""

    def __init__(self, name: str):
        self.name = name
        self.warnings: list[ParseWarning] = []
        self._seen: set[tuple[str, str]] = set()

    def __call__(self, line: int, message: str, *, once_per: str = "") -> None:
        if once_per:
            key = (once_per, message)
            if key in self._seen:
                return
            self._seen.add(key)
        self.warnings.append(ParseWarning(self.name, line, message))


def _name(row: _Row) -> str:
    """Name 1..5 then Name 6 (the surname; an entity's whole name is in Name 6 alone)."""
    return _collapse(" ".join(row[c] for c in NAME_COLUMNS))


def _unique(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items))


def _programme(regime: str, line: int, warn: _Warner) -> ProgrammeRecord:
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


def _address(row: _Row) -> tuple[AddressRecord | None, str]:
    """One row's address, and the country words when they are not a known country.

    ConList has no city column: Address 6, the last line before the post code, holds the
    town (Karachi, London) or the province (Baluchistan Province); Address 1..5 are the
    street lines. When Country is empty but Address 1 is a country ("Libya", "Iraq,
    possible alternative location ..."), that is the country.
    """
    lines = [_collapse(row[c]) for c in ADDRESS_LINES]
    last = _collapse(row["Address 6"])
    postal = _collapse(row["Post/Zip Code"])
    country_text = _collapse(row["Country"])
    full = ", ".join(p for p in [*lines, last, postal, country_text] if p)
    if not full:
        return None, ""
    country = _country(country_text)
    unknown = country_text if country_text and not country else ""
    if not country_text and lines[0]:
        country = _country(re.split(r"[,(]", lines[0], maxsplit=1)[0])
    is_region = re.search(r"\b(?:province|region|state|governorate|district|oblast)$", last, re.I)
    return (
        AddressRecord(
            street=", ".join(p for p in lines if p),
            city="" if is_region else last,
            region=last if is_region else "",
            postal_code=postal,
            country=country,
            full=full,
        ),
        unknown,
    )


def _build_entry(group: _Group, warn: _Warner) -> ListEntry:
    ref = group.reference
    rows = group.rows
    once = f"group {ref}"

    primes = [r for r in rows if ALIAS_TYPES.get(r["Alias Type"].lower()) == "prime"]
    if primes:
        prime = primes[0]
    else:
        prime = rows[0]
        warn(prime.line, f"kept: no Prime Alias row, first row's name used (group {ref})")
    primary = _name(prime)

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
    references: list[IdentifierRecord] = [
        IdentifierRecord("list_reference", ref, "", "UK OFSI Group ID")
    ]
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
        name = _name(row)
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
        dob = _collapse(row["DOB"])
        if dob:
            iso = _iso_date(dob)
            if iso is None:
                warn(row.line, f"kept as text: bad DOB {dob!r} (group {ref})", once_per=once)
            dates.append(DateRecord("birth", iso or "", dob))

        # Nationalities.
        for part in split_numbered(row["Nationality"])[1]:
            code = _country(part)
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
            text = _collapse(row[column])
            if not text:
                continue
            found, incomplete = _documents(text, scheme)
            documents.extend(found)
            if incomplete:
                remarks.append(f"{column}: {text}")

        info = _collapse(row["Other Information"])
        if info:
            other.append(info)
            references.extend(
                IdentifierRecord("list_reference", r, "", "UN reference number")
                for r in _un_references(info)
            )
            references.extend(
                IdentifierRecord("imo_number", m.group("value"), "", m.group(0))
                for m in _IMO_RE.finditer(info)
            )
            references.extend(
                IdentifierRecord("mmsi", m.group("value"), "", m.group(0))
                for m in _MMSI_RE.finditer(info)
            )

        regime = _collapse(row["Regime"])
        if regime:
            programmes.append(_programme(regime, row.line, warn))

        listed_on = _collapse(row["Listed On"])
        if listed_on:
            iso = _iso_date(listed_on)
            if iso is None:
                warn(row.line, f"ignored: bad Listed On {listed_on!r} (group {ref})", once_per=once)
            else:
                listed.append(iso)

        if title := _collapse(row["Title"]):
            titles.append(title)
        if position := _collapse(row["Position"]):
            positions.append(position)
        birth = ", ".join(
            p for p in (_collapse(row["Town of Birth"]), _collapse(row["Country of Birth"])) if p
        )
        if birth:
            births.append(birth)

    listed_unique = sorted(set(listed))
    if len(listed_unique) > 1:
        warn(group.line, f"kept the earliest of Listed On {listed_unique} (group {ref})")

    # Identifiers: the first wording of a (scheme, value, country) wins.
    ids: dict[tuple[str, str, str], IdentifierRecord] = {}
    for ident in [*references, *documents]:
        ids.setdefault((ident.scheme, ident.value, ident.country), ident)

    notes = _unique(
        [
            *other,
            *(f"Title: {t}" for t in _unique(titles)),
            *(f"Position: {p}" for p in _unique(positions)),
            *(f"Place of birth: {b}" for b in _unique(births)),
            *remarks,
        ]
    )
    return ListEntry(
        reference=ref,
        kind=kind,
        name=primary,
        programmes=_unique(programmes),
        listed=listed_unique[0] if listed_unique else "",
        aliases=_unique(aliases),
        identifiers=tuple(ids.values()),
        countries=_unique(countries),
        addresses=_unique(addresses),
        # Chronological, so that the digest does not depend on the order of the rows.
        dates=tuple(sorted(set(dates), key=lambda d: (d.date == "", d.date, d.text))),
        notes="\n".join(notes),
        line=group.line,
    )


def parse_file(path: str | Path) -> ParsedSource:
    """Parse a ConList CSV into one :class:`ListEntry` per Group ID, in order of appearance.

    Raises :class:`ParseError` for a file that is not a ConList CSV, is truncated, is in
    neither Windows-1252 nor UTF-8, or has mostly malformed rows; single bad rows are
    skipped with a :class:`ParseWarning`.
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(name, None, f"cannot read file ({exc.strerror})") from exc
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ParseError(name, 1, "empty file")
    text = _decode(name, data)

    rows = _records(name, text)
    list_date, columns, width = _read_head(name, rows)
    body = list(rows)

    if body:
        last_line, last = body[-1]
        if len(last) < width and not text.endswith(("\n", "\r")):
            raise ParseError(
                name,
                last_line,
                f"truncated: the file ends mid-row ({len(last)} of {width} columns)",
            )
    bad = [(line, len(f)) for line, f in body if len(f) != width]
    if bad and len(bad) * 2 > len(body):
        line, found = bad[0]
        raise ParseError(
            name,
            line,
            f"expected {width} columns, found {found} "
            f"({len(bad)} of {len(body)} rows are wrong: wrong file or format)",
        )

    warn = _Warner(name)
    groups: dict[str, _Group] = {}
    wanted = [*REQUIRED_COLUMNS, "Alias Quality"]
    index = {c: columns[c] for c in wanted if c in columns}
    for line, fields in body:
        if len(fields) != width:
            warn(line, f"skipped: expected {width} columns, found {len(fields)}")
            continue
        row = _Row(line, {c: fields[i].strip() for c, i in index.items()})
        ref = _collapse(row["Group ID"])
        if not ref:
            warn(line, "skipped: no Group ID")
            continue
        if not ref.isdigit():
            warn(line, f"skipped: Group ID {ref!r} is not a number")
            continue
        group = groups.setdefault(ref, _Group(ref, line))
        if not _name(row):
            warn(line, f"skipped: empty name (group {ref})")
            continue
        group.rows.append(row)

    entries = [_build_entry(g, warn) for g in groups.values() if g.rows]
    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=sorted(warn.warnings, key=lambda w: w.line),
        files={name: sha},
        list_date=list_date,
    )
