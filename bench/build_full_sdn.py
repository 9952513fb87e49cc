#!/usr/bin/env python
"""Build a full-size OFAC SDN folder (legacy CSV) from the real samples in tests/data/ofac.

    .venv/bin/python bench/build_full_sdn.py /tmp/sdn-full [--next-day /tmp/sdn-next]

The real rows of the three samples (the Non-SDN list of December 2025, 442 entries; the 17
SDN entries of ``sdn-tiny``; the 5 of ``ndc-excerpt``) are the templates. Each copy of a
template gets a new unique ent_num and a generated word in its name (``HANIYA KAVORI,
Ismail Abdul Salah``, ``NATIONAL DEVELOPMENT COMPLEX KAVORI``) and in its aliases, so that
names are unique; its remarks are kept (DOBs, places of birth, nationalities, weak
``a.k.a.`` aliases, programmes' boilerplate) with every identifier value made unique per copy
(``Tax ID No. 9010629-31544 (Pakistan)``, ``info.31544@gicdf.org``), and each ``Linked To:``
pointed at a copy of the entry it named (or, when the samples do not hold that entry, at
another non-individual copy), so that every link resolves to a name in the built file.

Individuals, vessels and aircraft are copied more often than entities, to approach the real
SDN list's mix (about 40% individuals, a few percent vessels and aircraft). Alias rows are a
subset of each template's own (in proportion to how many it has), address rows are all of
the template's plus extra real address rows of other templates, to reach the requested
totals (by default 15,000 entries, 20,000 aliases, 24,000 addresses, as in the real list).

Written in the official form: no header, every text field quoted, ``-0- `` for null, CRLF
line endings, one 0x1A byte at the end, ASCII; remarks longer than 1,000 characters are cut
at 1,000 and continued in ``sdn_comments.csv``. Deterministic for a seed.

:func:`next_day` makes the next version of a built folder: a few entries removed, a few
added, a few changed (a new alias, a changed address, a changed remark); :func:`with_lf`
makes a byte-different copy with the same entries (LF line endings instead of CRLF).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "ofac"
# (folder, primary, addresses, aliases, comments) of each sample.
SAMPLE_FILES = [
    ("non-sdn", "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
    ("sdn-tiny", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    ("ndc-excerpt", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
]
SDN_FILES = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
NULL = "-0- "
REMARKS_CUT = 1000  # OFAC cuts remarks here and continues them in the comments file
# How many times a template of each type is copied relative to an entity's template.
TYPE_WEIGHT = {"individual": 3, "vessel": 10, "aircraft": 5, None: 1}
DEFAULT_SEED = 20251201

CONSONANTS = "BDFGKLMNPRSTVZ"
VOWELS = "AEIOU"
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]  # 70: 343,000 three-syllable words

# Labels after which an identifier value follows, longest first (the parser's and others).
ID_LABELS = sorted(
    [
        "Unified Social Credit Code (USCC)",
        "Vessel Registration Identification IMO",
        "Vessel Registration Identification",
        "Identification Number IMO",
        "Business Registration Number",
        "Public Registration Number",
        "Registration Number",
        "Registration ID",
        "Legal Entity Number",
        "National ID No.",
        "Tax ID No.",
        "Passport",
        "Email Address",
        "Website",
        "MMSI",
        "SSN",
        "UK Company Number",
        "Company Number",
        "V.A.T. Number",
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Mode S Transponder Code",
        "Phone Number",
    ],
    key=len,
    reverse=True,
)
ID_RE = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label in ID_LABELS)
    + r"|Digital Currency Address - [A-Z0-9]+)\s+(?P<value>[^()]+?)(?P<rest>\s+\(.*)?$"
)


# Reading and writing the legacy CSV ---------------------------------------------------------
def read_rows(path: Path) -> list[list[str | None]]:
    """Rows of one legacy-CSV file; the null marker becomes None. Missing file: []."""
    if not path.is_file():
        return []
    data = path.read_bytes().rstrip(b"\r\n\t ").rstrip(b"\x1a").rstrip(b"\r\n")
    text = data.decode("ascii")
    rows = []
    for row in csv.reader(io.StringIO(text, newline="")):
        if row:
            rows.append([None if f.strip() == "-0-" else f for f in row])
    return rows


def _field(value: str | int | None) -> str:
    if value is None:
        return NULL
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace('"', '""') + '"'


def write_rows(path: Path, rows: list[list], newline: str = "\r\n") -> int:
    """Write rows in OFAC's form (quoted text, -0- nulls, CRLF, 0x1A); return the bytes."""
    text = "".join(",".join(_field(v) for v in row) + newline for row in rows)
    data = text.encode("ascii") + b"\x1a"
    path.write_bytes(data)
    return len(data)


