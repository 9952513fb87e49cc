"""Parser for the UN Security Council Consolidated List (XML).

Pure parsing: reads one file and returns :class:`importer.records.ParsedSource`; writes
nothing and needs no database (only Django settings, for country names).

Format (see ``tests/data/un``): root ``CONSOLIDATED_LIST`` with a ``dateGenerated``
attribute, then ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. The file is full of empty
placeholder elements (``<INDIVIDUAL_ALIAS><QUALITY /><ALIAS_NAME /></INDIVIDUAL_ALIAS>``,
``<COUNTRY />``, ``<INDIVIDUAL_DOCUMENT />``): they mean "nothing", not "something empty".

The file comes from outside, so it is parsed with defusedxml: entity declarations (XML
bombs) and external entities are refused, never expanded.

Encodings: the UN publishes UTF-8. UTF-16 is legitimate XML too, and read when the file
says so (a BOM, or an XML declaration naming UTF-16, or none); a UTF-16 file whose
declaration names another encoding, and UTF-32 (which the XML parser does not read), are
refused, named as what they are. A truncated file does not parse (its elements are not
closed): refused as "the file ends too early".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from importer.countries import country_code
from importer.parsers.encoding import UTF8_BOM, WideUnicode, wide_unicode
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    LinkRecord,
    ListEntry,
    NameRecord,
    ParsedSource,
    ParseError,
    ParseWarning,
    ProgrammeRecord,
)

__all__ = ["PROGRAMMES", "SOURCE", "ParseError", "ParseWarning", "detect_script", "parse_file"]

SOURCE = "un-sc"
ROOT = "CONSOLIDATED_LIST"
ENTRY_KINDS = {"INDIVIDUAL": "person", "ENTITY": "organization"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

# UN_LIST_TYPE -> the regime's name with the resolutions that set it up. Keys are folded.
PROGRAMMES = {
    "al-qaida": (
        "ISIL (Da'esh) and Al-Qaida sanctions (resolution 1267 (1999), 1989 (2011) and 2253 (2015))"
    ),
    "taliban": "Taliban sanctions (resolution 1988 (2011))",
    "dprk": "Democratic People's Republic of Korea sanctions (resolution 1718 (2006))",
    "drc": "Democratic Republic of the Congo sanctions (resolution 1533 (2004))",
    "car": "Central African Republic sanctions (resolution 2127 (2013))",
    "iraq": "Iraq sanctions (resolution 1518 (2003))",
    "libya": "Libya sanctions (resolution 1970 (2011))",
    "yemen": "Yemen sanctions (resolution 2140 (2014))",
    "gb": "Guinea-Bissau sanctions (resolution 2048 (2012))",
    "iran": "Iran sanctions (resolution 2231 (2015))",
    "somalia": "Al-Shabaab sanctions (resolution 751 (1992) and 2713 (2023))",
    "al-shabaab": "Al-Shabaab sanctions (resolution 751 (1992) and 2713 (2023))",
    "sudan": "Sudan sanctions (resolution 1591 (2005))",
    "south sudan": "South Sudan sanctions (resolution 2206 (2015))",
    "mali": "Mali sanctions (resolution 2374 (2017))",
    "haiti": "Haiti sanctions (resolution 2653 (2022))",
}

# Alias QUALITY -> (AliasKind value, weak). Individuals say Good/Low, entities a.k.a./f.k.a.
ALIAS_QUALITIES = {
    "good": ("aka", False),
    "low": ("aka", True),
    "a.k.a.": ("aka", False),
    "aka": ("aka", False),
    "f.k.a.": ("fka", False),
    "fka": ("fka", False),
    "n.k.a.": ("nka", False),
    "nka": ("nka", False),
}

DOCUMENT_SCHEMES = {
    "passport": "passport",
    "national identification number": "national_id",
    "national identity card": "national_id",
    "national identification card": "national_id",
    "national id": "national_id",
    "identity card": "national_id",
}

# Another entry cited in the comments: "Associated with Jaish-i-Mohammed (QDe.019)".
_REFERENCE_RE = re.compile(r"\(([A-Z]{2}[ie]\.\d{3})\)")
# Sentence ends: a full stop before a capital (so "21 Jun. 2010" stays in one piece).
_SENTENCE_RE = re.compile(r"(?<=\.)\s+(?=[A-Z])")
# Sentences that cite a former entry merged into this one (QDe.005 and QDe.073): no link.
_MERGED_RE = re.compile(r"appeared also as|consolidated into this", re.I)
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# "CAR diplomatic passport no. D00000897": words, then the number itself.
_NUMBER_WITH_WORDS_RE = re.compile(
    r"^(?P<words>.*?\S)\s+no\.?\s*(?P<number>[A-Z0-9][\w./-]*)$", re.I
)
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENCODING_TEXT_RE = re.compile(_ENCODING_RE.pattern.decode("ascii"))
_QUOTE_PAIRS = {('"', '"'), ("\u201c", "\u201d"), ("\u201d", "\u201d")}

# Unicode blocks -> ISO 15924 code, for NAME_ORIGINAL_SCRIPT.
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x3130, 0x318F, "Hang"),
    (0xAC00, 0xD7AF, "Hang"),
    (0x1200, 0x137F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x3040, 0x30FF, "Jpan"),  # kana: Japanese, whatever the kanji around them
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xF900, 0xFAFF, "Hani"),
    (0x20000, 0x2FFFF, "Hani"),
)


def detect_script(text: str) -> str:
    """ISO 15924 code of the script most of ``text``'s letters are in; "" if none known.

    Kana anywhere make it ``Jpan`` (kanji alone stay ``Hani``: Chinese and Japanese share
    them, and the list does not say which).
    """
    counts: dict[str, int] = {}
    for char in text:
        cp = ord(char)
        if cp < 0x41 or not char.isalpha():
            continue
        for low, high, script in _SCRIPT_RANGES:
            if low <= cp <= high:
                counts[script] = counts.get(script, 0) + 1
                break
    if not counts:
        return ""
    if "Jpan" in counts:
        return "Jpan"
    return max(counts, key=lambda s: counts[s])


# --------------------------------------------------------------------------- reading


class _WrongRoot(Exception):
    def __init__(self, tag: str, line: int):
        super().__init__(tag)
        self.tag = tag
        self.line = line


class _LineRecorder:
    """A TreeBuilder that also records the line of each element's start tag.

    ElementTree keeps no positions; the expat parser underneath knows the current line while
    it reports a start tag. Also stops at once on a wrong root, before reading a whole
    unrelated file.
    """

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.lines: dict[ET.Element, int] = {}
        self.expat = None  # the expat parser, set once the XMLParser exists
        self._root_seen = False

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        line = self.expat.CurrentLineNumber
        if not self._root_seen:
            self._root_seen = True
            if tag != ROOT:
                raise _WrongRoot(tag, line)
        elem = self._builder.start(tag, attrs)
        self.lines[elem] = line
        return elem

    def end(self, tag: str) -> ET.Element:
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def _declared_encoding(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        return "utf-8-sig"
    wide = wide_unicode(data)
    if wide is not None:
        return wide.codec
    m = _ENCODING_RE.match(data[:200])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def _check_wide(name: str, data: bytes, wide: WideUnicode) -> None:
    """Refuse a UTF-16 file that declares another encoding, and UTF-32 (expat reads neither)."""
    if wide.name != "UTF-16":
        raise ParseError(
            name, None, f"the file is {wide}: the XML parser reads UTF-8 and UTF-16 only"
        )
    m = _ENCODING_TEXT_RE.match(wide.head(data))
    declared = m.group(1) if m else ""
    if declared and declared.lower().replace("-", "").replace("_", "") not in (
        "utf16",
        f"utf16{wide.order[0]}e",
    ):
        raise ParseError(
            name,
            1,
            f"the file is {wide}, but its XML declaration says {declared!r}: re-saved without "
            "updating the declaration? download it again",
        )


def _check_encoding(name: str, data: bytes) -> None:
    """Raise ParseError naming the line of the first byte invalid in the declared encoding.

    Expat would only say "not well-formed (invalid token)"; a file re-saved as cp1252 while
    still declaring utf-8 deserves a message that says so.
    """
    encoding = _declared_encoding(data)
    try:
        data.decode(encoding)
    except LookupError as exc:
        raise ParseError(name, 1, f"unknown encoding {encoding!r} in the XML declaration") from exc
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(encoding, errors="replace")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        if exc.end == len(data) and "end of data" in exc.reason:
            raise ParseError(
                name, line, "the file ends in the middle of a character (truncated?)"
            ) from exc
        raise ParseError(
            name,
            line,
            f"byte 0x{data[exc.start]:02X} (column {column}) is not valid {encoding}, "
            "the encoding the file declares: wrong encoding (re-saved file?)",
        ) from exc


def _parse_xml(name: str, data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse safely; return (root, element -> line). Raise ParseError on any problem."""
    if not data.strip():
        raise ParseError(name, None, "empty file")
    wide = wide_unicode(data)
    if wide is not None:
        head = wide.head(data, 40)
    else:
        head = data.removeprefix(UTF8_BOM)[:200].decode("ascii", "replace")
    if not head.lstrip(" \t\r\n").startswith("<"):
        # A CSV or other text given as the UN list: say so before any encoding complaint.
        first = head.lstrip(" \t\r\n").splitlines()[0][:40]
        raise ParseError(
            name, 1, f"not an XML file (it starts with {first!r}); un-sc takes the UN list's XML"
        )
    if wide is not None:
        _check_wide(name, data, wide)
    _check_encoding(name, data)
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=False)
    recorder.expat = parser.parser
    stage = "feed"
    try:
        parser.feed(data)
        stage = "close"
        root = parser.close()
    except _WrongRoot as exc:
        raise ParseError(
            name, exc.line, f"not a UN consolidated list (root element is {exc.tag})"
        ) from None
    except EntitiesForbidden as exc:
        line = parser.parser.CurrentLineNumber
        if exc.sysid or exc.pubid:
            message = (
                f"external entities are not allowed (entity {exc.name!r} refers to "
                f"{exc.sysid or exc.pubid}); refusing to read the file"
            )
        else:
            message = (
                f"entity declarations are not allowed (entity {exc.name!r}; an XML bomb?); "
                "refusing to read the file"
            )
        raise ParseError(name, line, message) from None
    except ExternalReferenceForbidden as exc:
        line = parser.parser.CurrentLineNumber
        raise ParseError(
            name, line, f"external entities are not allowed (reference to {exc.sysid})"
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code)
        if stage == "close":
            message = (
                f"malformed XML: {reason} at column {column}: the file ends too early (truncated?)"
            )
        else:
            message = f"malformed XML: {reason} at column {column}"
        raise ParseError(name, line, message) from None
    return root, recorder.lines


