#!/usr/bin/env python
"""Build full-size UN, UK and EU lists from the real samples in tests/data, as
``bench/build_full_sdn.py`` does for OFAC's legacy CSV.

    .venv/bin/python bench/build_full_lists.py /tmp/lists [--un 730,270] [--uk 4000,12500] \\
        [--eu 6000]

writes ``/tmp/lists/un-consolidated.xml`` (the UN Security Council list: 730 individuals and
270 entities by default, about its real size), ``/tmp/lists/conlist.csv`` (the UK ConList:
4,000 groups in 12,500 rows, Windows-1252) and ``/tmp/lists/eu-fsf.xml`` (the EU FSF XML
1.1: 6,000 ``sanctionEntity``). The OFAC Non-SDN sample needs no builder: it is the whole
list of December 2025 (442 entries).

What every builder does alike (the shared part is in this module's first half): each real
entry of the samples is a template; the copies are spread over the templates (UN and UK: evenly, the
samples' own mix; EU: persons three times as often, the longest templates less often, to come
near the real file's size), shuffled for a seed; each
copy gets new keys (UN ``REFERENCE_NUMBER`` numbered per programme prefix and ``DATAID``, UK
``Group ID``, EU ``logicalId`` of the entity and of each of its parts and
``euReferenceNumber``), a generated word in each of its names (``BADEGE KAVORI``), so that no
two copies share a name, and document numbers, IMO and MMSI numbers and quoted UN references
made unique per copy (``592667-31544``); references to other entries (the UN list's
``(QDe.004)`` in comments) are pointed at a copy of the entry they named, or, where the
samples do not hold it, at a copy of an entry of the same kind, so that each resolves in the
built file. The parsers' warnings on a built file are its templates' own (the UN sample's
empty alias placeholders). Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]  # project, bench/

from build_full_sdn import SYLLABLES, _allocate, unique_value, word  # noqa: E402

# The parser's own patterns: what it reads as an identifier is what must be unique.
from importer.parsers.uk.documents import _BARE_UN_REF_RE as BARE_UN_REF_RE_UK  # noqa: E402
from importer.parsers.uk.documents import _UN_REF_RE as UN_REF_RE_UK  # noqa: E402
from importer.parsers.uk.documents import IMO_RE, MMSI_RE  # noqa: E402

DATA = ROOT / "tests" / "data"
UN_SAMPLE = DATA / "un" / "un-consolidated-sample.xml"
UK_SAMPLE = DATA / "uk" / "conlist-sample.csv"
EU_SAMPLES = sorted((DATA / "eu").glob("eu-fsf-*.xml"))
EU_SYNTHETIC = "999999"  # the excerpt's made-up entity (tests/data/eu/README.md): not a template
DEFAULT_SEED = 20260805
PERSON_WEIGHT = 3  # EU: copies of a person's template for one of an enterprise's
EU_ENTITY_BYTES = 4_000  # EU: about the real file's bytes per entity (25 MB / 6,000)


# Shared: which template each copy comes from, its word, its tag ------------------------------
@dataclass(frozen=True)
class Copy:
    """The n-th copy of the built list: its template, its generated word and a unique tag."""

    n: int
    template: int
    word: str

    @property
    def tag(self) -> str:
        return str(self.n + 1)


def plan(weights: Sequence[float], total: int, rng: random.Random) -> list[Copy]:
    """``total`` copies of the templates, template i in proportion to ``weights[i]`` (to a
    tenth, every template at least once when ``total`` allows), shuffled; each copy with
    its own word."""
    slots = [i for i, w in enumerate(weights) for _ in range(max(1, round(w * 10)))]
    rng.shuffle(slots)
    chosen = [slots[n % len(slots)] for n in range(total)]
    words = [word(k) for k in rng.sample(range(len(SYLLABLES) ** 3), total)]
    return [Copy(n, t, words[n]) for n, t in enumerate(chosen)]


def copies_of(copies: list[Copy]) -> dict[int, list[Copy]]:
    out: dict[int, list[Copy]] = {}
    for c in copies:
        out.setdefault(c.template, []).append(c)
    return out


def base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, d = divmod(number, 36)
        out = digits[d] + out
        if not number:
            return out


def fixed_width(prefix: int, n: int, width: int) -> str:
    """A number of exactly ``width`` digits unique for n (IMO: 7, MMSI: 9)."""
    return str(prefix * 10 ** (width - 1) + n % 10 ** (width - 1))


def with_word(name: str, suffix: str) -> str:
    return f"{name.rstrip()} {suffix}" if name.strip() else name


def _check_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise RuntimeError(f"{what}: the name {name!r} repeats")
        seen.add(name)


# XML ------------------------------------------------------------------------------------------
def _child(elem: ET.Element, tag: str) -> ET.Element | None:
    return elem.find(tag)


def _write_xml(root: ET.Element, path: Path) -> int:
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path.stat().st_size


# UN Security Council consolidated list ------------------------------------------------------
UN_REF_RE = re.compile(r"^([A-Z]{2})([ie])\.(\d{3})$")
UN_CITED_RE = re.compile(r"\(([A-Z]{2}[ie]\.\d{3})\)")  # as importer/parsers/un/fields.py reads
UN_NAME_PARTS = ("FOURTH_NAME", "THIRD_NAME", "SECOND_NAME", "FIRST_NAME")


def build_un(
    path: str | Path,
    *,
    individuals: int = 730,
    entities: int = 270,
    seed: int = DEFAULT_SEED,
) -> dict:
    """Write a UN consolidated list XML of ``individuals`` + ``entities`` copies of the
    sample's 31 individuals and 16 entities; return what it holds."""
    rng = random.Random(seed)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.parse(UN_SAMPLE).getroot()
    groups = {"INDIVIDUAL": root.find("INDIVIDUALS"), "ENTITY": root.find("ENTITIES")}
    templates = {kind: list(group) for kind, group in groups.items()}
    wanted = {"INDIVIDUAL": individuals, "ENTITY": entities}
    plans = {kind: plan([1] * len(templates[kind]), wanted[kind], rng) for kind in groups}
    # References first, so that comments can cite any copy: numbered per prefix and kind.
    numbers: dict[tuple[str, str], int] = {}
    new_ref: dict[tuple[str, int], str] = {}
    by_old: dict[str, list[str]] = {}
    by_kind: dict[str, list[str]] = {"i": [], "e": []}
    for kind, copies in plans.items():
        for c in copies:
            old = templates[kind][c.template].findtext("REFERENCE_NUMBER").strip()
            prefix, letter, _ = UN_REF_RE.match(old).groups()
            number = numbers[prefix, letter] = numbers.get((prefix, letter), 0) + 1
            if number > 999:
                raise RuntimeError(f"more than 999 copies of {prefix}{letter}: too large a list")
            ref = new_ref[kind, c.n] = f"{prefix}{letter}.{number:03d}"
            by_old.setdefault(old, []).append(ref)
            by_kind[letter].append(ref)

    def cited(own_old: str, own_new: str) -> Callable[[re.Match], str]:
        def target(m: re.Match) -> str:
            old = m.group(1)
            if old == own_old:
                return f"({own_new})"
            choices = [r for r in by_old.get(old, ()) if r != own_new]
            return f"({rng.choice(choices or by_kind[old[2]])})"

        return target

    names, links, data_id = [], 0, 7_000_000
    for kind, group in groups.items():
        group[:] = []
        for c in plans[kind]:
            elem = copy.deepcopy(templates[kind][c.template])
            data_id += 1
            elem.find("DATAID").text = str(data_id)
            ref = elem.find("REFERENCE_NUMBER")
            own_old, ref.text = ref.text.strip(), new_ref[kind, c.n]
            part = next(
                p for p in (elem.find(n) for n in UN_NAME_PARTS) if p is not None and p.text
            )
            part.text = with_word(part.text, c.word)
            names.append(" ".join(elem.findtext(n) or "" for n in reversed(UN_NAME_PARTS)))
            for alias in elem.iter("ALIAS_NAME"):
                if alias.text and alias.text.strip():
                    alias.text = with_word(alias.text, c.word)
            for number in elem.iter("NUMBER"):
                if number.text and number.text.strip():
                    number.text = unique_value(number.text.strip(), c.tag)
            comments = elem.find("COMMENTS1")
            if comments is not None and comments.text:
                comments.text, found = UN_CITED_RE.subn(cited(own_old, ref.text), comments.text)
                links += found
            group.append(elem)
    _check_unique(names, "UN")
    size = _write_xml(root, Path(path))
    return {
        "entries": individuals + entities,
        "individuals": individuals,
        "entities": entities,
        "cited references": links,
        "bytes": size,
    }


