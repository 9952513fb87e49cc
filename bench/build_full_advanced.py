#!/usr/bin/env python
"""Build a full-size OFAC advanced XML (the shape of SDN_ADVANCED.XML) from the real excerpt
in tests/data/ofac-xml.

    .venv/bin/python bench/build_full_advanced.py /tmp/sdn_advanced_full.xml [--parties 18000]

``--parties`` is rounded to whole copies of the 70 templates (18,000: 257 copies, 17,990).

The excerpt's 70 real parties (21 individuals, 49 entities, with their 147 sanctions
entries, 66 documents, 93 locations and 33 relationships) are the templates. Copy ``k`` of
each record gets every record ID shifted by ``k * 10**8`` (``FixedRef``, profile, identity,
name, name-part group, feature, location, document, entry, relationship IDs, and every
reference to one of them), so that all references resolve inside the copy; a generated word
is added to the first part of each of its names (``HANIYA KAVORI, Ismail Abdul Salah``) and
``-k`` to each document number, so that names and identifiers are unique. The
``ReferenceValueSets`` are written once, as in a real file. Relationships stay inside a copy
(copy ``k`` of a subsidiary is owned by copy ``k`` of its parent).

Written as OFAC writes it: the excerpt's namespace and indentation, CRLF line endings,
UTF-8, records streamed (the file is never held whole in memory). Deterministic.
"""

from __future__ import annotations

import argparse
import copy
import random
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tests" / "data" / "ofac-xml" / "cons_advanced-2020-03-17-excerpt.xml"
# Attributes that hold a record's ID or a reference to one (not to a reference value).
RECORD_IDS = {
    "ID",
    "FixedRef",
    "FeatureVersionID",
    "IdentityID",
    "IssuedIn-LocationID",
    "DocumentedNameID",
    "NamePartGroupID",
    "LocationID",
    "From-ProfileID",
    "To-ProfileID",
    "SanctionsEntryID",
    "ProfileID",
    "IDRegDocumentID",
}
RECORD_SECTIONS = (
    "Locations",
    "IDRegDocuments",
    "DistinctParties",
    "ProfileRelationships",
    "SanctionsEntries",
)
SHIFT = 10**8
SYLLABLES = ("ka", "vo", "ri", "ta", "mel", "dun", "sa", "ro", "bek", "li", "no", "zar")


def word(k: int) -> str:
    """A pronounceable word, one per copy (``KAVORI``)."""
    rng = random.Random(k)
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).upper() + str(k)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def shifted(record: ET.Element, k: int) -> ET.Element:
    """Copy ``k`` of a record: IDs shifted, names and document numbers made unique."""
    if k == 0:
        return record
    out = copy.deepcopy(record)
    for elem in out.iter():
        for name, value in elem.attrib.items():
            if name in RECORD_IDS and value.isdigit():
                elem.set(name, str(int(value) + k * SHIFT))
        tag = _local(elem.tag)
        if tag == "DocumentedName":
            parts = [v for v in elem.iter() if _local(v.tag) == "NamePartValue" and v.text]
            if parts:
                parts[0].text = f"{parts[0].text} {word(k)}"
        elif tag == "IDRegistrationNo" and elem.text:
            elem.text = f"{elem.text}-{k}"
    return out


def build(target: Path, parties: int) -> dict[str, int]:
    tree = ET.parse(EXCERPT)
    root = tree.getroot()
    ns = root.tag[1:].split("}")[0]
    ET.register_namespace("", ns)
    sections = {_local(child.tag): child for child in root}
    templates = len(sections["DistinctParties"])
    copies = max(1, round(parties / templates))  # whole copies: every reference resolves
    counts = dict.fromkeys(RECORD_SECTIONS, 0)
    with target.open("w", encoding="utf-8", newline="\r\n") as out:
        out.write('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n')
        out.write(f'<Sanctions xmlns="{ns}" Version="3">\n')
        for child in root:
            name = _local(child.tag)
            if name not in RECORD_SECTIONS:
                out.write("  " + _text(child, ns) + "\n")
                continue
            out.write(f"  <{name}>\n")
            for k in range(copies):
                for record in child:
                    out.write("    " + _text(shifted(record, k), ns) + "\n")
                    counts[name] += 1
            out.write(f"  </{name}>\n")
        out.write("</Sanctions>\n")
    return counts


def _text(elem: ET.Element, ns: str) -> str:
    """The element as XML, without the namespace declaration the root already makes."""
    return ET.tostring(elem, encoding="unicode").replace(f' xmlns="{ns}"', "", 1).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--parties", type=int, default=18_000)
    args = parser.parse_args()
    counts = build(args.target, args.parties)
    size = args.target.stat().st_size
    print(
        f"{args.target}: {size / 2**20:.1f} MiB, "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )


if __name__ == "__main__":
    main()