# --------------------------------------------------------------------------- helpers


def _clean(text: str | None) -> str:
    """Strip and collapse whitespace (the list wraps long values over several lines)."""
    return " ".join(text.split()) if text else ""


def _child(parent: ET.Element, tag: str) -> str:
    found = parent.find(tag)
    return _clean(found.text) if found is not None else ""


def _values(parent: ET.Element, tag: str) -> list[ET.Element]:
    """The non-empty VALUE children of each ``tag`` child (NATIONALITY, TITLE, ...)."""
    return [v for group in parent.findall(tag) for v in group.findall("VALUE") if _clean(v.text)]


def _iso_partial(value: str) -> str | None:
    """``1978-04-28``, ``1978-04``, ``1978`` (``-00`` parts dropped); None if not a date."""
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if int(year) == 0:
        return None
    if month in (None, "00"):
        return year if day in (None, "00") else None
    if not 1 <= int(month) <= 12:
        return None
    if day in (None, "00"):
        return f"{year}-{month}"
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}"


def _unquote(name: str) -> str:
    """'"KOMID"' -> 'KOMID': quotes around a whole alias are not part of the name."""
    if len(name) > 2 and (name[0], name[-1]) in _QUOTE_PAIRS and name[0] not in name[1:-1]:
        return name[1:-1].strip()
    return name


