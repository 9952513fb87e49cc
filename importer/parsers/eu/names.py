"""An entity's names: the primary name chosen among its ``nameAlias``, the others as
aliases with their language and script, and what the aliases say of the person (gender,
titles, functions).

FSF 1.1 marks no name as the main one. The primary name is the first alias that has
structured name parts (a person's ``firstName``/``lastName``), else the first in Latin
script in English or no stated language, else the first: the EU's own web view shows
that one first too, and it is never a translation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importer.parsers.common import collapse, unique
from importer.parsers.eu.elements import Context, attr, remarks
from importer.parsers.un.scripts import detect_script
from importer.records import NameRecord

GENDERS = {"M": "male", "F": "female"}
# Alias quality is only given as a remark ("good quality alias", "low quality aliias").
_LOW_QUALITY_RE = re.compile(r"^\s*low\s+quality\s+ali+as\b", re.I)
_GOOD_QUALITY_RE = re.compile(r"^\s*good\s+quality\s+ali+as\b", re.I)


@dataclass(frozen=True)
class Alias:
    """One nameAlias, read."""

    name: str
    language: str  # ISO 639-1, lower case, or ""
    script: str  # ISO 15924, or "" for Latin
    weak: bool
    structured: bool  # has firstName / middleName / lastName
    notes: tuple[str, ...]  # its remarks other than the quality


def _alias(ctx: Context, elem: ET.Element) -> Alias | None:
    parts = [attr(elem, n) for n in ("firstName", "middleName", "lastName")]
    name = attr(elem, "wholeName") or collapse(" ".join(parts))
    if not name:
        ctx.warn(elem, f"skipped: empty nameAlias (logicalId {attr(elem, 'logicalId')})")
        return None
    weak = attr(elem, "strong").lower() == "false"
    notes = []
    for remark in remarks(elem):
        if _LOW_QUALITY_RE.match(remark):
            weak = True
        elif not _GOOD_QUALITY_RE.match(remark):
            notes.append(f"Name {name}: {remark}")
    script = detect_script(name)
    return Alias(
        name=name,
        language=attr(elem, "nameLanguage").lower(),
        script="" if script == "Latn" else script,
        weak=weak,
        structured=any(parts),
        notes=tuple(notes),
    )


def _rank(alias: Alias) -> tuple[bool, bool, bool]:
    latin_default = not alias.script and alias.language in ("", "en")
    return (alias.structured, latin_default, not alias.weak)


@dataclass(frozen=True)
class Names:
    primary: str
    aliases: tuple[NameRecord, ...]
    notes: tuple[str, ...]  # gender, titles, functions, name remarks


def names_of(ctx: Context, entity: ET.Element) -> Names | None:
    """The entity's names; None when it has none (the caller skips it)."""
    elements = entity.findall("nameAlias")
    read = [(e, a) for e in elements if (a := _alias(ctx, e))]
    if not read:
        return None
    best = max(read, key=lambda pair: _rank(pair[1]))[1]  # max keeps the first of equals
    seen = {best.name.casefold()}
    aliases: list[NameRecord] = []
    for _, alias in read:
        if alias.name.casefold() in seen:
            continue
        seen.add(alias.name.casefold())
        aliases.append(
            NameRecord(
                name=alias.name,
                kind="aka",
                weak=alias.weak,
                script=alias.script,
                language=alias.language,
            )
        )
    notes: list[str] = []
    genders = unique(GENDERS.get(attr(e, "gender").upper(), "") for e, _ in read)
    genders = tuple(g for g in genders if g)
    if genders:
        notes.append(f"Gender: {', '.join(genders)}")
    for field, label in (("title", "Title"), ("function", "Function")):
        values = unique(v for e, _ in read if (v := attr(e, field)))
        if values:
            notes.append(f"{label}: {'; '.join(values)}")
    for e, _ in read:
        value = attr(e, "gender").upper()
        if value and value not in GENDERS:
            ctx.warn(e, f"kept as words: unknown gender {value!r}")
            notes.append(f"Gender: {value}")
    notes.extend(note for _, a in read for note in a.notes)
    return Names(best.name, tuple(aliases), tuple(unique(notes)))
