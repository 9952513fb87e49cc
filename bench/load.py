#!/usr/bin/env python
"""Benchmark: 50 clients for 60 s against gunicorn and PostgreSQL with the full SDN list.

    scripts/with-postgres.sh .venv/bin/python bench/load.py [--quick] [--markdown PATH] \\
        [--clients 50] [--seconds 60] [--env K=V ...]

A mix per request, chosen at random (seeded): entity list pages (30%), entity detail (30%),
search (15%), screening ``GET /match/`` (15%), a small CSV export (10%: the entities of
one identifier). The same mix from one client for a baseline, in the same run. Reports
req/s, p50/p95/p99 per kind and overall, and errors by status. The server runs with
``gunicorn.conf.py``'s defaults unless ``--env`` says otherwise; rates are raised.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

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
    statuses,
    table,
)

MIX = [("list", 30), ("detail", 30), ("search", 15), ("match", 15), ("csv-small", 10)]


def request_maker(seed: int, ids: list[int], names: list[str]):
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)

    def make():
        kind = rng.choices(kinds, weights)[0]
        if kind == "list":
            path = f"/api/v1/entities/?page={rng.randint(1, 50)}"
        elif kind == "detail":
            path = f"/api/v1/entities/{rng.choice(ids)}/"
        elif kind == "search":
            word = rng.choice(names).split()[0]
            path = f"/api/v1/entities/?q={quote(word)}"
        elif kind == "match":
            path = f"/api/v1/match/?name={quote(rng.choice(names))}"
        else:
            path = f"/api/v1/entities/?format=csv&q={quote(rng.choice(names))}"
        return kind, "GET", path, None

    return make


def summarise(label: str, samples, seconds: float) -> list[list[str]]:
    rows = []
    by_kind = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    for kind, group in [("all", samples), *sorted(by_kind.items())]:
        ok = [s.seconds for s in group if s.status == 200]
        errors = [s for s in group if s.status != 200]
        rows.append(
            [
                label if kind == "all" else "",
                kind,
                str(len(group)),
                f"{len(group) / seconds:.1f}",
                ms(percentile(ok, 50)),
                ms(percentile(ok, 95)),
                ms(percentile(ok, 99)),
                statuses(errors) if errors else "0",
            ]
        )
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--quick", action="store_true", help="5 clients, 5 s (a smoke check)")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--env", action="append", default=[], help="server environment K=V")
    parser.add_argument("--seed", type=int, default=20251205)
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.seconds, args.baseline_seconds = 5, 5, 5
    env = parse_env(args.env)
    database = SdnDatabase().create()
    try:
        ids, names = database.ids(), database.names()
        with Server(database.url, workers=2, threads=4, env=env) as server:
            workers, threads = server.env["WEB_CONCURRENCY"], server.env["GUNICORN_THREADS"]
            label = server.label
            run_clients(server.port, [request_maker(0, ids, names)], 3)  # warm-up
            log(f"1 client, {args.baseline_seconds:.0f} s")
            one = run_clients(server.port, [request_maker(1, ids, names)], args.baseline_seconds)
            log(f"{args.clients} clients, {args.seconds:.0f} s")
            many = run_clients(
                server.port,
                [request_maker(args.seed + n, ids, names) for n in range(args.clients)],
                args.seconds,
            )
            tracebacks = server.log_text().count("Traceback")
        out = [
            f"gunicorn `{label}` (WEB_CONCURRENCY={workers}, GUNICORN_THREADS={threads}), "
            f"PostgreSQL, full SDN list: {database.entities:,} entities "
            f"(import {database.import_seconds:.0f} s). Mix: "
            + ", ".join(f"{k} {w}%" for k, w in MIX)
            + f". Tracebacks in the server log: {tracebacks}.",
            "",
        ]
        out += table(
            ["run", "kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            summarise("1 client, baseline", one, args.baseline_seconds)
            + summarise(f"{args.clients} clients", many, args.seconds),
        )
        publish("\n".join(out) + "\n", args.markdown)
    finally:
        database.drop()


if __name__ == "__main__":
    main()