def _dedupe(items: list) -> tuple:
    return tuple(dict.fromkeys(items))


@dataclass
class _Context:
    """The file being read: where to record warnings, and element lines."""

    file: str
    lines: dict[ET.Element, int]
    warnings: list[ParseWarning] = field(default_factory=list)
    unknown_programmes: set[str] = field(default_factory=set)

    def line(self, elem: ET.Element) -> int:
        return self.lines.get(elem, 0)

    def warn(self, elem: ET.Element, message: str) -> None:
        self.warnings.append(ParseWarning(self.file, self.line(elem), message))

    def country(self, elem: ET.Element, name: str, what: str, ref: str) -> str:
        """ISO code of a country name, or "" with a warning when unrecognised."""
        code = country_code(name)
        if not code:
            self.warn(elem, f"kept as words: unrecognised {what} country {name!r} ({ref})")
        return code


# --------------------------------------------------------------------------- fields


def _name(elem: ET.Element, kind: str) -> str:
    if kind == "INDIVIDUAL":
        return _clean(" ".join(_child(elem, tag) for tag in NAME_PARTS))
    return _child(elem, "FIRST_NAME")


def _aliases(ctx: _Context, elem: ET.Element, kind: str, name: str, ref: str) -> tuple:
    """Native-script name first, then the aliases in file order, without repeats.

    One ALIAS_NAME sometimes holds several names separated by "; " (the list's own way of
    writing spelling variants): each becomes an alias of the same quality.
    """
    records: list[NameRecord] = []
    seen = {name.casefold()}
    original = _child(elem, "NAME_ORIGINAL_SCRIPT")
    if original:
        records.append(NameRecord(original, kind="native_script", script=detect_script(original)))
    for alias in elem.findall(f"{kind}_ALIAS"):
        alias_name = _child(alias, "ALIAS_NAME")
        quality = _child(alias, "QUALITY")
        if not alias_name:
            ctx.warn(alias, f"skipped: empty alias ({ref})")
            continue
        if quality.casefold() in ALIAS_QUALITIES:
            alias_kind, weak = ALIAS_QUALITIES[quality.casefold()]
        else:
            alias_kind, weak = "aka", False
            what = f"unknown QUALITY {quality!r}" if quality else "no QUALITY"
            ctx.warn(alias, f"kept as a.k.a.: alias {alias_name!r} has {what} ({ref})")
        for part in alias_name.split(";"):
            part = _unquote(part.strip())
            if part and part.casefold() not in seen:
                seen.add(part.casefold())
                records.append(NameRecord(part, kind=alias_kind, weak=weak))
    return tuple(records)


