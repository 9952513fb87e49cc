#!/usr/bin/env python
"""Benchmark: PostgreSQL stopped for 10 s under 20 clients; what did they see?

    scripts/with-postgres.sh .venv/bin/python bench/fault.py [--quick] [--markdown PATH]

On a database with the full SDN list, 20 clients loop entity list pages and entity details
against gunicorn (``gunicorn.conf.py`` defaults). After a quiet phase the database server
is stopped (``pg_ctl stop -m fast``) for 10 s and started again on the same data folder.
Reports the answers (status and content type) before, during and after the outage, the
seconds from the restart to the first 200, the errors after recovery, and the number of
``Traceback`` lines in the server's log. Needs the cluster of ``scripts/with-postgres.sh``
(its data folder is beside its socket).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    SdnDatabase,
    Server,
    log,
    parse_env,
    publish,
    run_clients,
    socket_folder,
    statuses,
    table,
)


def pg_ctl(*args: str) -> None:
    """pg_ctl on the throwaway cluster, as its owner (postgres when we are root)."""
    folder = socket_folder()
    data = Path(folder) / "data"
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    pg = os.environ.get("PG_BIN") and str(Path(os.environ["PG_BIN"]) / "pg_ctl")
    command = [pg or str(bins[-1]), "-D", str(data), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, cwd="/", stdout=subprocess.DEVNULL)


def restart_options() -> str:
    """The options the cluster was started with (postmaster.opts), to start it the same."""
    opts = [
        o.strip('"')
        for o in (Path(socket_folder()) / "data" / "postmaster.opts").read_text().split()[1:]
    ]
    kept = [o for n, o in enumerate(opts) if o != "-D" and (n == 0 or opts[n - 1] != "-D")]
    return " ".join(kept)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--before", type=float, default=10, help="seconds before the stop")
    parser.add_argument("--outage", type=float, default=10, help="seconds the database is down")
    parser.add_argument("--after", type=float, default=20, help="seconds after the restart")
    parser.add_argument("--quick", action="store_true", help="5 clients, 3 s phases")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--env", action="append", default=[], help="server environment K=V")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.before, args.outage, args.after = 5, 3, 3, 3
    env = parse_env(args.env)
    database = SdnDatabase().create()
    marks = {}
    try:
        ids = database.ids()
        options = restart_options()

        def maker(n):
            rng = random.Random(n)

            def make():
                if rng.random() < 0.5:
                    return "list", "GET", f"/api/v1/entities/?page={rng.randint(1, 20)}", None
                return "detail", "GET", f"/api/v1/entities/{rng.choice(ids)}/", None

            return make

        def outage(t0):
            time.sleep(args.before)
            log("stopping PostgreSQL (pg_ctl stop -m fast)")
            marks["stop"] = time.monotonic()
            pg_ctl("stop", "-m", "fast", "-w")
            time.sleep(max(0.0, args.outage - (time.monotonic() - marks["stop"])))
            log("starting PostgreSQL again")
            pg_ctl("start", "-w", "-l", str(Path(socket_folder()) / "log"), "-o", options)
            marks["start"] = time.monotonic()

        with Server(database.url, workers=2, threads=4, env=env) as server:
            label = server.label
            total = args.before + args.outage + args.after
            samples = run_clients(
                server.port, [maker(n) for n in range(args.clients)], total, during=outage
            )
            log_text = server.log_text()
        stop, start = marks["stop"], marks["start"]
        before = [s for s in samples if s.started < stop]
        during = [s for s in samples if stop <= s.started < start]
        after = [s for s in samples if s.started >= start]
        first_ok = min((s.started + s.seconds for s in after if s.status == 200), default=None)
        recovered = [s for s in after if first_ok is not None and s.started >= first_ok]
        errors_after = [s for s in recovered if s.status != 200]
        tracebacks = log_text.count("Traceback")
        out = [
            f"gunicorn `{label}`, {args.clients} clients (entity list pages and details), "
            f"full SDN list ({database.entities:,} entities). PostgreSQL stopped "
            f"(`pg_ctl stop -m fast`) for {start - stop:.1f} s, then started on the same data "
            "folder.",
            "",
        ]
        out += table(
            ["phase", "requests", "answers (status content type: count)"],
            [
                [f"before the stop ({args.before:.0f} s)", str(len(before)), statuses(before)],
                [f"database down ({start - stop:.1f} s)", str(len(during)), statuses(during)],
                [f"after the restart ({args.after:.0f} s)", str(len(after)), statuses(after)],
            ],
        )
        out += [
            "",
            "Seconds from the restart to the first 200: "
            + (f"{first_ok - start:.2f}" if first_ok is not None else "never")
            + f". Errors after recovery (after that first 200): {len(errors_after)}"
            + (f" ({statuses(errors_after)})" if errors_after else "")
            + f". `Traceback` lines in the server log: {tracebacks:,} "
            f"({len(log_text.splitlines()):,} log lines in all).",
        ]
        publish("\n".join(out) + "\n", args.markdown)
    finally:
        database.drop()


if __name__ == "__main__":
    main()