# UK ConList (CSV) ---------------------------------------------------------------------------
# Passport and NI numbers (592667, G557170, 92/664, D 000974), not years nor dates.
UK_DOCUMENT_RE = re.compile(r"\b(?:[A-Z]{1,3} ?)?\d[\d/]*\d\b")
UK_NOT_DOCUMENT_RE = re.compile(r"\d{1,3}|(?:19|20)\d\d|\d{1,2}/\d{1,2}/\d{2,4}")


def _uk_document(number: str, tag: str) -> str:
    """A document number made unique per copy (``D 000974`` -> ``D000974-7``: the parser reads
    a letter and digits apart only when nothing follows them); a year or a date is kept."""
    if UK_NOT_DOCUMENT_RE.fullmatch(number):
        return number
    return unique_value(number.replace(" ", ""), tag)


def _with_group(pattern: re.Pattern, text: str, group: str, new: Callable[[str], str]) -> str:
    """``text`` with the named ``group`` of every match of ``pattern`` replaced."""

    def replace(m: re.Match) -> str:
        start, end = m.span(group)
        return m[0][: start - m.start()] + new(m[group]) + m[0][end - m.start() :]

    return pattern.sub(replace, text)


def _uk_other_information(text: str, c: Copy, ordinal: int) -> str:
    """UN references, IMO and MMSI numbers made unique per copy, found as the parser finds
    them: ``UN Ref QI.A.17.01`` -> ``QI.A.17.01.3F`` (another dotted part); a bare leading
    ``IRe.001``, which takes no part after it, renumbered by the template's copy."""
    text = _with_group(UN_REF_RE_UK, text, "ref", lambda ref: f"{ref}.{base36(c.n)}")
    text = _with_group(BARE_UN_REF_RE_UK, text, "ref", lambda ref: f"{ref[:-3]}{ordinal:03d}")
    text = _with_group(IMO_RE, text, "value", lambda _: fixed_width(9, c.n, 7))
    return _with_group(MMSI_RE, text, "value", lambda _: fixed_width(4, c.n, 9))


