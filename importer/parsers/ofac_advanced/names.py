"""A party's names: each ``Alias`` holds one ``DocumentedName`` per script, built from
``DocumentedNamePart``s whose role (last name, first name, entity name...) comes through
the identity's ``NamePartGroups``.

Names are written as OFAC's legacy CSV writes them ("HANIYA, Ismail Abdul Salah": last
names, a comma, the other parts in order), so that both forms of the list agree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importer.parsers.common import collapse, unique
from importer.parsers.ofac_advanced.references import References
from importer.parsers.un.scripts import detect_script
from importer.records import NameRecord, ParseError

ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka", "name": "aka"}
# OFAC's script names -> ISO 15924; a script not here is told from the letters.
SCRIPTS = {
    "latin": "Latn",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "chinese simplified": "Hans",
    "chinese traditional": "Hant",
    "korean": "Kore",
    "hebrew": "Hebr",
    "greek": "Grek",
    "georgian": "Geor",
    "armenian": "Armn",
    "thai": "Thai",
}
SURNAMES = {"last name", "maiden name"}


@dataclass(frozen=True)
class Names:
    name: str
    aliases: tuple[NameRecord, ...]


@dataclass(frozen=True)
class _Written:
    text: str
    script: str  # ISO 15924
    primary_latin: bool


def _part_types(refs: References, identity: ET.Element, lines, ref: str) -> dict[str, str]:
    types = {}
    for group in identity.iterfind("NamePartGroups/MasterNamePartGroup/NamePartGroup"):
        types[group.get("ID", "")] = refs.text(
            "NamePartType", group.get("NamePartTypeID"), lines(group), ref
        ).casefold()
    return types


def _written(refs, documented: ET.Element, types, lines, ref: str) -> _Written | None:
    surnames, others, scripts = [], [], []
    for value in documented.iterfind("DocumentedNamePart/NamePartValue"):
        text = collapse(value.text)
        if not text:
            continue
        group = value.get("NamePartGroupID", "")
        if group not in types:
            raise ParseError(
                refs.file,
                lines(value),
                f"NamePartGroupID {group!r} is not among the identity's NamePartGroups",
                entry=ref,
            )
        (surnames if types[group] in SURNAMES else others).append(text)
        if value.get("ScriptID"):
            script = refs.get("Script", value.get("ScriptID"), lines(value), ref)
            scripts.append(script.attrs.get("ScriptCode") or script.text)
    if not (surnames or others):
        return None
    if surnames and others:
        text = f"{' '.join(surnames)}, {' '.join(others)}"
    else:
        text = " ".join(surnames or others)
    script = SCRIPTS.get(scripts[0].casefold(), "") if scripts else ""
    status = ""
    if documented.get("DocNameStatusID"):  # optional in the schema
        status = refs.text(
            "DocNameStatus", documented.get("DocNameStatusID"), lines(documented), ref
        )
    return _Written(text, script or detect_script(text), status.casefold() == "primary latin")


def names_of(refs: References, identity: ET.Element, lines, ref: str) -> Names:
    """The primary name (the primary alias's Latin name) and every other name, in order."""
    types = _part_types(refs, identity, lines, ref)
    primary = ""
    records: list[NameRecord] = []
    for alias in identity.iterfind("Alias"):
        kind_text = refs.text("AliasType", alias.get("AliasTypeID"), lines(alias), ref)
        kind = ALIAS_KINDS.get(kind_text.casefold(), "aka")
        is_primary = alias.get("Primary", "false").lower() == "true"
        weak = alias.get("LowQuality", "false").lower() == "true"
        written = [
            w
            for w in (
                _written(refs, d, types, lines, ref) for d in alias.iterfind("DocumentedName")
            )
            if w is not None
        ]
        if is_primary and not primary and written:
            latin = [w for w in written if w.primary_latin or w.script == "Latn"]
            chosen = (latin or written)[0]
            primary = chosen.text
            written = [w for w in written if w is not chosen]
            for w in written:
                records.append(NameRecord(w.text, kind="native_script", script=w.script))
            continue
        for w in written:
            script = "" if w.script == "Latn" else w.script
            records.append(NameRecord(w.text, kind=kind, weak=weak, script=script))
    names = unique(r for r in records if r.name != primary)
    return Names(primary, names)
