"""Refuse a damaged list before the import writes anything.

A broken download can look like a list that changed a lot. Cut at a row boundary, an OFAC
``sdn.csv`` still parses, and the import would delist every entry it lost. The import runs
these checks after parsing and before its first write, inside its transaction, so a refusal
leaves the database as it was. Each check has a flag that applies the file anyway
(``manage.py import_list --allow-...``, the same keyword of ``import_list()``, a checkbox in
the admin upload). A refusal is one line: what looks wrong, by how much, and the flag.

Encodings are checked by the parsers, since a file in the wrong one cannot be read at all
(``importer/parsers/encoding.py``). Those are parse errors, with no flag.

**Mass delisting** (``--allow-mass-delisting``). A file may delist up to
``IMPORT_MAX_DELISTING_SHARE`` of the list's active entries (default 5%, per list, e.g.
``default=0.05,un-sc=0.10``). It may always delist ``IMPORT_DELISTING_FLOOR`` entries
(default 2). Real churn is far below 5%: two real SDN lists three months apart differ by 106
removed entries out of 14,484 (0.7%), and a day's update removes a few. So even a quarter's
updates imported at once pass, with seven times that margin. The end of a whole programme
can remove a few hundred entries (a few percent of the SDN list) and still passes. A file
cut to 90% of its rows (10%) is refused. Past 5% (a regime lifted at once), check the list
and use the flag. The floor matters only for lists under 40 entries, such as samples and
excerpts, where 5% is less than 2 entries and a share is noise. There an update that
removes one or two entries applies, but a list losing 3 of its 5 entries is still refused.

**Orphan rows** (``--allow-orphan-rows``). OFAC's address, alias and comments files name
entries by ent_num. Their rows that name entries missing from the main file (``sdn.csv``,
``cons_prim.csv``) mean the main file lost those entries. A file is refused when these rows
name more than ``IMPORT_MAX_ORPHAN_ENTRIES`` entries (default 25). Complete real lists have
none or a few: the Non-SDN list of December 2025 (442 entries) has none. The ``sdn-tiny``
excerpt has 9 rows naming 9 entries, by design. A file cut by 3% or 10% names hundreds or
thousands (numbers below). Unlike the delisting check, this one needs no earlier import, so
it also protects a first import. The other formats have no such files. The UN list is one
XML document: cut anywhere, it does not parse (its elements are not closed). The UK ConList
is one CSV with a row per name variant, grouped by Group ID. Cut at a row boundary, it loses
whole groups, which the delisting check sees, and perhaps part of its last group, which no
check can tell from a real change.

**Warnings** (``--allow-warnings``). Counted are the file's warnings known before writing:
rows skipped or kept with a remark. Rows of missing entries are left out, since the orphan
check judges them, and one damage needs one flag. The file is refused if this count is more
than ``IMPORT_WARNINGS_FACTOR`` (3) times the previous applied import's count of the same
list, and more than ``IMPORT_WARNINGS_FLOOR`` (50). A first import has nothing to compare
with and is not checked. The previous count is the run's full count: it adds the warnings
of links and, for OFAC, of normalising entries, which come later in a run. So the
comparison errs towards applying the file. Real counts: the import of the full SDN list had
298 warnings, and the UN sample's import has 34 (10 empty aliases in the file, 24 links to
entries outside the sample). The OFAC and UK samples have 0 to 9. How much one list's count
moves between two real versions could not be measured, since there is one version of each
here. Three times the last count leaves room for a list that grows or changes its wording.
The floor keeps a list with 0 to 16 warnings last time from being refused for a few dozen
new ones. Damage is far above: a ``sdn.csv`` downloaded twice into one file gives a
"duplicate ent_num" warning for every entry, and a tenth of rows with a broken column count
gives 1,500 on the full list (the parser refuses a file only when more than half its rows
are broken).

Measured on the full-size synthetic SDN folder of ``bench/build_full_sdn.py`` (15,000
entries, 20,000 aliases, 24,000 addresses), ``sdn.csv`` cut at a row boundary, imported over
the whole folder:

=================  ==========================================  =======  =============
``sdn.csv``        orphan rows: add.csv / alt.csv / comments   entries  would delist
=================  ==========================================  =======  =============
whole              0                                           0        0
97% of its rows    1,291: 699 / 583 / 9                        450      450 (3%)
90% of its rows    4,322: 2,336 / 1,959 / 27                   1,500    1,500 (10%)
=================  ==========================================  =======  =============

The run's warnings are those orphan rows and nothing else (0, 1,291, 4,322). So the 90% cut
is refused twice (orphans, delisting), and the 97% cut by its orphan rows alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from importer.models import ImportRun, ImportStatus
from importer.records import ParsedSource
from importer.registry import LISTS

__all__ = ["Overrides", "mass_delisting", "orphan_rows", "refusal", "warnings"]


@dataclass(frozen=True)
class Overrides:
    """The checks an import skips: ``--allow-mass-delisting``, ``--allow-orphan-rows``,
    ``--allow-warnings``."""

    mass_delisting: bool = False
    orphan_rows: bool = False
    warnings: bool = False


def refusal(source: str, parsed: ParsedSource, *, active: int, gone: int, overrides: Overrides):
    """Why ``parsed`` should not be applied, in one line; None if nothing looks wrong.

    ``active`` is how many of the list's entries are in force before the import, ``gone``
    how many of them the file no longer has. Every failing check is named, each with its flag.
    """
    problems = [
        orphan_rows(parsed) if not overrides.orphan_rows else None,
        mass_delisting(source, active=active, gone=gone) if not overrides.mass_delisting else None,
        warnings(source, parsed) if not overrides.warnings else None,
    ]
    return "; ".join(p for p in problems if p) or None


def mass_delisting(source: str, *, active: int, gone: int) -> str | None:
    share = max_delisting_share(source)
    floor = settings.IMPORT_DELISTING_FLOOR
    allowed = max(floor, share * active)
    if gone <= allowed:
        return None
    limit = f"{floor} entries" if floor > share * active else _percent(share)
    return (
        f"would delist {gone:,} of the {active:,} active entries of {source} "
        f"({_percent(gone / active)}, more than {limit}): a sign of a broken or partial "
        "download; run again with --allow-mass-delisting if it is right"
    )


def orphan_rows(parsed: ParsedSource) -> str | None:
    if not parsed.orphans:
        return None
    limit = settings.IMPORT_MAX_ORPHAN_ENTRIES
    problems = []
    for main in dict.fromkeys(o.main_file for o in parsed.orphans):
        rows = [o for o in parsed.orphans if o.main_file == main]
        entries = len({o.reference for o in rows})
        if entries <= limit:
            continue
        per_file = sorted(Counter(o.file for o in rows).items())
        files = _and([f"{name} ({count:,})" for name, count in per_file])
        problems.append(
            f"{main} lost entries: {len(rows):,} rows of {files} name {entries:,} entries "
            f"that it does not have (more than {limit}; a whole list has a few): run again "
            "with --allow-orphan-rows if it is right"
        )
    return "; ".join(problems) or None


def warnings(source: str, parsed: ParsedSource) -> str | None:
    previous = (
        ImportRun.objects.filter(source=source, status=ImportStatus.APPLIED)
        .order_by("-started_at", "-id")
        .values_list("pk", "warnings")
        .first()
    )
    if previous is None:
        return None
    run, before = previous
    count = len(parsed.warnings) - len(parsed.orphans)
    factor, floor = settings.IMPORT_WARNINGS_FACTOR, settings.IMPORT_WARNINGS_FLOOR
    limit = max(floor, int(factor * before))
    if count <= limit:
        return None
    return (
        f"{count:,} warnings (rows skipped or kept with a remark), far more than the "
        f"{before:,} of the last import of {source} (#{run}; at most {limit:,}: "
        f"{factor:g} times as many, or {floor}): run again with --allow-warnings if it is "
        "right"
    )


def max_delisting_share(source: str) -> float:
    """``IMPORT_MAX_DELISTING_SHARE`` for ``source``, its "default" if not named."""
    shares = settings.IMPORT_MAX_DELISTING_SHARE
    unknown = sorted(set(shares) - {"default", *LISTS})
    if unknown:
        raise ImproperlyConfigured(
            f"IMPORT_MAX_DELISTING_SHARE: unknown list {unknown[0]!r}; the lists are "
            f"{', '.join(LISTS)} (or 'default')"
        )
    share = shares.get(source, shares.get("default"))
    if share is None or not 0 <= share <= 1:
        raise ImproperlyConfigured(
            f"IMPORT_MAX_DELISTING_SHARE for {source}: {share!r} is not a share from 0 to 1"
        )
    return share


def _percent(share: float) -> str:
    """0.05 -> "5%", 0.1036 -> "10.4%", 0.003 -> "0.3%"."""
    return f"{share * 100:.1f}".removesuffix(".0") + "%"


def _and(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)
