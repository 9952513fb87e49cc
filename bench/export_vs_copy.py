#!/usr/bin/env python
"""Benchmark: the entity CSV export against PostgreSQL's own COPY of the same query.

    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/export_vs_copy.py --sizes 100000,1000000

PostgreSQL only (COPY is the limit). It builds its own database in the cluster that
DATABASE_URL points at and drops it afterwards: the first size with ``bulk_create`` (the data
of ``bench/export_entities.py``: aliases, a country, an address, an identifier, a third
designated), larger sizes by copying those rows in SQL (new ids, new UIDs, same text). At
each size, each in a fresh process, alone:

- **export**: ``GET /api/v1/entities/?format=csv`` through Django's test ``Client`` (URL
  resolution, middleware, the DRF view, ``CsvExport.response``), the streamed body consumed
  and thrown away; rows/s, MB/s, peak RSS (``VmHWM``), RSS after 10%, 50% and 100% of the
  rows (flat memory);
- **export, no HTTP**: ``ENTITY_EXPORT.stream(queryset)`` consumed (the export's own cost);
- **COPY** (the limit): ``COPY (<the export's own SELECT, the same SQL text>) TO STDOUT WITH (FORMAT
  csv)`` through psycopg's ``cursor.copy()``, consumed chunk by chunk: the same rows, the
  same columns, the database doing all of it.

The ratio export rows/s / COPY rows/s is the figure of issue 11 (target >= 0.5). A
benchmark, not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]

from _common import (  # noqa: E402 (bench/ on the path first)
    Databases,
    configure_database,
    current_rss,
    database_version,
    git,
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
DB_ENV = "BENCH_EXPORT_COPY_DB"
MB = 1000 * 1000


def base_queryset():
    """The entity list's queryset as the CSV request reads it (ordered by name, id)."""
    from entities.models import Entity

    return Entity.objects.order_by("name", "id")


def copy_sql() -> str:
    """COPY of exactly the SELECT the export runs (its parameters inlined)."""
    import psycopg
    from django.db import connection

    from entities.exports import ENTITY_EXPORT

    query = ENTITY_EXPORT.query(base_queryset())
    connection.ensure_connection()
    select = psycopg.ClientCursor(connection.connection).mogrify(query.sql, query.params)
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"


# Workers -----------------------------------------------------------------------------------
def measured(run, expect: int) -> dict:
    rss_before = current_rss()
    started = time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    if result["rows"] != expect:
        raise RuntimeError(f"expected {expect} rows, got {result['rows']}")
    return {**result, "wall": wall, "rss_before": rss_before, "rss_peak": peak_rss()}