# The model of a folder ----------------------------------------------------------------------
@dataclass
class Entry:
    ent_num: int
    name: str
    type: str | None  # "individual", "vessel", "aircraft" or None (an entity)
    programs: str | None
    title: str | None = None
    call_sign: str | None = None
    vessel_type: str | None = None
    tonnage: str | None = None
    grt: str | None = None
    vessel_flag: str | None = None
    vessel_owner: str | None = None
    remarks: str | None = None  # whole, with the comments-file continuation
    # [add_num, address, city/state/postal, country, remarks]
    addresses: list[list] = field(default_factory=list)
    aliases: list[list] = field(default_factory=list)  # [alt_num, type, name, remarks]


def read_folder(folder: Path, files=SDN_FILES) -> list[Entry]:
    primary, add, alt, comments = (Path(folder) / name for name in files)
    entries: dict[int, Entry] = {}
    for row in read_rows(primary):
        ent_num = int(row[0])
        entries[ent_num] = Entry(ent_num, row[1], row[2], *row[3:11], remarks=row[11])
    for ent_num, text in read_rows(comments):
        entry = entries.get(int(ent_num))
        if entry is not None:
            entry.remarks = (entry.remarks or "") + (text or "")
    for row in read_rows(add):
        entry = entries.get(int(row[0]))
        if entry is not None:  # samples hold rows of entries not in the file: skip them
            entry.addresses.append([int(row[1]), *row[2:6]])
    for row in read_rows(alt):
        entry = entries.get(int(row[0]))
        if entry is not None:
            entry.aliases.append([int(row[1]), *row[2:5]])
    return list(entries.values())


