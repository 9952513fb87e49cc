#!/usr/bin/env python
"""Benchmark: do two clients looping full CSV exports stall everyone else?

    scripts/with-postgres.sh .venv/bin/python bench/load_stall.py [--quick] [--markdown PATH]

On a database with the full SDN list (``bench/_server.py``), for each server configuration
(2 sync workers; 2 gthread workers x 4 threads, the default of ``gunicorn.conf.py``): one
client times a simple GET (``/api/v1/bodies/``) alone, then again while two other clients
loop ``GET /api/v1/entities/?format=csv`` (the whole list). Reports p50/p95 of the simple
GET in both phases and the exports completed. Rates are raised (``--env K=V`` adds server
environment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    SdnDatabase,
    Server,
    log,
    ms,
    parse_env,
    percentile,
    publish,
    run_clients,
    table,
)

SIMPLE = "/api/v1/bodies/"
EXPORT = "/api/v1/entities/?format=csv"
CONFIGS = [(2, 1), (2, 4)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s phases (a smoke check)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--env", action="append", default=[], help="server environment K=V")
    args = parser.parse_args(argv)
    seconds = 5 if args.quick else args.seconds
    env = parse_env(args.env)
    database = SdnDatabase().create()
    try:
        rows = []
        for workers, threads in CONFIGS:
            with Server(database.url, workers=workers, threads=threads, env=env) as server:
                log(f"{server.label}: simple GET alone, {seconds:.0f} s")
                alone = run_clients(server.port, [lambda: ("simple", "GET", SIMPLE, None)], 2)
                alone = run_clients(server.port, [lambda: ("simple", "GET", SIMPLE, None)], seconds)
                log(f"{server.label}: with 2 export loops, {seconds:.0f} s")
                busy = run_clients(
                    server.port,
                    [
                        lambda: ("simple", "GET", SIMPLE, None),
                        lambda: ("export", "GET", EXPORT, None),
                        lambda: ("export", "GET", EXPORT, None),
                    ],
                    seconds,
                )
            simple = [s.seconds for s in busy if s.kind == "simple" and s.status == 200]
            exports = [s for s in busy if s.kind == "export"]
            quiet = [s.seconds for s in alone if s.status == 200]
            bad = [s for s in busy + alone if s.status != 200]
            rows.append(
                [
                    server.label,
                    ms(percentile(quiet, 50)),
                    ms(percentile(quiet, 95)),
                    ms(percentile(simple, 50)),
                    ms(percentile(simple, 95)),
                    ms(max(simple)),
                    str(len(simple)),
                    f"{len(exports)} ({ms(percentile([s.seconds for s in exports], 50))} ms each)",
                    str(len(bad)),
                ]
            )
        out = [
            f"Full SDN list: {database.entities:,} entities "
            f"(import {database.import_seconds:.0f} s)."
            f" Phases of {seconds:.0f} s. Simple GET: `{SIMPLE}`; exports: `{EXPORT}`.",
            "",
        ]
        out += table(
            [
                "server",
                "simple GET alone p50 ms",
                "alone p95 ms",
                "with 2 exporters p50 ms",
                "with exporters p95 ms",
                "max ms",
                "simple GETs",
                "exports done (p50)",
                "non-200",
            ],
            rows,
        )
        publish("\n".join(out) + "\n", args.markdown)
    finally:
        database.drop()


if __name__ == "__main__":
    main()