def _read_conlist() -> tuple[list[list[str]], list[str], dict[str, list[list[str]]]]:
    """(the head rows, the column names, Group ID -> rows, prime aliases first)."""
    text = UK_SAMPLE.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head, columns = rows[:2], rows[1]
    gid = columns.index("Group ID")
    alias_type = columns.index("Alias Type")
    groups: dict[str, list[list[str]]] = {}
    for row in rows[2:]:
        if len(row) == len(columns):
            groups.setdefault(row[gid].strip(), []).append(row)
    for rows_of in groups.values():
        rows_of.sort(key=lambda r: r[alias_type] != "Prime Alias")
    return head, columns, groups


def build_uk(
    path: str | Path, *, groups: int = 4_000, rows: int = 12_500, seed: int = DEFAULT_SEED
) -> dict:
    """Write a ConList CSV (Windows-1252) of ``groups`` copies of the sample's 120 groups in
    about ``rows`` rows (each copy keeps its template's prime alias rows first, then as many
    of its other rows as its share of ``rows``); return what it holds."""
    rng = random.Random(seed)
    head, columns, by_id = _read_conlist()
    templates = list(by_id.values())
    col = {name: columns.index(name) for name in columns}
    person = [t[0][col["Group Type"]] == "Individual" for t in templates]
    copies = plan([1] * len(templates), groups, rng)  # the sample's own mix
    keep = _allocate(rows, [len(templates[c.template]) for c in copies])
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(head)
    written, names = 0, []
    name_columns = [col[f"Name {k}"] for k in range(1, 7)]
    ordinal = {
        c.n: k
        for copies_of_one in copies_of(copies).values()
        for k, c in enumerate(copies_of_one, 1)
    }
    for c, count in zip(copies, keep, strict=True):
        group_id = str(50_000 + c.n)
        for row in templates[c.template][: max(1, count)]:
            row = list(row)
            row[col["Group ID"]] = group_id
            surname = row[col["Name 6"]]
            row[col["Name 6"]] = with_word(surname, c.word) if surname.strip() else surname
            for name in ("Passport Details", "NI Number"):
                row[col[name]] = UK_DOCUMENT_RE.sub(
                    lambda m, tag=c.tag: _uk_document(m[0], tag), row[col[name]]
                )
            row[col["Other Information"]] = _uk_other_information(
                row[col["Other Information"]], c, ordinal[c.n]
            )
            if not written or row[col["Group ID"]] != names[-1][0]:
                names.append((group_id, " ".join(row[i].strip() for i in name_columns)))
            writer.writerow(row)
            written += 1
    _check_unique([name for _, name in names], "UK")
    data = out.getvalue().encode("cp1252")
    Path(path).write_bytes(data)
    return {
        "entries": groups,
        "rows": written,
        "individuals": sum(person[c.template] for c in copies),
        "bytes": len(data),
    }