def write_folder(folder: Path, entries: list[Entry], newline: str = "\r\n") -> dict[str, int]:
    """Write the four files (entries in ent_num order); return file name -> bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prim, add, alt, comments = [], [], [], []
    for e in sorted(entries, key=lambda e: e.ent_num):
        remarks = e.remarks
        if remarks and len(remarks) > REMARKS_CUT:
            remarks, rest = remarks[:REMARKS_CUT], remarks[REMARKS_CUT:]
            comments.append([e.ent_num, rest])
        prim.append(
            [
                e.ent_num,
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
                remarks,
            ]
        )
        add += [[e.ent_num, *a] for a in e.addresses]
        alt += [[e.ent_num, *a] for a in e.aliases]
    sizes = {}
    for name, rows in zip(SDN_FILES, (prim, add, alt, comments), strict=True):
        sizes[name] = write_rows(folder / name, rows, newline)
    return sizes


def load_templates() -> list[Entry]:
    templates: list[Entry] = []
    for folder, *files in SAMPLE_FILES:
        templates += read_folder(SAMPLES / folder, files)
    return templates


# Copies -------------------------------------------------------------------------------------
def word(number: int) -> str:
    """A pronounceable word for a number below 70**3: KAVORI, ..."""
    out = []
    for _ in range(3):
        number, syllable = divmod(number, len(SYLLABLES))
        out.append(SYLLABLES[syllable])
    return "".join(out)


def with_word(name: str, suffix: str, individual: bool) -> str:
    """NATIONAL DEVELOPMENT COMPLEX KAVORI; HANIYA KAVORI, Ismail (surname, given names)."""
    if individual and "," in name:
        surname, given = name.split(",", 1)
        return f"{surname} {suffix},{given}"
    return f"{name} {suffix}"


def unique_value(value: str, tag: str) -> str:
    """An identifier value made unique per copy: e-mail, website, or any other value."""
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local}.{tag}@{domain}"
    if re.fullmatch(r"(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?", value, re.I) and not any(
        c.isdigit() for c in value.split(".")[-1]
    ):
        host, _, path = value.partition("/")
        head, _, tld = host.rpartition(".")
        return f"{head}-{tag}.{tld}" + (f"/{path}" if path else "")
    return f"{value}-{tag}"


def _link_key(name: str) -> str:
    return re.sub(r"[^0-9A-Z]+", " ", name.upper()).strip()


class Copier:
    """Copies templates with new ent_nums, words, identifier values and link targets."""

    def __init__(self, templates: list[Entry], rng: random.Random):
        self.templates = templates
        self.rng = rng
        self.by_name = {_link_key(t.name): i for i, t in enumerate(templates)}

    def remarks(self, remarks: str | None, tag: str, link_target) -> str | None:
        """Remarks with unique identifier values and re-pointed Linked To: phrases."""
        if not remarks:
            return remarks
        text = remarks.strip()
        end = "." if text.endswith(".") else ""
        if end:
            text = text[:-1]
        phrases = []
        for phrase in text.split("; "):
            prefix = "alt. " if phrase.startswith("alt. ") else ""
            body = phrase[len(prefix) :]
            if body.startswith("Linked To: "):
                body = "Linked To: " + link_target(body[len("Linked To: ") :].strip())
            else:
                m = ID_RE.match(body)
                if m:
                    value = unique_value(m.group("value").strip(), tag)
                    body = f"{m.group('label')} {value}{m.group('rest') or ''}"
            phrases.append(prefix + body)
        return "; ".join(phrases) + end

    def copy(
        self, template: Entry, ent_num: int, suffix: str, link_target, aliases: list[list]
    ) -> Entry:
        individual = template.type == "individual"
        tag = str(ent_num)
        return replace(
            template,
            ent_num=ent_num,
            name=with_word(template.name, suffix, individual),
            call_sign=f"{template.call_sign}{tag}" if template.call_sign else None,
            remarks=self.remarks(template.remarks, tag, link_target),
            addresses=[],
            aliases=[[None, a[1], with_word(a[2], suffix, individual), a[3]] for a in aliases],
        )


def _allocate(total: int, weights: list[int]) -> list[int]:
    """Split total in proportion to weights (largest remainder), never above a weight."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [min(int(s), w) for s, w in zip(shares, weights, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[: max(0, total - sum(counts))]:
        if counts[i] < weights[i]:
            counts[i] += 1
    return counts


