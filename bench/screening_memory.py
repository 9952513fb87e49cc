#!/usr/bin/env python
"""Memory of the in-process screening index per process, at 20,000 and 200,000 entities.

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/screening_memory.py
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/screening_memory.py --sizes 20000,200000

Every web process (gunicorn worker) and every job worker that screens holds its own index
(screening/index.py), so this is what each of them adds. The data are made as
``bench/screening.py`` makes them: the real list samples imported, then synthetic entities
(``bench/screening_data.py``) with their aliases, countries and birth years up to each size.
At each size a fresh process starts Django, opens its connection and imports the screening
code, then builds the index (``screening.index.get_index()``); the report gives its resident
set size (RSS) before and after, the peak while building, and the build time. "First use" is
what any index costs once (tables built lazily by the name folding), measured by building and
dropping an index of 100 entities and one per script its aliases use (Chinese names load
pypinyin's tables) first; the index's own delta comes after it. The
benchmark's own database is removed at the end. The report (Markdown) goes to standard
output, progress to standard error.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))
sys.path.append(str(BENCH))  # for screening_data and _common

from _common import (  # noqa: E402 (bench/ on the path first)
    MIB,
    Databases,
    configure_database,
    database_version,
    log,
    machine,
    peak_rss,
    publish,
    rss,
    setup_django,
    start_worker,
    worker_output,
)

DB_ENV = "BENCH_SCREENING_MEMORY_DB"
# The real samples that give the synthetic names their parts (as bench/screening.py).
SAMPLES = [
    ("ofac-sdn", "tests/data/ofac/sdn-tiny"),
    ("ofac-sdn", "tests/data/ofac/ndc-excerpt"),
    ("ofac-non-sdn", "tests/data/ofac/non-sdn"),
    ("un-sc", "tests/data/un/un-consolidated-sample.xml"),
    ("uk-ofsi", "tests/data/uk/conlist-sample.csv"),
]


def grow_to(size: int, real: dict, done: int, seed: int) -> float:
    """Insert synthetic entities until the database holds ``size``; the seconds it took."""
    import screening_data as data

    from entities.models import Entity

    missing = size - Entity.objects.count()
    started = time.perf_counter()
    if missing > 0:
        specs = data.generate(missing, seed + done, real)
        data.insert(specs)
    return time.perf_counter() - started


def worker() -> None:
    """In a fresh process: the index's memory and build time."""
    configure_database(DB_ENV)
    setup_django()
    from django.db import connection

    import screening.services  # noqa: F401 (the code a screening process has loaded)
    from entities.models import Alias, Entity
    from screening.index import NameIndex, get_index

    entities, aliases = Entity.objects.count(), Alias.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    gc.collect()
    started_rss = rss()
    # What any index costs once, whatever its size (the name folding's and transliteration's
    # lazily built tables): an index of 100 entities, thrown away.
    # One entity per script its aliases are written in, so that each script's tables load.
    sample = set(Entity.objects.order_by("pk").values_list("pk", flat=True)[:100])
    for script in set(Alias.objects.exclude(script="").values_list("script", flat=True)):
        sample.add(Alias.objects.filter(script=script).values_list("entity_id", flat=True)[0])
    warm = NameIndex()
    warm.load(sorted(sample))
    del warm
    gc.collect()
    before, peak_before = rss(), peak_rss()
    started = time.perf_counter()
    index = get_index()
    seconds = time.perf_counter() - started
    gc.collect()
    after, peak = rss(), peak_rss()
    print(
        json.dumps(
            {
                "entities": entities,
                "names": entities + aliases,
                "indexed_names": index.live_names,
                "vocabulary": len(index.postings),
                "skeletons": len(index.skeleton_postings),
                "rss_started": started_rss,
                "rss_before": before,
                "rss_after": after,
                "peak_before": peak_before,
                "peak": peak,
                "seconds": seconds,
            }
        )
    )


def orchestrate(args: argparse.Namespace) -> None:
    databases = Databases.configured(DB_ENV, "screening_memory", "screening-memory")
    setup_django()
    import screening_data as data
    from django.core.management import call_command

    from entities.models import Alias, Entity
    from importer.services import import_list

    rows = []
    try:
        log(f"database {databases.main}: migrating, importing the samples")
        call_command("migrate", verbosity=0, interactive=False)
        for source, path in SAMPLES:
            import_list(source, ROOT / path, allow_mass_delisting=True)
        names = [*Entity.objects.values_list("kind", "name")]
        names += [*Alias.objects.values_list("entity__kind", "name")]
        real = data.real_parts(names)
        version = database_version(databases.vendor)
        for done, size in enumerate(args.sizes):
            log(f"inserting up to {size:,} entities")
            insert_seconds = grow_to(size, real, done, args.seed)
            from django.db import connections

            connections.close_all()
            for attempt in range(args.repeat):
                log(f"measuring the index at {size:,} entities ({attempt + 1}/{args.repeat})")
                result = worker_output(
                    start_worker(__file__, DB_ENV, databases.main, []), f"at {size}"
                )
                result["insert_seconds"] = insert_seconds
                rows.append(result)
    finally:
        databases.remove()
    publish(render(rows, version), args.markdown)


def render(rows: list[dict], version: str) -> str:
    box = machine()
    lines = [
        f"#### Screening index memory per process ({version})",
        "",
        f"Machine: {box.get('cpus')} CPUs, Python {box.get('python')}.",
        "",
        "| entities | names | indexed names | vocabulary | RSS at start | + first use "
        "| RSS after | index (RSS delta) | per 1,000 entities | peak while building "
        "| build time |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        delta = r["rss_after"] - r["rss_before"]
        lines.append(
            f"| {r['entities']:,} | {r['names']:,} | {r['indexed_names']:,} "
            f"| {r['vocabulary']:,} | {r['rss_started'] / MIB:.0f} MiB "
            f"| {(r['rss_before'] - r['rss_started']) / MIB:.0f} MiB "
            f"| {r['rss_after'] / MIB:.0f} MiB | **{delta / MIB:.0f} MiB** "
            f"| {delta / MIB / r['entities'] * 1000:.2f} MiB | {r['peak'] / MIB:.0f} MiB "
            f"| {r['seconds']:.1f} s |"
        )
    return "\n".join(lines) + "\n"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="entity counts, ascending")
    parser.add_argument("--repeat", type=int, default=1, help="measurements per size")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    return args


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.worker:
        worker()
    else:
        orchestrate(arguments)