def _programmes(ctx: _Context, elem: ET.Element, ref: str) -> tuple:
    code = _child(elem, "UN_LIST_TYPE")
    if not code:
        ctx.warn(elem, f"kept: no UN_LIST_TYPE ({ref})")
        return ()
    name = PROGRAMMES.get(code.casefold())
    if name is None:
        name = code
        if code not in ctx.unknown_programmes:
            ctx.unknown_programmes.add(code)
            ctx.warn(elem, f"kept: unknown UN_LIST_TYPE {code!r}, named by its code ({ref})")
    return (ProgrammeRecord(code=code, name=name),)


def _listed(ctx: _Context, elem: ET.Element, ref: str) -> str:
    value = _child(elem, "LISTED_ON")
    iso = _iso_partial(value) if value else ""
    if iso is None:
        ctx.warn(elem, f"kept without listing date: unparsable LISTED_ON {value!r} ({ref})")
        return ""
    return iso


def _birth_date(ctx: _Context, dob: ET.Element, ref: str) -> DateRecord | None:
    """One INDIVIDUAL_DATE_OF_BIRTH; None for the empty placeholders."""
    type_ = _child(dob, "TYPE_OF_DATE").upper()
    date, year = _child(dob, "DATE"), _child(dob, "YEAR")
    from_year, to_year = _child(dob, "FROM_YEAR"), _child(dob, "TO_YEAR")
    note = _child(dob, "NOTE")
    if not (date or year or from_year or to_year or note):
        return None
    approximate = False
    if type_ == "BETWEEN" or ((from_year or to_year) and not (date or year)):
        text = f"BETWEEN {from_year} AND {to_year}"
        start, end = _iso_partial(from_year), _iso_partial(to_year)
        value = f"{start}/{end}" if start and end else ""
    else:
        raw = date or year
        value = (_iso_partial(raw) or "") if raw else ""
        approximate = type_ == "APPROXIMATELY"
        text = f"APPROXIMATELY {raw}" if approximate else raw
        if type_ not in ("EXACT", "APPROXIMATELY", ""):
            text = f"{type_} {raw}"
            ctx.warn(dob, f"kept: unknown TYPE_OF_DATE {type_!r} ({ref})")
    if note:
        text = f"{text} ({note})" if text else note
    if not value:
        ctx.warn(dob, f"kept as words: unparsable date of birth {text!r} ({ref})")
    return DateRecord(kind="birth", date=value, text=text, approximate=approximate)