def build_entries(
    entries: int = 15_000,
    aliases: int = 20_000,
    addresses: int = 24_000,
    seed: int = DEFAULT_SEED,
    first_ent_num: int = 10_000,
) -> list[Entry]:
    rng = random.Random(seed)
    templates = load_templates()
    slots = [i for i, t in enumerate(templates) for _ in range(TYPE_WEIGHT.get(t.type, 1))]
    rng.shuffle(slots)
    chosen = [slots[n % len(slots)] for n in range(entries)]
    words = [word(n) for n in rng.sample(range(len(SYLLABLES) ** 3), entries)]
    numbers, ent_num = [], first_ent_num
    for _ in range(entries):
        ent_num += rng.randint(1, 3)  # real ent_nums have gaps
        numbers.append(ent_num)

    # Names first, so that links can point at any copy.
    copies_of: dict[int, list[int]] = {}
    for n, t in enumerate(chosen):
        copies_of.setdefault(t, []).append(n)
    names = [
        with_word(templates[t].name, words[n], templates[t].type == "individual")
        for n, t in enumerate(chosen)
    ]
    organisations = [n for n, t in enumerate(chosen) if templates[t].type is None]
    copier = Copier(templates, rng)

    def link_target_for(n: int):
        def target(name: str) -> str:
            key = _link_key(name)
            t = copier.by_name.get(key)
            candidates = [c for c in copies_of.get(t, []) if c != n] if t is not None else []
            return names[rng.choice(candidates or organisations)]

        return target

    alias_counts = _allocate(aliases, [len(templates[t].aliases) for t in chosen])
    built = []
    for n, t in enumerate(chosen):
        template = templates[t]
        keep = sorted(rng.sample(range(len(template.aliases)), alias_counts[n]))
        entry = copier.copy(
            template,
            numbers[n],
            words[n],
            link_target_for(n),
            [template.aliases[i] for i in keep],
        )
        entry.addresses = [list(a) for a in template.addresses] or [[None, None, None, None, None]]
        built.append(entry)

    # Extra addresses: real address rows of other templates, mostly to organisations.
    pool = [a for t in templates for a in t.addresses if a[1] or a[2]]
    extra = addresses - sum(len(e.addresses) for e in built)
    weights = [1 if e.type == "individual" else 3 for e in built]
    for n in rng.choices(range(len(built)), weights=weights, k=max(0, extra)):
        built[n].addresses.append(list(rng.choice(pool)))

    # Fresh row numbers for address and alias rows.
    add_num = alt_num = 100_000
    for entry in built:
        for a in entry.addresses:
            add_num += 1
            a[0] = add_num
        for a in entry.aliases:
            alt_num += 1
            a[0] = alt_num
    _check_unique(built)
    return built


def _check_unique(entries: list[Entry]) -> None:
    from collections import Counter

    repeated = [n for n, k in Counter(e.name for e in entries).items() if k > 1]
    if repeated:
        raise RuntimeError(f"{len(repeated)} names repeat, e.g. {repeated[:3]}")


def build(folder: str | Path, *, seed: int = DEFAULT_SEED, **sizes) -> dict:
    """Write a full-size SDN folder; return what it holds."""
    entries = build_entries(seed=seed, **sizes)
    files = write_folder(Path(folder), entries)
    return summary(entries, files)


def summary(entries: list[Entry], files: dict[str, int]) -> dict:
    remarks = [e.remarks or "" for e in entries]
    return {
        "entries": len(entries),
        "aliases": sum(len(e.aliases) for e in entries),
        "addresses": sum(len(e.addresses) for e in entries),
        "continued remarks": sum(len(r) > REMARKS_CUT for r in remarks),
        "individuals": sum(e.type == "individual" for e in entries),
        "vessels": sum(e.type == "vessel" for e in entries),
        "aircraft": sum(e.type == "aircraft" for e in entries),
        "links": sum(r.count("Linked To: ") for r in remarks),
        "weak aliases": sum(r.count("a.k.a. '") for r in remarks),
        "bytes": files,
    }