# EU Financial Sanctions Files, XML 1.1 ------------------------------------------------------
EU_NS = "http://eu.europa.ec/fpi/fsd/export"
EU_SHARED = {"regulation", "regulationSummary"}  # acts, shared by every entity they list


def _eu(tag: str) -> str:
    return f"{{{EU_NS}}}{tag}"


def _eu_templates() -> tuple[ET.Element, list[ET.Element]]:
    """The first excerpt's root and the excerpts' real entities, each once."""
    ET.register_namespace("", EU_NS)
    root, templates, seen = None, [], set()
    for sample in EU_SAMPLES:
        tree_root = ET.parse(sample).getroot()
        root = tree_root if root is None else root
        for entity in tree_root.iter(_eu("sanctionEntity")):
            ref = entity.get("logicalId")
            if ref != EU_SYNTHETIC and ref not in seen:
                seen.add(ref)
                templates.append(entity)
    return root, templates


def build_eu(path: str | Path, *, entities: int = 6_000, seed: int = DEFAULT_SEED) -> dict:
    """Write an FSF XML 1.1 file of ``entities`` copies of the excerpts' 8 real entities;
    return what it holds."""
    rng = random.Random(seed)
    root, templates = _eu_templates()
    person = [t.find(_eu("subjectType")).get("code") == "person" for t in templates]
    # Persons three times as often as enterprises, as in the real list; the long templates
    # (11 addresses, 30 aliases) less often, so that 6,000 copies come near its 25 MB.
    sizes = [len(ET.tostring(t)) for t in templates]
    weights = [
        (PERSON_WEIGHT if p else 1) * EU_ENTITY_BYTES / s
        for p, s in zip(person, sizes, strict=True)
    ]
    copies = plan(weights, entities, rng)
    out = ET.Element(root.tag, dict(root.attrib))
    out.text = "\n"
    part_id, names = 10_000_000, []
    for c in copies:
        entity = copy.deepcopy(templates[c.template])
        entity_id = 500_000 + c.n
        entity.set("logicalId", str(entity_id))
        entity.set("euReferenceNumber", f"EU.{entity_id}.{c.n % 97}")
        if entity.get("unitedNationId"):
            entity.set("unitedNationId", unique_value(entity.get("unitedNationId"), c.tag))
        for elem in entity.iter():
            local = elem.tag.rsplit("}", 1)[-1]
            if elem is not entity and local not in EU_SHARED and elem.get("logicalId"):
                part_id += 1
                elem.set("logicalId", str(part_id))
            if local == "nameAlias":
                for attribute in ("wholeName", "lastName"):
                    elem.set(attribute, with_word(elem.get(attribute, ""), c.word))
            elif local == "identification" and elem.get("number"):
                elem.set("number", unique_value(elem.get("number"), c.tag))
            elif local == "contactInfo" and elem.get("key") in ("WEB", "EMAIL"):
                elem.set("value", unique_value(elem.get("value"), c.tag))
        first = entity.find(_eu("nameAlias"))
        names.append(first.get("wholeName") if first is not None else entity.get("logicalId"))
        entity.tail = "\n"
        out.append(entity)
    _check_unique(names, "EU")
    size = _write_xml(out, Path(path))
    return {
        "entries": entities,
        "persons": sum(person[c.template] for c in copies),
        "bytes": size,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--un", default="730,270", help="individuals,entities")
    parser.add_argument("--uk", default="4000,12500", help="groups,rows")
    parser.add_argument("--eu", type=int, default=6000, help="sanctionEntity elements")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    individuals, entities = (int(v) for v in args.un.split(","))
    groups, rows = (int(v) for v in args.uk.split(","))
    built = {
        "un-consolidated.xml": build_un(
            args.folder / "un-consolidated.xml",
            individuals=individuals,
            entities=entities,
            seed=args.seed,
        ),
        "conlist.csv": build_uk(
            args.folder / "conlist.csv", groups=groups, rows=rows, seed=args.seed
        ),
        "eu-fsf.xml": build_eu(args.folder / "eu-fsf.xml", entities=args.eu, seed=args.seed),
    }
    for name, info in built.items():
        print(f"{args.folder / name}: {info}")


if __name__ == "__main__":
    main()
