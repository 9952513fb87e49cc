#!/usr/bin/env python
"""Benchmark: the streamed CSV export of entities, its memory at several sizes, its limits.

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/export_entities.py --entities 100000
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/export_entities.py --entities 100000

It builds its own database (SQLite: a temporary file; PostgreSQL: a new database in the
cluster that DATABASE_URL points at), never the project's, and removes it afterwards. It grows
the data set size by size (by default a tenth, three tenths and all of --entities) and, at
each size, measures in fresh processes that run alone, so that times do not compete and each
peak RSS belongs to one thing:

- the export: ``GET /api/v1/entities/?format=csv`` through Django's test ``Client`` (URL
  resolution, middleware, DRF view, filters, throttles), the streamed body consumed chunk by
  chunk and thrown away: wall time, rows/s, MB/s, SQL statements, time in the cyclic garbage
  collector, RSS before and at the peak;
- its limits: (a) a bare ``csv.writer`` over one ``values_list`` query of the entities' own
  columns; (b) on PostgreSQL, the database's own ``COPY ... TO STDOUT``;
  (the layer-by-layer breakdown of the earlier, prefetching export is gone with it: see
  docs/BENCHMARKS.md for its figures, bench/export_vs_copy.py for the export against COPY).

Then come the memory-only runs, two processes at a time (their times are not reported): the
export under tracemalloc at each size (at the largest only with --trace-largest: tracing
triples the export's time) on a snapshot of the database at that size, the export with
``gc.disable()`` at the smaller sizes (what the flat peak owes to the cyclic collector), and
the anti-pattern at the largest size (the same response kept in memory and joined). It
prints a Markdown report (``--markdown PATH`` writes it too). A benchmark, not a test:
nothing asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]  # project, bench/

from _common import (  # noqa: E402 (bench/ on the path first)
    Databases,
    GcTimer,
    QueryCounter,
    configure_database,
    current_rss,
    database_version,
    log,
    machine,
    mib,
    peak_rss,
    publish,
    setup_django,
    start_worker,
    table,
    worker_output,
)

URL = "/api/v1/entities/?format=csv"
DB_ENV = "BENCH_EXPORT_DB"  # how the orchestrator tells its workers which database to use
BLOCK = 5000  # entities created per bulk_create round
IDENTIFIER_PREFIX = "BX"  # identifier values are BX000000000, BX000000001, ...
MB = 1000 * 1000


# Data set ----------------------------------------------------------------------------------
FIRST = [
    "Al Noor", "Pioneer", "National", "Eastern", "Golden", "Sino", "Orient", "Trans",
    "Global", "United", "Crescent", "Atlas", "Delta", "Northern", "Pacific", "Silk Road",
    "Zenith", "Kaveh", "Baltic", "Horizon", "Falcon", "Meridian", "Summit", "Aurora",
]  # fmt: skip
SECOND = [
    "Trading", "Engineering", "Electronics", "Shipping", "Logistics", "Industries",
    "Technologies", "Research Institute", "Holdings", "Aviation", "Machinery", "Chemicals",
    "Precision Instruments", "Energy", "Metals", "Marine Services",
]  # fmt: skip
SUFFIX = ["Company", "Co. Ltd", "LLC", "Pvt Ltd", "Group", "FZE", "Corporation", ""]
GIVEN = ["Ali", "Wei", "Sergei", "Hassan", "Mei", "Olga", "Reza", "Farid", "Jin", "Yusuf"]
FAMILY = ["Khan", "Zhang", "Petrov", "Rahimi", "Li", "Ivanova", "Karimi", "Malik", "Chen"]
PLACES = [
    ("PK", "Karachi"), ("PK", "Lahore"), ("CN", "Shenzhen"), ("CN", "Beijing"),
    ("AE", "Dubai"), ("IR", "Tehran"), ("RU", "Moscow"), ("TR", "Istanbul"),
    ("MY", "Kuala Lumpur"), ("HK", "Hong Kong"), ("SG", "Singapore"), ("BY", "Minsk"),
    ("SY", "Damascus"), ("GB", "London"), ("DE", "Hamburg"), ("IN", "Mumbai"),
]  # fmt: skip
STREETS = ["Industrial Road", "Harbour Street", "Airport Avenue", "Free Zone Block", "Ring Road"]
NOTES = [
    "Listed for procurement of dual-use items on behalf of a missile programme.",
    "Front company; shares an address and telephone number with other listed parties.",
    "Previously designated under another name; see the aliases.",
    "Operates vessels that switched off AIS near sanctioned ports.",
]
PROGRAMMES = {
    "US-OFAC": [("NPWMD", "Non-Proliferation"), ("SDGT", "Global Terrorism")],
    "UK-OFSI": [("RUS", "Russia"), ("CYBER", "Cyber")],
    "EU": [("IRN-HR", "Iran human rights"), ("DPRK", "North Korea")],
    "UN-SC": [("1718", "DPRK sanctions"), ("1267", "ISIL and Al-Qaida")],
}
MEASURE_PAIRS = [
    ("asset_freeze", "transaction_ban"),
    ("asset_freeze", "travel_ban"),
    ("export_restriction", "financial_restriction"),
]


def create_reference_rows() -> dict:
    from entities.models import Body, Measure, Programme

    programmes = []
    for code, regimes in PROGRAMMES.items():
        body = Body.objects.create(code=code, name=f"{code} (benchmark)")
        for programme_code, name in regimes:
            programmes.append(Programme.objects.create(body=body, code=programme_code, name=name))
    measures = {m.code: m.pk for m in Measure.objects.all()}
    return {"programmes": programmes, "measures": measures}


def populate(start: int, stop: int, rng: random.Random, reference: dict) -> dict[str, int]:
    """Create entities number start..stop-1 with their aliases, country, address, identifier
    and (for about a third) a designation under a programme with 2 measures."""
    from django.db import transaction

    from entities.models import (
        Address,
        Alias,
        Designation,
        Entity,
        EntityCountry,
        Identifier,
    )
    from sanctions_tracker.partial_dates import PartialDate
    from sanctions_tracker.text import fold

    counts = dict.fromkeys(
        ("entities", "aliases", "countries", "addresses", "identifiers", "designations"), 0
    )
    counts["designation measures"] = 0
    through = Designation.measures.through
    for block_start in range(start, stop, BLOCK):
        numbers = range(block_start, min(stop, block_start + BLOCK))
        with transaction.atomic():
            entities = []
            for n in numbers:
                kind = rng.choices(
                    ["company", "organization", "person", "vessel", "public_body"],
                    weights=[60, 15, 15, 5, 5],
                )[0]
                if kind == "person":
                    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {n}"
                else:
                    name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {n} {rng.choice(SUFFIX)}"
                if n % 997 == 0:
                    name = f"-{name}"  # a cell the export must neutralise
                entities.append(
                    Entity(
                        kind=kind,
                        name=name.strip(),
                        name_folded=fold(name),
                        name_is_description=n % 50 == 0,
                        notes=rng.choice(NOTES) if rng.random() < 0.3 else "",
                    )
                )
            Entity.objects.bulk_create(entities, batch_size=2000)

            aliases, countries, addresses, identifiers, designations = [], [], [], [], []
            for n, entity in zip(numbers, entities, strict=True):
                for k in range(rng.randint(1, 3)):
                    alias = f"{entity.name.lstrip('-')} alias {k}"
                    aliases.append(
                        Alias(
                            entity=entity,
                            name=alias,
                            name_folded=fold(alias),
                            kind=rng.choice(["aka", "aka", "fka", "native_script"]),
                            is_weak=k == 2,
                        )
                    )
                country, city = rng.choice(PLACES)
                role = {"person": "nationality", "vessel": "flag"}.get(entity.kind, "located_in")
                countries.append(EntityCountry(entity=entity, country=country, role=role))
                addresses.append(
                    Address(
                        entity=entity,
                        street=f"{rng.randint(1, 400)} {rng.choice(STREETS)}",
                        city=city,
                        country=country,
                    )
                )
                scheme = {"vessel": "imo_number", "person": "passport"}.get(
                    entity.kind, "registration_number"
                )
                identifiers.append(
                    Identifier(
                        entity=entity,
                        scheme=scheme,
                        value=f"{IDENTIFIER_PREFIX}{n:09d}",
                        country=country,
                    )
                )
                if rng.random() < 1 / 3:
                    programme = rng.choice(reference["programmes"])
                    listed = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 8000))
                    delisted = PartialDate.none()
                    if rng.random() < 0.25:  # a past designation
                        delisted = PartialDate.of_day(listed + dt.timedelta(rng.randint(30, 900)))
                    designations.append(
                        Designation(
                            entity=entity,
                            body_id=programme.body_id,
                            programme=programme,
                            listed=PartialDate.of_day(listed),
                            delisted=delisted,
                            reference=f"REF-{n}",
                        )
                    )
            Alias.objects.bulk_create(aliases, batch_size=2000)
            EntityCountry.objects.bulk_create(countries, batch_size=2000)
            Address.objects.bulk_create(addresses, batch_size=2000)
            Identifier.objects.bulk_create(identifiers, batch_size=2000)
            Designation.objects.bulk_create(designations, batch_size=2000)
            links = [
                through(designation_id=d.pk, measure_id=reference["measures"][code])
                for d in designations
                for code in rng.choice(MEASURE_PAIRS)
            ]
            through.objects.bulk_create(links, batch_size=2000)
        for key, rows in (
            ("entities", entities),
            ("aliases", aliases),
            ("countries", countries),
            ("addresses", addresses),
            ("identifiers", identifiers),
            ("designations", designations),
            ("designation measures", links),
        ):
            counts[key] += len(rows)
    return counts


def analyze(vendor: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")


# Workers: one measurement each, in a fresh process -----------------------------------------
class CountingSink:
    """A write-only file for csv.writer that keeps nothing but the number of characters."""

    def __init__(self):
        self.chars = 0

    def write(self, text: str) -> None:
        self.chars += len(text)


def http_export(client, path: str, *, keep: bool = False, checkpoints=()) -> dict:
    """GET the CSV through the whole stack and consume it chunk by chunk.

    With ``keep`` the chunks are also collected and joined, as a response built in memory
    holds them. ``checkpoints`` are row counts at which to note the peak RSS so far.
    """
    started = time.perf_counter()
    first_row = None
    response = client.get(path)
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"GET {path}: {response.status_code}, streaming={response.streaming}")
    size = newlines = 0
    kept = [] if keep else None
    pending = sorted(checkpoints)
    peaks = {}
    for chunk in response.streaming_content:
        size += len(chunk)
        newlines += chunk.count(b"\n")
        if kept is not None:
            kept.append(chunk)
        if first_row is None and newlines > 1:
            first_row = time.perf_counter() - started
        if pending and newlines - 1 >= pending[0]:
            peaks[pending.pop(0)] = peak_rss()
    response.close()
    held = 0
    if kept is not None:
        content = b"".join(kept)
        held = sys.getsizeof(kept) + sum(map(sys.getsizeof, kept)) + sys.getsizeof(content)
        del kept, content
    return {
        "rows": newlines - 1,
        "bytes": size,
        "held": held,
        "first_row": first_row,
        "rss_checkpoints": peaks,
    }


def timed(run: Callable[[], dict], *, expect: int) -> dict:
    """Run once, untraced: wall time, SQL statements, GC time, RSS before and at the peak."""
    from django.db import connection

    counter = QueryCounter()
    rss_before = current_rss()
    with connection.execute_wrapper(counter), GcTimer() as gc_timer:
        started = time.perf_counter()
        result = run()
        wall = time.perf_counter() - started
    if result["rows"] != expect:
        raise RuntimeError(f"expected {expect} rows, got {result['rows']}")
    return {
        **result,
        "wall": wall,
        "queries": counter.count,
        "gc_seconds": gc_timer.seconds,
        "gc_collections": gc_timer.collections,
        "rss_before": rss_before,
        "rss_peak": peak_rss(),
    }


def traced(run: Callable[[], dict], *, expect: int) -> dict:
    """Run once under tracemalloc: the peak of Python memory allocated during the run."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if result["rows"] != expect:
        raise RuntimeError(f"expected {expect} rows, got {result['rows']}")
    return {"traced_peak": peak}


