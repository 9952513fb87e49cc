"""An entry's names, programmes, addresses, documents and links, read from its elements."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from importer.parsers.common import collapse, unique
from importer.parsers.un.elements import Context, child_text
from importer.parsers.un.scripts import detect_script
from importer.records import (
    AddressRecord,
    IdentifierRecord,
    LinkRecord,
    NameRecord,
    ProgrammeRecord,
)

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
_QUOTE_PAIRS = {('"', '"'), ("\u201c", "\u201d"), ("\u201d", "\u201d")}


def _unquote(name: str) -> str:
    """'"KOMID"' -> 'KOMID': quotes around a whole alias are not part of the name."""
    if len(name) > 2 and (name[0], name[-1]) in _QUOTE_PAIRS and name[0] not in name[1:-1]:
        return name[1:-1].strip()
    return name


def primary_name(elem: ET.Element, kind: str) -> str:
    if kind == "INDIVIDUAL":
        return collapse(" ".join(child_text(elem, tag) for tag in NAME_PARTS))
    return child_text(elem, "FIRST_NAME")


def aliases_of(ctx: Context, elem: ET.Element, kind: str, name: str, ref: str) -> tuple:
    """Native-script name first, then the aliases in file order, without repeats.

    One ALIAS_NAME sometimes holds several names separated by "; " (the list's own way of
    writing spelling variants): each becomes an alias of the same quality.
    """
    records: list[NameRecord] = []
    seen = {name.casefold()}
    original = child_text(elem, "NAME_ORIGINAL_SCRIPT")
    if original:
        records.append(NameRecord(original, kind="native_script", script=detect_script(original)))
    for alias in elem.findall(f"{kind}_ALIAS"):
        alias_name = child_text(alias, "ALIAS_NAME")
        quality = child_text(alias, "QUALITY")
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


def programmes_of(ctx: Context, elem: ET.Element, ref: str) -> tuple:
    code = child_text(elem, "UN_LIST_TYPE")
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


def address_of(ctx: Context, elem: ET.Element, ref: str) -> AddressRecord | None:
    street, city = child_text(elem, "STREET"), child_text(elem, "CITY")
    region, postal = child_text(elem, "STATE_PROVINCE"), child_text(elem, "ZIP_CODE")
    country_name, note = child_text(elem, "COUNTRY"), child_text(elem, "NOTE")
    if not (street or city or region or postal or country_name or note):
        return None
    code = ctx.country(elem, country_name, "address", ref) if country_name else ""
    full = ", ".join(unique([p for p in (street, city, region, postal, country_name) if p]))
    if note:
        full = f"{full} ({note})" if full else note
    return AddressRecord(
        street=street, city=city, region=region, postal_code=postal, country=code, full=full
    )


def place_of_birth(elem: ET.Element) -> str:
    parts = [
        child_text(elem, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")
    ]
    # IQi.005 repeats the town as STREET and CITY.
    return ", ".join(unique([p for p in parts if p]))


def document_of(ctx: Context, doc: ET.Element, ref: str) -> IdentifierRecord | None:
    """One INDIVIDUAL_DOCUMENT; None for the empty placeholders."""
    type_ = child_text(doc, "TYPE_OF_DOCUMENT")
    type2 = child_text(doc, "TYPE_OF_DOCUMENT2")
    number = child_text(doc, "NUMBER")
    issuer = child_text(doc, "ISSUING_COUNTRY") or child_text(doc, "COUNTRY_OF_ISSUE")
    city, issued, note = (
        child_text(doc, "CITY_OF_ISSUE"),
        child_text(doc, "DATE_OF_ISSUE"),
        child_text(doc, "NOTE"),
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
    label = "; ".join(unique([p for p in label_parts if p]))
    return IdentifierRecord(scheme=scheme, value=number, country=code, label=label)


def links_in(comments: str, ref: str) -> tuple:
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
