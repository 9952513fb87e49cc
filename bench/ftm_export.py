#!/usr/bin/env python
"""Benchmark: the FollowTheMoney export of the full-size SDN list beside its CSV export.

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/ftm_export.py
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/ftm_export.py

It builds its own database (SQLite: a temporary file; PostgreSQL: a new database in the
cluster that DATABASE_URL points at) and removes it afterwards: the full-size SDN folder of
``bench/build_full_sdn.py`` (15,000 entries by default) imported with ``import_list``. Then,
each in a fresh process, best of ``--repeat``:

- ``GET /api/v1/entities/?format=csv`` and ``?format=ftm`` through Django's test ``Client``
  (the streamed body consumed and thrown away);
- the FtM export without HTTP (``entities.ftm.export.stream``);

with wall time, entities/s, lines, MB, SQL statements and the peak RSS (``VmHWM``). A
benchmark, not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]  # project, bench/

from _common import (  # noqa: E402 (bench/ on the path first)
    Databases,
    QueryCounter,
    configure_database,
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

DB_ENV = "BENCH_FTM_DB"
MODES = {
    "csv": "CSV, `GET ?format=csv` (test Client)",
    "ftm": "FtM, `GET ?format=ftm` (test Client)",
    "ftm-stream": "FtM, `export.stream()` (no HTTP)",
}


def worker(mode: str, repeat: int) -> dict:
    """The best of ``repeat`` runs of one export, in this process."""
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EXPORT_JOB_MIN_ROWS = 0  # the CSV streams however many rows (no job)
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["export"] = "1000/min"
    setup_django()
    from django.db import connection
    from django.test import Client

    from entities.ftm import export
    from entities.models import Entity

    client = Client()

    def body():
        if mode == "ftm-stream":
            return export.stream(Entity.objects.order_by("name", "id"))
        response = client.get("/api/v1/entities/", {"format": mode})
        assert response.status_code == 200, response.status_code
        return (chunk.decode("utf-8") for chunk in response.streaming_content)

    runs = []
    for _ in range(repeat):
        counter = QueryCounter()
        started = time.perf_counter()
        size = lines = 0
        with connection.execute_wrapper(counter):
            for chunk in body():
                size += len(chunk.encode("utf-8"))
                lines += chunk.count("\n")
        runs.append(
            {"wall": time.perf_counter() - started, "bytes": size, "lines": lines,
             "queries": counter.count}
        )  # fmt: skip
    best = min(runs, key=lambda r: r["wall"])
    return {**best, "entities": Entity.objects.count(), "peak": peak_rss()}


def orchestrate(args: argparse.Namespace) -> None:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    databases = Databases.configured(DB_ENV, "ftm", "sdn")
    try:
        report = run_all(args, databases)
    finally:
        databases.remove()
    publish(report, args.markdown)


def run_all(args: argparse.Namespace, databases: Databases) -> str:
    import django

    django.setup()
    import build_full_sdn
    from django.core.management import call_command
    from django.db import connections

    from importer.services import import_list

    info = {**machine(), "database": database_version(databases.vendor)}
    folder = Path(databases.scratch) / "sdn"
    built = build_full_sdn.build(folder, entries=args.entries)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    import_list("ofac-sdn", folder)
    imported = time.perf_counter() - started
    log(f"{info['database']}: imported {built['entries']:,} entries in {imported:.1f} s")
    connections.close_all()
    results = {}
    for mode in MODES:
        process = start_worker(
            __file__, DB_ENV, databases.main, [mode, "--repeat", str(args.repeat)]
        )
        results[mode] = worker_output(process, mode)
        log(f"  {mode}: {results[mode]['wall']:.2f} s")
    rows = []
    for mode, label in MODES.items():
        r = results[mode]
        rows.append(
            [
                label,
                f"{r['entities']:,}",
                f"{r['wall']:.2f}",
                f"{r['entities'] / r['wall']:,.0f}",
                f"{r['lines']:,}",
                f"{r['bytes'] / 1e6:.1f}",
                str(r["queries"]),
                mib(r["peak"]),
            ]
        )
    header = ["export", "entities", "s", "entities/s", "lines", "MB", "SQL", "peak RSS MiB"]
    lines = [
        f"FtM export against the CSV export, full-size SDN ({built['entries']:,} entries, "
        f"imported in {imported:.1f} s); {info['database']}; {info['cpus']} CPUs; best of "
        f"{args.repeat}, each export in a fresh process.",
        "",
        *table(header, rows),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=15_000, help="SDN entries to build")
    parser.add_argument("--repeat", type=int, default=3, help="runs per export (best kept)")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        configure_database(DB_ENV)
        import json

        print(json.dumps(worker(args.worker, args.repeat)))
        return
    orchestrate(args)


if __name__ == "__main__":
    main()