# Next day and byte-different copies ---------------------------------------------------------
def next_day(
    source: str | Path,
    folder: str | Path,
    *,
    removed: int = 10,
    added: int = 10,
    changed: int = 20,
    seed: int = DEFAULT_SEED + 1,
) -> dict:
    """Write the next version of a built folder: ``removed`` entries gone, ``added`` new ones
    (copies of templates with fresh words and ent_nums), ``changed`` changed (a third a new
    alias, a third a changed address, a third a changed remark). Returns what changed."""
    rng = random.Random(seed)
    entries = read_folder(Path(source))
    picked = rng.sample(range(len(entries)), removed + changed)
    gone = {entries[i].ent_num for i in picked[:removed]}
    to_change = [entries[i] for i in picked[removed:]]
    names = {e.name for e in entries if e.ent_num not in gone}

    kinds = []
    alt_num = max((a[0] for e in entries for a in e.aliases), default=0)
    add_num = max((a[0] for e in entries for a in e.addresses), default=0)
    fresh = (word(n) for n in rng.sample(range(len(SYLLABLES) ** 3), 10 * (added + changed)))
    existing_words = {e.name.split(",")[0].rsplit(" ", 1)[-1] for e in entries}
    fresh = (w for w in fresh if w not in existing_words)
    for k, entry in enumerate(to_change):
        how = ("alias", "address", "remark")[k % 3]
        kinds.append((entry.ent_num, how))
        if how == "alias":
            alt_num += 1
            alias = with_word(entry.name, next(fresh), entry.type == "individual")
            entry.aliases.append([alt_num, "aka", alias, None])
        elif how == "address":
            street = f"{rng.randint(1, 250)} {rng.choice(['Harbour', 'Ring', 'Airport'])} Road"
            if entry.addresses:
                entry.addresses[0][1] = street
            else:
                add_num += 1
                entry.addresses.append([add_num, street, "Dubai", "United Arab Emirates", None])
        else:
            phrase = (
                f"Tax ID No. 77{entry.ent_num} (Russia)"
                if k % 2
                else "Additional Sanctions Information - Subject to Secondary Sanctions"
            )
            text = (entry.remarks or "").rstrip(".")
            entry.remarks = f"{text}; {phrase}." if text else f"{phrase}."

    templates = load_templates()
    copier = Copier(templates, rng)
    organisations = [e.name for e in entries if e.type is None and e.ent_num not in gone]
    ent_num = max(e.ent_num for e in entries)
    new = []
    for _ in range(added):
        template = rng.choice(templates)
        suffix = next(fresh)
        ent_num += rng.randint(1, 3)

        def target(name: str, _template=template) -> str:
            return rng.choice(organisations)

        aliases = template.aliases[: rng.randint(0, min(2, len(template.aliases)))]
        entry = copier.copy(template, ent_num, suffix, target, aliases)
        for a in entry.aliases:
            alt_num += 1
            a[0] = alt_num
        entry.addresses = []
        for a in template.addresses or [[None, None, None, None, None]]:
            add_num += 1
            entry.addresses.append([add_num, *a[1:]])
        if entry.name in names:
            raise RuntimeError(f"new name {entry.name} already in the list")
        names.add(entry.name)
        new.append(entry)

    result = [e for e in entries if e.ent_num not in gone] + new
    _check_unique(result)
    files = write_folder(Path(folder), result)
    return {
        **summary(result, files),
        "removed": sorted(gone),
        "added": [e.ent_num for e in new],
        "changed": kinds,
    }


def with_lf(source: str | Path, folder: str | Path) -> dict[str, int]:
    """A copy of a folder with LF line endings instead of CRLF: other bytes, same entries."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in SDN_FILES:
        path = Path(source) / name
        if path.is_file():
            data = path.read_bytes().replace(b"\r\n", b"\n")
            (folder / name).write_bytes(data)
            sizes[name] = len(data)
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="where to write sdn.csv, add.csv, alt.csv, ...")
    parser.add_argument("--entries", type=int, default=15_000)
    parser.add_argument("--aliases", type=int, default=20_000)
    parser.add_argument("--addresses", type=int, default=24_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--next-day", help="also write the next day's version here")
    parser.add_argument("--lf", help="also write a copy with LF line endings here")
    parser.add_argument("--force", action="store_true", help="replace existing folders")
    args = parser.parse_args(argv)
    for target in (args.folder, args.next_day, args.lf):
        if target and Path(target).exists():
            if not args.force:
                parser.error(f"{target} exists (use --force to replace it)")
            shutil.rmtree(target)
    info = build(
        args.folder,
        seed=args.seed,
        entries=args.entries,
        aliases=args.aliases,
        addresses=args.addresses,
    )
    print(f"{args.folder}: {info}")
    if args.next_day:
        print(f"{args.next_day}: {next_day(args.folder, args.next_day, seed=args.seed + 1)}")
    if args.lf:
        print(f"{args.lf}: {with_lf(args.folder, args.lf)}")


if __name__ == "__main__":
    main()