def _address(ctx: _Context, elem: ET.Element, ref: str) -> AddressRecord | None:
    street, city = _child(elem, "STREET"), _child(elem, "CITY")
    region, postal = _child(elem, "STATE_PROVINCE"), _child(elem, "ZIP_CODE")
    country_name, note = _child(elem, "COUNTRY"), _child(elem, "NOTE")
    if not (street or city or region or postal or country_name or note):
        return None
    code = ctx.country(elem, country_name, "address", ref) if country_name else ""
    full = ", ".join(_dedupe([p for p in (street, city, region, postal, country_name) if p]))
    if note:
        full = f"{full} ({note})" if full else note
    return AddressRecord(
        street=street, city=city, region=region, postal_code=postal, country=code, full=full
    )


def _place_of_birth(elem: ET.Element) -> str:
    parts = [_child(elem, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")]
    # IQi.005 repeats the town as STREET and CITY.
    return ", ".join(_dedupe([p for p in parts if p]))


def _document(ctx: _Context, doc: ET.Element, ref: str) -> IdentifierRecord | None:
    """One INDIVIDUAL_DOCUMENT; None for the empty placeholders."""
    type_ = _child(doc, "TYPE_OF_DOCUMENT")
    type2 = _child(doc, "TYPE_OF_DOCUMENT2")
    number = _child(doc, "NUMBER")
    issuer = _child(doc, "ISSUING_COUNTRY") or _child(doc, "COUNTRY_OF_ISSUE")
    city, issued, note = (
        _child(doc, "CITY_OF_ISSUE"),
        _child(doc, "DATE_OF_ISSUE"),
        _child(doc, "NOTE"),
    )
    if not number:
        if type_ or type2 or issuer or note:
            ctx.warn(doc, f"skipped: document {type_ or type2!r} without NUMBER ({ref})")
        return None
    words = ""
    m = _NUMBER_WITH_WORDS_RE.match(number)
    if m and any(ch.isdigit() for ch in m.group("number")):
        words, number = m.group("words"), m.group("number")
    scheme = DOCUMENT_SCHEMES.get(type_.casefold().rstrip(". "), "other")
    code = ctx.country(doc, issuer, "document issuing", ref) if issuer else ""
    label_parts = [
        type_,
        type2,
        words,
        f"issued in {city}" if city else "",
        f"issued by {issuer}" if issuer and not code else "",
        f"issued {issued}" if issued else "",
        note,
    ]
    label = "; ".join(_dedupe([p for p in label_parts if p]))
    return IdentifierRecord(scheme=scheme, value=number, country=code, label=label)


def _links(comments: str, ref: str) -> tuple:
    """Entries the comments cite by reference number, e.g. "(QDe.004)"."""
    links: dict[str, LinkRecord] = {}
    for sentence in _SENTENCE_RE.split(comments):
        if _MERGED_RE.search(sentence):
            continue
        for target in _REFERENCE_RE.findall(sentence):
            if target == ref or target in links:
                continue
            kind = "associate_of" if re.search(r"\bassociat", sentence, re.I) else "linked_to"
            links[target] = LinkRecord(target=target, by="reference", kind=kind, text=sentence)
    return tuple(links.values())


# --------------------------------------------------------------------------- entries


def _entry(ctx: _Context, elem: ET.Element) -> ListEntry | None:
    kind = elem.tag
    ref = _child(elem, "REFERENCE_NUMBER")
    if not ref:
        ctx.warn(elem, f"skipped: entry without REFERENCE_NUMBER (DATAID {_child(elem, 'DATAID')})")
        return None
    name = _name(elem, kind)
    if not name:
        ctx.warn(elem, f"skipped: entry {ref} has no name (DATAID {_child(elem, 'DATAID')})")
        return None

    notes: list[str] = []
    comments = _child(elem, "COMMENTS1")
    if comments:
        notes.append(comments)
    for tag, label in (("TITLE", "Title"), ("DESIGNATION", "Designation")):
        values = _dedupe([_clean(v.text) for v in _values(elem, tag)])
        if values:
            notes.append(f"{label}: {'; '.join(values)}")

    countries: list[CountryRecord] = []
    for value in _values(elem, "NATIONALITY"):
        country_name = _clean(value.text)
        code = ctx.country(value, country_name, "nationality", ref)
        if code:
            countries.append(CountryRecord(code, "nationality"))
        else:
            notes.append(f"Nationality: {country_name}")

    addresses = [a for a in (_address(ctx, e, ref) for e in elem.findall(f"{kind}_ADDRESS")) if a]
    countries += [CountryRecord(a.country, "located_in") for a in addresses if a.country]

    dates = [
        d for d in (_birth_date(ctx, e, ref) for e in elem.findall(f"{kind}_DATE_OF_BIRTH")) if d
    ]
    for place in (_place_of_birth(e) for e in elem.findall(f"{kind}_PLACE_OF_BIRTH")):
        if place:
            notes.append(f"Place of birth: {place}")

    identifiers = [
        i for i in (_document(ctx, e, ref) for e in elem.findall(f"{kind}_DOCUMENT")) if i
    ]
    identifiers.append(IdentifierRecord("list_reference", ref, label="UN reference number"))

    return ListEntry(
        reference=ref,
        kind=ENTRY_KINDS[kind],
        name=name,
        programmes=_programmes(ctx, elem, ref),
        listed=_listed(ctx, elem, ref),
        aliases=_aliases(ctx, elem, kind, name, ref),
        identifiers=_dedupe(identifiers),
        countries=_dedupe(countries),
        addresses=_dedupe(addresses),
        dates=_dedupe(dates),
        links=_links(comments, ref),
        notes="\n".join(_dedupe(notes)),
        line=ctx.line(elem),
    )


def _entry_elements(root: ET.Element) -> list[ET.Element]:
    """INDIVIDUAL and ENTITY elements in file order, under their section or directly."""
    found = []
    for child in root:
        if child.tag in ENTRY_KINDS:
            found.append(child)
        else:
            found.extend(e for e in child if e.tag in ENTRY_KINDS)
    return found


def _list_date(ctx: _Context, root: ET.Element) -> dt.date | None:
    generated = root.get("dateGenerated", "").strip()
    try:
        return dt.date.fromisoformat(generated[:10])
    except ValueError:
        ctx.warn(root, f"no list date: dateGenerated is {generated!r}")
        return None


def parse_file(path: str | Path) -> ParsedSource:
    """Parse a UN consolidated list XML file into normalised records.

    Raises ParseError when the file cannot be used at all (unreadable, not XML, unsafe XML,
    not the UN list, no entries); a single bad entry or field only adds a ParseWarning.
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(name, None, f"cannot read file ({exc.strerror})") from exc
    sha = hashlib.sha256(data).hexdigest()
    root, lines = _parse_xml(name, data)
    ctx = _Context(name, lines)
    list_date = _list_date(ctx, root)

    elements = _entry_elements(root)
    if not elements:
        # An empty list would read as "everyone delisted": refuse it rather than import it.
        raise ParseError(name, ctx.line(root), "no INDIVIDUAL or ENTITY entries in the list")
    entries: list[ListEntry] = []
    first_line: dict[str, int] = {}
    for elem in elements:
        entry = _entry(ctx, elem)
        if entry is None:
            continue
        if entry.reference in first_line:
            ctx.warn(
                elem,
                f"skipped: duplicate REFERENCE_NUMBER {entry.reference} "
                f"(first at line {first_line[entry.reference]})",
            )
            continue
        first_line[entry.reference] = ctx.line(elem)
        entries.append(entry)

    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=sorted(ctx.warnings, key=lambda w: w.line),
        files={name: sha},
        list_date=list_date,
    )