def worker_export(expect: int, mode: str) -> dict:
    from django.test import Client

    client = Client()
    http_export(client, f"{URL}&identifier={IDENTIFIER_PREFIX}{0:09d}")  # warm-up: one row
    checkpoints = sorted({max(1, expect // 10), max(1, expect * 3 // 10), expect})

    def run():
        return http_export(client, URL, keep=mode == "inmemory", checkpoints=checkpoints)

    if mode == "export-nogc":  # what the peak owes to the cyclic garbage collector
        gc.collect()
        gc.disable()
    return traced(run, expect=expect) if mode == "export-traced" else timed(run, expect=expect)


def worker_values(expect: int) -> dict:
    """Limit (a): csv.writer over one values_list query of the entities' own columns."""
    from entities.exports import ENTITY_EXPORT
    from entities.models import Entity
    from sanctions_tracker.csv_export import CHUNK_SIZE

    columns = ["id", "uid", "kind", "name", "name_is_description", "notes", "updated_at"]

    def run():
        sink = CountingSink()
        writer = csv.writer(sink)
        writer.writerow(ENTITY_EXPORT.headers)
        rows = 0
        queryset = Entity.objects.order_by("name", "id").values_list(*columns)
        for row in queryset.iterator(chunk_size=CHUNK_SIZE):
            writer.writerow(row)
            rows += 1
        return {"rows": rows, "bytes": sink.chars}

    run()  # warm-up
    return {**timed(run, expect=expect), **traced(run, expect=expect)}


def copy_sql(full: bool) -> str:
    """COPY of the entity columns and aggregated aliases, or of every export column."""
    from entities.models import (
        Address,
        Alias,
        Body,
        Designation,
        Entity,
        EntityCountry,
        Identifier,
        Programme,
    )

    t = {
        m.__name__: m._meta.db_table
        for m in (Address, Alias, Body, Designation, Entity, EntityCountry, Identifier, Programme)
    }
    aliases = f"""
        LEFT JOIN (
            SELECT entity_id, string_agg(
                name || ' [' || kind || CASE WHEN is_weak THEN ', weak' ELSE '' END || ']',
                '; ' ORDER BY name, id) AS aliases
            FROM {t["Alias"]} GROUP BY entity_id
        ) a ON a.entity_id = e.id"""
    if not full:
        return f"""COPY (
            SELECT e.id, e.uid, e.kind, e.name, e.name_is_description, a.aliases, e.notes,
                   e.updated_at
            FROM {t["Entity"]} e {aliases}
            ORDER BY e.name, e.id
        ) TO STDOUT WITH (FORMAT csv, HEADER)"""
    label = "b.code || COALESCE(' ' || p.code, '')"
    order = "ORDER BY d.listed_earliest DESC NULLS LAST, d.id"
    return f"""COPY (
        SELECT e.id, e.uid, e.kind, e.name,
               CASE WHEN e.name_is_description THEN 'true' ELSE 'false' END AS unnamed,
               a.aliases, c.countries, ad.addresses, i.identifiers,
               d.active_designations, d.past_designations, e.notes, e.updated_at
        FROM {t["Entity"]} e {aliases}
        LEFT JOIN (
            SELECT entity_id, string_agg(country || ' (' || role || ')', '; '
                                         ORDER BY country, role, id) AS countries
            FROM {t["EntityCountry"]} GROUP BY entity_id
        ) c ON c.entity_id = e.id
        LEFT JOIN (
            SELECT entity_id, string_agg(COALESCE(NULLIF(concat_ws(', ', NULLIF(street, ''),
                       NULLIF(city, ''), NULLIF(region, ''), NULLIF(postal_code, ''),
                       NULLIF(country, '')), ''), "full"), '; ' ORDER BY id) AS addresses
            FROM {t["Address"]} GROUP BY entity_id
        ) ad ON ad.entity_id = e.id
        LEFT JOIN (
            SELECT entity_id, string_agg(
                scheme || ': ' || value
                || CASE WHEN country <> '' THEN ' (' || country || ')' ELSE '' END,
                '; ' ORDER BY scheme, value, id) AS identifiers
            FROM {t["Identifier"]} GROUP BY entity_id
        ) i ON i.entity_id = e.id
        LEFT JOIN (
            SELECT d.entity_id,
                   string_agg({label}, '; ' {order})
                       FILTER (WHERE d.delisted_precision = '') AS active_designations,
                   string_agg({label}, '; ' {order})
                       FILTER (WHERE d.delisted_precision <> '') AS past_designations
            FROM {t["Designation"]} d
            JOIN {t["Body"]} b ON b.id = d.body_id
            LEFT JOIN {t["Programme"]} p ON p.id = d.programme_id
            GROUP BY d.entity_id
        ) d ON d.entity_id = e.id
        ORDER BY e.name, e.id
    ) TO STDOUT WITH (FORMAT csv, HEADER)"""


def worker_copy(expect: int, full: bool) -> dict:
    """Limit (b): PostgreSQL's own COPY ... TO STDOUT, consumed chunk by chunk."""
    from django.db import connection

    sql = copy_sql(full)

    def run():
        connection.ensure_connection()
        size = newlines = 0
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for chunk in copy:
                size += len(chunk)
                newlines += bytes(chunk).count(b"\n")
        return {"rows": newlines - 1, "bytes": size}

    run()  # warm-up
    return {**timed(run, expect=expect), **traced(run, expect=expect)}


def run_worker(args: argparse.Namespace) -> None:
    configure_database(DB_ENV)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    setup_django()
    expect = args.entities
    if args.worker in ("export", "export-traced", "export-nogc", "inmemory"):
        result = worker_export(expect, args.worker)
    elif args.worker == "values":
        result = worker_values(expect)
    elif args.worker in ("copy-aliases", "copy-full"):
        result = worker_copy(expect, full=args.worker == "copy-full")
    else:
        sys.exit(f"unknown worker {args.worker}")
    print(json.dumps(result))


# Orchestrator ------------------------------------------------------------------------------
def start(mode: str, entities: int, database: str) -> tuple[subprocess.Popen, float]:
    process = start_worker(__file__, DB_ENV, database, [mode, "--entities", str(entities)])
    return process, time.perf_counter()


def finish(job: tuple[str, int], process: subprocess.Popen, started: float) -> dict:
    mode, entities = job
    result = worker_output(process, f"{mode} at {entities}")
    log(f"  {mode:<13} {entities:>8} entities: {time.perf_counter() - started:6.1f} s")
    return result


def spawn(mode: str, entities: int, database: str) -> dict:
    """One measurement in a fresh process, alone on the machine."""
    return finish((mode, entities), *start(mode, entities, database))


def spawn_two_at_a_time(jobs: list[tuple[str, int, str]]) -> dict[tuple[str, int], dict]:
    """Memory-only measurements, two processes at a time (the machine has 2 CPUs): their
    times are not reported, so they need not run alone."""
    results, running, queue = {}, [], list(jobs)
    while queue or running:
        while queue and len(running) < 2:
            mode, entities, database = queue.pop(0)
            running.append(((mode, entities), *start(mode, entities, database)))
        done = next((r for r in running if r[1].poll() is not None), None)
        if done is None:
            time.sleep(0.2)
            continue
        running.remove(done)
        results[done[0]] = finish(*done)
    return results


def sizes_for(args: argparse.Namespace) -> list[int]:
    if args.sizes:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    else:
        top = args.entities
        sizes = sorted({max(1, top // 10), max(1, top * 3 // 10), top})
    if not sizes or sizes[0] < 1:
        raise SystemExit("sizes must be positive")
    return sizes


def orchestrate(args: argparse.Namespace) -> None:
    sizes = sizes_for(args)
    began = time.perf_counter()
    databases = Databases.configured(DB_ENV, "export", "bench")
    try:
        report = run_all(args, sizes, databases, began)
    finally:
        databases.remove()
    publish(report, args.markdown)


def run_all(args: argparse.Namespace, sizes: list[int], databases: Databases, began) -> str:
    import django

    django.setup()
    from django.core.management import call_command

    vendor = databases.vendor
    info = {**machine(), "database": database_version(vendor), "django": django.get_version()}
    log(f"{info['database']}; sizes {sizes}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    setup = {"migrate": time.perf_counter() - started, "populate": 0.0, "analyze": 0.0}
    rng = random.Random(args.seed)
    reference = create_reference_rows()
    created: dict[str, int] = {}
    results: dict[int, dict] = {size: {} for size in sizes}
    later: list[tuple[str, int, str]] = []  # memory-only runs, two at a time at the end
    top = sizes[-1]
    trace = [s for s in sizes if s != top or args.trace_largest or len(sizes) == 1]
    have = 0
    for size in sizes:
        started = time.perf_counter()
        counts = populate(have, size, rng, reference)
        took = time.perf_counter() - started
        setup["populate"] += took
        for key, value in counts.items():
            created[key] = created.get(key, 0) + value
        have = size
        started = time.perf_counter()
        analyze(vendor)
        setup["analyze"] += time.perf_counter() - started
        log(f"created {size} entities so far ({took:.1f} s for this step); measuring")
        db = databases.main
        results[size]["export"] = spawn("export", size, db)
        results[size]["values"] = spawn("values", size, db)
        if vendor == "postgresql":
            results[size]["copy-aliases"] = spawn("copy-aliases", size, db)
            results[size]["copy-full"] = spawn("copy-full", size, db)
        copy = db if size == top else databases.copy(str(size))
        if size in trace:
            later.append(("export-traced", size, copy))
        if size != top:
            later.append(("export-nogc", size, copy))
    later.append(("inmemory", top, databases.main))
    cost = {"export-traced": 3, "inmemory": 1, "export-nogc": 0.5}
    later.sort(key=lambda job: -job[1] * cost[job[0]])  # longest first
    log(f"memory-only runs, two at a time: {[(m, s) for m, s, _ in later]}")
    for (mode, size), result in spawn_two_at_a_time(later).items():
        results[size][mode] = result
    elapsed = time.perf_counter() - began
    return render(info, vendor, sizes, setup, created, results, elapsed)


# Report ------------------------------------------------------------------------------------
def speed(result: dict) -> list[str]:
    wall = result["wall"]
    return [
        f"{wall:.2f}",
        f"{result['rows'] / wall:,.0f}",
        f"{result['bytes'] / MB / wall:.1f}",
        f"{result['bytes'] / MB:.1f}",
    ]


def traced_peak(results: dict, size: int) -> int | None:
    return results[size].get("export-traced", {}).get("traced_peak")


def render(info, vendor, sizes, setup, created, results, elapsed) -> str:
    top = sizes[-1]
    name = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    export = results[top]["export"]
    out = [f"### {name}: {top:,} entities", ""]
    out.append(
        f"{info['database']}, Python {info['python']}, Django {info['django']}; "
        f"{info['cpus']} CPUs, {info['memory']} RAM; {info['platform']}. "
        f"Whole run: {elapsed / 60:.1f} min."
    )
    out.append("")
    set_up = ", ".join(f"{k:,} {n}" for n, k in created.items())
    out.append(
        f"Set-up (not measured): migrate {setup['migrate']:.1f} s; bulk_create of {set_up} "
        f"in {setup['populate']:.1f} s; "
        f"{'VACUUM ANALYZE' if vendor == 'postgresql' else 'ANALYZE'} {setup['analyze']:.1f} s."
    )

    out += ["", f"Export `GET {URL}`, streamed and consumed chunk by chunk, per size:", ""]
    rows = []
    for size in sizes:
        r = results[size]["export"]
        rows.append(
            [
                f"{size:,}",
                *speed(r),
                f"{r['first_row']:.2f}",
                str(r["queries"]),
                f"{r['gc_seconds']:.2f} ({r['gc_seconds'] / r['wall']:.0%})",
                mib(traced_peak(results, size)),
                mib(r["rss_before"]),
                mib(r["rss_peak"]),
                mib(r["rss_peak"] - r["rss_before"]),
            ]
        )
    out += table(
        [
            "entities",
            "wall s",
            "rows/s",
            "MB/s",
            "MB out",
            "first row s",
            "SQL queries",
            "of which GC s",
            "tracemalloc peak MiB *",
            "RSS before MiB",
            "peak RSS MiB",
            "RSS growth MiB",
        ],
        rows,
    )
    out += [
        "",
        "\\* tracemalloc peak: from a separate run of the same export under tracemalloc, on a "
        "copy of the database at that size.",
    ]
    first = results[sizes[0]]["export"]
    growth_first = max(first["rss_peak"] - first["rss_before"], 1)
    growth_last = export["rss_peak"] - export["rss_before"]
    flat = [
        f"Flatness, {top:,} vs {sizes[0]:,} entities ({top / sizes[0]:.0f}x the rows): "
        f"peak RSS x{export['rss_peak'] / first['rss_peak']:.2f}, "
        f"RSS growth during the export x{growth_last / growth_first:.2f}"
    ]
    traced_sizes = [s for s in sizes if traced_peak(results, s)]
    if len(traced_sizes) > 1:
        low, high = traced_sizes[0], traced_sizes[-1]
        ratio = traced_peak(results, high) / traced_peak(results, low)
        flat.append(f"tracemalloc peak x{ratio:.2f} ({high:,} vs {low:,})")
    if traced_peak(results, top) is None:
        flat.append(f"tracemalloc not run at {top:,} (add --trace-largest)")
    out += ["", "; ".join(flat) + "."]
    checkpoints = export.get("rss_checkpoints", {})
    if checkpoints:
        marks = ", ".join(
            f"{int(rows):,} rows {mib(peak)} MiB"
            for rows, peak in sorted(checkpoints.items(), key=lambda kv: int(kv[0]))
        )
        out += ["", f"Peak RSS so far while the {top:,}-row export streams: {marks}."]

    inmemory = results[top].get("inmemory")
    if inmemory:
        out += [
            "",
            f"Contrast at {top:,} entities, each in a fresh process (in-memory: the same "
            "response's chunks kept in a list and joined, as a response built in memory "
            "holds them):",
            "",
        ]
        out += table(
            ["export", "peak RSS MiB", "RSS growth MiB", "held at the end MiB"],
            [
                [
                    "streamed",
                    mib(export["rss_peak"]),
                    mib(export["rss_peak"] - export["rss_before"]),
                    "0",
                ],
                [
                    "in memory (anti-pattern)",
                    mib(inmemory["rss_peak"]),
                    mib(inmemory["rss_peak"] - inmemory["rss_before"]),
                    mib(inmemory["held"]),
                ],
            ],
        )

    nogc = [s for s in sizes if "export-nogc" in results[s]]
    if nogc:
        runs = [(s, results[s]["export-nogc"]) for s in nogc]
        growth = ", ".join(
            f"{s:,} entities {mib(r['rss_peak'] - r['rss_before'])} MiB" for s, r in runs
        )
        out += [
            "",
            "The same streamed export with Python's cyclic garbage collector switched off "
            f"(`gc.disable()`), RSS growth: {growth}. Without the collector the peak grows "
            "with the rows: each chunk is freed only by the cyclic collector.",
        ]

    out += ["", f"Side by side with the limits, {top:,} entities (each in a fresh process):", ""]
    lines = [
        [
            "export, real HTTP stack (streamed)",
            *speed(export),
            mib(traced_peak(results, top)),
            mib(export["rss_peak"]),
            "1.0",
        ]
    ]
    for key, label in (
        ("values", "(a) bare csv.writer over values_list, entity columns only"),
        ("copy-aliases", "(b) COPY TO STDOUT: entity columns + aggregated aliases"),
        ("copy-full", "(b) COPY TO STDOUT: every export column, aggregated in SQL"),
    ):
        if key in results[top]:
            r = results[top][key]
            lines.append(
                [
                    label,
                    *speed(r),
                    mib(r["traced_peak"]),
                    mib(r["rss_peak"]),
                    f"{export['wall'] / r['wall']:.0f}",
                ]
            )
    out += table(
        [
            "what",
            "wall s",
            "rows/s",
            "MB/s",
            "MB out",
            "tracemalloc peak MiB",
            "peak RSS MiB",
            "export takes x as long",
        ],
        lines,
    )
    if vendor == "sqlite":
        out += ["", "SQLite has no COPY: the limit is (a) only."]

    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--entities", type=int, default=100_000, help="largest size (default 100000)"
    )
    parser.add_argument(
        "--sizes", help="comma-separated sizes to measure (default: 10%%, 30%%, 100%%)"
    )
    parser.add_argument("--markdown", help="also write the Markdown report to this file")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the data")
    parser.add_argument(
        "--trace-largest",
        action="store_true",
        help="also run tracemalloc at the largest size (about 3x the export's time)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sizes and not args.worker:
        args.entities = max(sizes_for(args))
    if args.worker:
        run_worker(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