def worker_export(expect: int) -> dict:
    from django.conf import settings
    from django.test import Client

    # The streamed export is measured, not the background job that a list of
    # EXPORT_JOB_MIN_ROWS rows or more becomes (which needs a user and a worker).
    settings.EXPORT_JOB_MIN_ROWS = 0
    client = Client()
    warm = client.get(f"{URL}&identifier=BX000000000")
    b"".join(warm.streaming_content)
    marks = {max(1, expect // 10): "10%", max(1, expect // 2): "50%", expect: "100%"}

    def run():
        response = client.get(URL)
        assert response.status_code == 200, response.status_code
        size = lines = 0
        rss_at = {}
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
            for mark, label in marks.items():
                if label not in rss_at and lines - 1 >= mark:
                    rss_at[label] = current_rss()
        response.close()
        return {"rows": lines - 1, "bytes": size, "rss_at": rss_at}

    return measured(run, expect)


def worker_direct(expect: int) -> dict:
    from entities.exports import ENTITY_EXPORT

    def run():
        size = lines = 0
        for piece in ENTITY_EXPORT.stream(base_queryset()):
            data = piece.encode()
            size += len(data)
            lines += data.count(b"\n")
        return {"rows": lines - 1, "bytes": size}

    return measured(run, expect)


def worker_copy(expect: int, handwritten: bool = False) -> dict:
    from django.db import connection

    if handwritten:
        from export_entities import copy_sql as handwritten_sql

        sql = handwritten_sql(full=True).replace(", HEADER)", ")")
    else:
        sql = copy_sql()
    connection.ensure_connection()

    def run():
        size = lines = 0
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for chunk in copy:
                size += len(chunk)
                lines += bytes(chunk).count(b"\n")
        return {"rows": lines, "bytes": size}

    run()  # warm-up: the same cache state as the export's warm-up would not give it
    return measured(run, expect)


WORKERS = {
    "export": worker_export,
    "direct": worker_direct,
    "copy": worker_copy,
    "copy-handwritten": lambda expect: worker_copy(expect, handwritten=True),
}
MODES = tuple(WORKERS)


def run_worker(args) -> None:
    configure_database(DB_ENV)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    setup_django()
    print(json.dumps(WORKERS[args.worker](args.entities)))


# Data --------------------------------------------------------------------------------------
def replicate(times: int) -> None:
    """Copy every entity with its rows ``times - 1`` more times, in SQL: new ids (shifted by
    the largest id), new UIDs, foreign keys to entities and designations shifted alike."""
    from django.db import connection, transaction

    from entities.models import (
        Address,
        Alias,
        Designation,
        Entity,
        EntityCountry,
        EntityDate,
        Identifier,
    )

    models = [Entity, Alias, EntityCountry, Address, Identifier, EntityDate, Designation]
    through = Designation.measures.through
    with connection.cursor() as cursor:
        top = {}
        for model in (*models, through):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            top[model] = cursor.fetchone()[0]
    shifted = {Entity: top[Entity], Designation: top[Designation]}
    with transaction.atomic(), connection.cursor() as cursor:
        for k in range(1, times):
            for model in (*models, through):
                columns, values = [], []
                for field in model._meta.local_concrete_fields:
                    column = field.column
                    columns.append(f'"{column}"')
                    if field.primary_key:
                        values.append(f'"{column}" + {k * top[model]}')
                    elif field.is_relation and field.related_model in shifted:
                        values.append(f'"{column}" + {k * shifted[field.related_model]}')
                    elif field.name == "uid":
                        values.append("gen_random_uuid()")
                    else:
                        values.append(f'"{column}"')
                table_name = model._meta.db_table
                cursor.execute(
                    f"INSERT INTO {table_name} ({', '.join(columns)}) "
                    f"SELECT {', '.join(values)} FROM {table_name} WHERE id <= {top[model]}"
                )
        for model in (*models, through):
            table_name = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                f"(SELECT MAX(id) FROM {table_name}))"
            )


def counts() -> dict[str, int]:
    from entities.models import Address, Alias, Designation, Entity

    return {
        "entities": Entity.objects.count(),
        "aliases": Alias.objects.count(),
        "addresses": Address.objects.count(),
        "designations": Designation.objects.count(),
    }


# Orchestrator ------------------------------------------------------------------------------
def spawn(mode: str, entities: int, database: str) -> dict:
    started = time.perf_counter()
    process = start_worker(__file__, DB_ENV, database, [mode, "--entities", str(entities)])
    result = worker_output(process, f"{mode} at {entities}")
    log(f"  {mode:<7} {entities:>9,} entities: {time.perf_counter() - started:6.1f} s")
    return result


def run_all(args, sizes: list[int], databases: Databases) -> str:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from export_entities import create_reference_rows, populate

    info = {**machine(), "database": database_version("postgresql")}
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    first = sizes[0]
    started = time.perf_counter()
    populate(0, first, random.Random(args.seed), create_reference_rows())
    setup = [f"bulk_create of {first:,} entities {time.perf_counter() - started:.0f} s"]
    results, made, have = {}, {}, first
    for size in sizes:
        if size != have:
            if size % have:
                raise SystemExit(f"each size must be a multiple of the one before ({have})")
            started = time.perf_counter()
            replicate(size // have)
            setup.append(f"copy to {size:,} in SQL {time.perf_counter() - started:.0f} s")
            have = size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        made[size] = counts()
        log(f"{made[size]}; measuring")
        results[size] = {mode: spawn(mode, size, databases.main) for mode in MODES}
    elapsed = time.perf_counter() - began
    return render(info, setup, made, results, elapsed)


def render(info, setup, made, results, elapsed) -> str:
    out = [
        f"{info['database']}, Python {info['python']}; {info['cpus']} CPUs, "
        f"{info['memory']} RAM; code at commit `{git('rev-parse', '--short', 'HEAD')}`. "
        f"Set-up (not measured): {'; '.join(setup)}. Whole run {elapsed / 60:.1f} min.",
        "",
    ]
    rows = []
    for size, result in results.items():
        copy = result["copy"]
        copy_rate = copy["rows"] / copy["wall"]
        for mode, label in (
            ("export", "export, `GET ?format=csv` (test Client)"),
            ("direct", "export, `CsvExport.stream()` (no HTTP)"),
            ("copy", "`COPY (same SELECT) TO STDOUT`"),
            ("copy-handwritten", "`COPY` of the hand-written query of export_entities.py *"),
        ):
            r = result[mode]
            rate = r["rows"] / r["wall"]
            rss_at = r.get("rss_at", {})
            rows.append(
                [
                    f"{size:,}",
                    label,
                    f"{r['wall']:.2f}",
                    f"{rate:,.0f}",
                    f"{r['bytes'] / MB / r['wall']:.1f}",
                    f"{r['bytes'] / MB:.1f}",
                    f"{rate / copy_rate:.2f}",
                    mib(r["rss_before"]),
                    mib(r["rss_peak"]),
                    " / ".join(mib(rss_at[k]) for k in ("10%", "50%", "100%") if k in rss_at)
                    or "-",
                ]
            )
    out += table(
        [
            "entities",
            "what",
            "wall s",
            "rows/s",
            "MB/s",
            "MB out",
            "x COPY rows/s",
            "RSS before MiB",
            "peak RSS MiB",
            "RSS at 10% / 50% / 100% MiB",
        ],
        rows,
    )
    out += [
        "",
        "\\* the limit of the earlier measurement: every column aggregated by hand-written "
        "SQL (LEFT JOINs of GROUP BY subqueries), country codes instead of names in "
        "addresses, no formula neutralisation.",
        "",
        "Rows: "
        + "; ".join(
            f"{size:,}: " + ", ".join(f"{v:,} {k}" for k, v in m.items())
            for size, m in made.items()
        )
        + ".",
        "",
    ]
    return "\n".join(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        help="entities, comma-separated; each a multiple of the one before "
        "(default 100000,1000000)",
    )
    parser.add_argument("--entities", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--markdown", help="also write the Markdown report to this file")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the data")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args)
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    databases = Databases.configured(DB_ENV, "exportcopy", "bench")
    if databases.vendor != "postgresql":
        databases.remove()
        raise SystemExit(
            "export_vs_copy.py needs PostgreSQL (run it under scripts/with-postgres.sh)"
        )
    try:
        report = run_all(args, sizes, databases)
    finally:
        databases.remove()
    publish(report, args.markdown)


if __name__ == "__main__":
    main()
