#!/usr/bin/env python
"""Benchmark: importing a full-size OFAC SDN list, first time, day to day, and unchanged.

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/import_lists.py
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/import_lists.py

It builds a full-size SDN folder from the real samples (``bench/build_full_sdn.py``: 15,000
entries, 20,000 aliases, 24,000 addresses), its next day's version (10 entries removed, 10
added, 20 changed) and a byte-different copy with the same entries (LF line endings), then
measures on its own database (SQLite: a temporary file; PostgreSQL: new databases in the
cluster that DATABASE_URL points at), never the project's, each in a fresh process that runs
alone:

- the bare parse, ``importer.parsers.ofac.parse_source``, best of 3 (the limit);
- the first import of the full list into an empty migrated database: wall time, where it
  goes (by the import's progress stages), rows written per table, SQL statements, time in
  the cyclic garbage collector, peak RSS;
- the database's limit for the same writes (``--no-copy-limit`` skips it): the rows the first
  import wrote, read out of its database beforehand (PostgreSQL: ``COPY table TO STDOUT``;
  SQLite: ``SELECT *``), written into another empty migrated database in one transaction
  (PostgreSQL: its own ``COPY table FROM STDIN``; SQLite: ``executemany`` of the tuples):
  the whole, and COMMIT alone;
- the unchanged re-import of the same folder (the file-hash path), best of 3, and of the
  byte-different copy (the entry-digest path), best of 3, each beside the bare parse;
- the next day's update: wall time, counts, rows written;
- the same sequence through ``manage.py import_list`` in a subprocess, on a second empty
  database, to show the command's start-up cost separately;
- the first import and the update once more under cProfile, on a third empty database: the
  top costs.

Targets (issue 4) are reported pass/fail: first import <= 20 s, update <= 3 s, unchanged
re-import <= 1.5x the bare parse. It prints a Markdown report (``--markdown PATH`` writes it
too). A benchmark, not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import hashlib
import json
import os
import pstats
import resource
import secrets
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]  # project, bench/

from _common import (  # noqa: E402 (bench/ on the path first)
    Databases,
    GcTimer,
    QueryCounter,
    busy_cores,
    configure_database,
    current_rss,
    database_url,
    database_version,
    git,
    log,
    machine,
    machine_cpu,
    mib,
    peak_rss,
    postgres_connect_kwargs,
    proc_stat,
    publish,
    setup_django,
    start_worker,
    table,
    tree_cpu,
    wait_quiet,
    worker_output,
)

DB_ENV = "BENCH_IMPORT_DB"  # how the orchestrator tells its workers which database to use
SOURCE = "ofac-sdn"
TARGETS = {"first": 20.0, "update": 3.0, "unchanged": 1.5}


# Time ------------------------------------------------------------------------------------
def own_cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


POSTMASTER: list[int] = []  # the PostgreSQL server's main process, when there is one


def server_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server: its main process, the children it
    has reaped (backends that exited) and the children still running. None if unknown."""
    if not POSTMASTER:
        return None
    try:
        return tree_cpu(POSTMASTER[0])
    except (OSError, ValueError, IndexError):
        return None


class Meter:
    """Wall time, this process's CPU time, the PostgreSQL server's CPU time, and how busy the
    whole machine was meanwhile; *others* is what the rest of the machine used (in CPUs), so
    that a run that shared the 2 CPUs with other work can be told and measured again."""

    def __init__(self, who: int = resource.RUSAGE_SELF):
        self.who = who

    def __enter__(self):
        self.machine = machine_cpu()
        self.cpu = own_cpu(self.who)
        self.server = server_cpu()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        self.cpu = own_cpu(self.who) - self.cpu
        self.busy = busy_cores(self.machine, machine_cpu())
        server = server_cpu()
        self.server = server - self.server if server is not None and self.server is not None else 0
        self.others = None
        if self.busy is not None and self.wall > 0:
            self.others = max(0.0, self.busy - (self.cpu + self.server) / self.wall)

    def as_dict(self) -> dict:
        return {
            "wall": self.wall,
            "cpu": self.cpu,
            "server_cpu": self.server,
            "busy": self.busy,
            "others": self.others,
        }


class Stages:
    """The import's progress callback: when it finished parsing, comparing, writing."""

    def __init__(self):
        self.started = time.perf_counter()
        self.at: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if done == total:
            self.at[stage] = time.perf_counter() - self.started


# Workers: one measurement each, in a fresh process -----------------------------------------
def table_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def one_import(path: str, *, count_rows: bool) -> dict:
    from django.db import connection

    from importer.services import import_list

    before = table_counts() if count_rows else {}
    gc.collect()
    counter = QueryCounter()
    stages = Stages()
    rss_before = current_rss()
    with connection.execute_wrapper(counter), GcTimer() as gc_timer, Meter() as meter:
        stages.started = meter.started
        result = import_list(SOURCE, path, progress=stages)
    run = result.run
    after = table_counts() if count_rows else {}
    written = {t: after[t] - before.get(t, 0) for t in after if after[t] != before.get(t, 0)}
    return {
        "path": path,
        **meter.as_dict(),
        "status": run.status,
        "counts": {
            k: getattr(run, k)
            for k in ("entries", "added", "changed", "delisted", "unchanged", "warnings")
        }
        | {"linked": run.linked, "conflicts": run.conflicts},
        "differences": len(result.differences),
        "stages": stages.at,
        "queries": counter.count,
        "gc_seconds": gc_timer.seconds,
        "rss_before": rss_before,
        "rss_peak": peak_rss(),
        "written": written,
    }


def warm_up() -> None:
    """Imports and the database connection, outside every timed region."""
    from django.db import connection

    import importer.parsers.ofac
    import importer.services  # noqa: F401

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        # On another machine's server there is no /proc entry: no accounting of its CPU.
        with contextlib.suppress(OSError, ValueError, IndexError):
            POSTMASTER.append(int(proc_stat(backend)[1]))


def timed_parse(path: str) -> tuple[dict, object]:
    """The bare parse: ``parse_source``, then every entry of it materialised.

    Where the parser returns its entries lazily (normalising each on first access), the
    second step normalises them all, so that the figure is the whole parse whatever the
    parser's shape; ``read`` is ``parse_source`` alone (on a lazy parser, reading the rows).
    """
    from importer.parsers.ofac import parse_source

    gc.collect()  # the previous run's records are gone: each run starts alike
    with GcTimer() as gc_timer, Meter() as meter:
        started = time.perf_counter()
        parsed = parse_source(path, kind="sdn")
        read = time.perf_counter() - started
        entries = list(parsed.entries)
    del entries
    return {**meter.as_dict(), "gc_seconds": gc_timer.seconds, "read": read}, parsed


def worker_parse(paths: list[str], repeat: int) -> dict:
    runs = []
    for path in paths:
        meters, records = [], None
        for _ in range(repeat):
            meter, parsed = timed_parse(path)
            meters.append(meter)
            if records is None:
                records = summarise(parsed)
            del parsed
        runs.append(
            {
                "path": path,
                "runs": meters,
                "walls": [m["wall"] for m in meters],
                "wall": min(m["wall"] for m in meters),
                "read": min(m["read"] for m in meters),
                "rss_peak": peak_rss(),
                "records": records,
            }
        )
    return {"runs": runs}


def summarise(parsed) -> dict:
    entries = parsed.entries
    return {
        "entries": len(entries),
        "aliases": sum(len(e.aliases) for e in entries),
        "of which weak": sum(a.weak for e in entries for a in e.aliases),
        "identifiers": sum(len(e.identifiers) for e in entries),
        "countries": sum(len(e.countries) for e in entries),
        "addresses": sum(len(e.addresses) for e in entries),
        "dates": sum(len(e.dates) for e in entries),
        "links": sum(len(e.links) for e in entries),
        "designations": sum(len(e.programmes) for e in entries),
        "programmes": len({p.code for e in entries for p in e.programmes}),
        "warnings": len(parsed.warnings),
    }


def worker_import(paths: list[str], count_rows: bool, parse_beside: str | None) -> dict:
    """Import each folder in turn. With ``parse_beside`` ("before" or "after"), also time a
    bare parse of the same folder in the same process, just before or just after each import,
    so that the two compare under the same conditions (this machine's speed drifts by some
    10% from minute to minute). After, for a first import, so that the parse's left-overs do
    not weigh on the import's memory."""

    def bare_parse(path: str) -> dict:
        meter, parsed = timed_parse(path)
        del parsed
        return meter

    runs = []
    for path in paths:
        before = bare_parse(path) if parse_beside == "before" else None
        run = one_import(path, count_rows=count_rows)
        after = bare_parse(path) if parse_beside == "after" else None
        runs.append({**run, "parse": before or after})
    return {"runs": runs}


def profile_label(key: tuple) -> str:
    filename, line, function = key
    if filename == "~":
        return function
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1 :]
        return f"{'/'.join(rest)}:{line}({function})"
    if is_project(filename):
        return f"{path.relative_to(ROOT)}:{line}({function})"
    return f"{path.name}:{line}({function})"


def is_project(filename: str) -> bool:
    """A file of the project's own code (not the virtualenv's packages, not the stdlib)."""
    path = Path(filename)
    return path.is_relative_to(ROOT) and "site-packages" not in path.parts


def profile_group(key: tuple) -> str:
    """Which code a function belongs to, to add up its own time."""
    filename, _, function = key
    if filename == "~":
        for driver in ("sqlite3", "psycopg", "_csv", "_hashlib", "_sre", "re.Pattern"):
            if driver in function:
                return {"_hashlib": "hashlib (C)", "_sre": "re (C)", "re.Pattern": "re (C)"}.get(
                    driver, f"{driver} (C)"
                )
        return "other built-ins"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1]
    if is_project(filename):
        rel = path.relative_to(ROOT)
        top = rel.parts[0]
        if top == "importer" and len(rel.parts) > 2:
            return f"{top}/{rel.parts[1]}/"
        return f"{top}/{rel.name}" if top == "importer" else f"{top}/"
    return f"stdlib {path.stem}"


def worker_profile(paths: list[str], top: int) -> dict:
    from importer.services import import_list

    out = []
    for path in paths:
        profiler = cProfile.Profile()
        gc.collect()
        with GcTimer() as gc_timer:
            started = time.perf_counter()
            profiler.enable()
            result = import_list(SOURCE, path)
            profiler.disable()
            wall = time.perf_counter() - started
        stats = pstats.Stats(profiler)
        entries = stats.stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
        total = sum(v[2] for v in entries.values())
        groups: dict[str, float] = defaultdict(float)
        for key, value in entries.items():
            groups[profile_group(key)] += value[2]

        def row(key, value):
            return {
                "function": profile_label(key),
                "calls": value[1],
                "tottime": value[2],
                "cumtime": value[3],
            }

        by_tottime = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
        ours = [kv for kv in entries.items() if kv[0][0] != "~" and is_project(kv[0][0])]
        by_cumtime = sorted(ours, key=lambda kv: kv[1][3], reverse=True)[:top]
        out.append(
            {
                "path": path,
                "wall": wall,
                "gc_seconds": gc_timer.seconds,
                "status": result.run.status,
                "counts": {k: getattr(result.run, k) for k in ("added", "changed", "delisted")},
                "total": total,
                "groups": sorted(groups.items(), key=lambda kv: kv[1], reverse=True),
                "tottime": [row(k, v) for k, v in by_tottime],
                "cumtime": [row(k, v) for k, v in by_cumtime],
            }
        )
    return {"runs": out}


def worker_command(paths: list[str], url: str) -> dict:
    """``manage.py import_list`` in a subprocess per path; then the run it recorded."""
    from importer.models import ImportRun

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "IGNORE_DOTENV": "true",
    }
    env.pop(DB_ENV, None)
    runs = []
    for path in paths:
        command = [sys.executable, "manage.py", "import_list", SOURCE, path]
        with Meter(resource.RUSAGE_CHILDREN) as meter:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
        run = ImportRun.objects.order_by("-id").first()
        runs.append(
            {
                "path": path,
                **meter.as_dict(),
                "own": (run.finished_at - run.started_at).total_seconds(),
                "status": run.status,
                "counts": {k: getattr(run, k) for k in ("added", "changed", "delisted")},
                "output": done.stdout.strip(),
            }
        )
    return {"runs": runs}


def table_order(tables: list[str]) -> list[str]:
    """The tables, each after those its foreign keys point at (among them). A cycle, were
    there one, is left to the constraints being checked at COMMIT (Django's foreign keys are
    DEFERRABLE INITIALLY DEFERRED on both databases)."""
    from django.db import connection

    with connection.cursor() as cursor:
        needs = {
            name: {
                other
                for _, other in connection.introspection.get_relations(cursor, name).values()
                if other in tables and other != name
            }
            for name in tables
        }
    order = []
    while needs:
        ready = sorted(t for t, n in needs.items() if not n) or [min(needs)]
        order += ready
        for name in ready:
            del needs[name]
        for waiting in needs.values():
            waiting.difference_update(ready)
    return order


def read_tables(source: str, tables: list[str]) -> dict[str, tuple]:
    """Every row of each table of the database ``source``, in memory: on PostgreSQL the text
    of ``COPY table TO STDOUT`` and its number of rows; on SQLite the column names and the
    rows of ``SELECT *``, as the driver returns them (no conversion)."""
    from django.conf import settings
    from django.db import connection

    out = {}
    if connection.vendor == "postgresql":
        import psycopg

        kwargs = postgres_connect_kwargs(settings.DATABASES["default"], source)
        with psycopg.connect(**kwargs) as conn, conn.cursor() as cursor:
            for name in tables:
                with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                    data = b"".join(copy)
                out[name] = (data, data.count(b"\n"))
        return out
    import sqlite3

    conn = sqlite3.connect(source)
    try:
        for name in tables:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            rows = cursor.fetchall()
            out[name] = ([d[0] for d in cursor.description], rows)
    finally:
        conn.close()
    return out


def insert_sql(table: str, columns: list[str]) -> str:
    """sqlite3's INSERT of one row of ``columns`` (``?`` placeholders, for executemany)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'


def worker_copy_limit(source: str, written: dict[str, int]) -> dict:
    """The limit of the first import's writes: the rows it wrote, read out of ``source`` (the
    database after it) beforehand, written by the database's fastest path into this worker's
    database (another empty migrated one), in one transaction, as the import writes them:
    PostgreSQL's own ``COPY table FROM STDIN`` of the text ``COPY table TO STDOUT`` gave;
    on SQLite (no COPY) ``executemany`` of the tuples ``SELECT *`` gave. Ids are copied as
    they are: the sequences play no part. Timed: from BEGIN to the end of COMMIT, and COMMIT
    alone (where the deferred foreign keys are checked)."""
    from django.db import connection

    order = table_order(sorted(written))
    started = time.perf_counter()
    data = read_tables(source, order)
    read = time.perf_counter() - started
    postgres = connection.vendor == "postgresql"
    for name in order:
        rows = data[name][1] if postgres else len(data[name][1])
        if rows != written[name]:
            raise RuntimeError(
                f"{name}: {rows} rows in the database after the first import, which wrote "
                f"{written[name]}: the table had rows before, which the limit would copy too"
            )
    raw = connection.connection  # the driver's own connection, in autocommit (Django's way)
    statements = {
        name: f'COPY "{name}" FROM STDIN' if postgres else insert_sql(name, data[name][0])
        for name in order
    }
    cursor = raw.cursor()
    gc.collect()
    with GcTimer() as gc_timer, Meter() as meter:
        cursor.execute("BEGIN")
        for name in order:
            if postgres:
                with cursor.copy(statements[name]) as copy:
                    copy.write(data[name][0])
            else:
                cursor.executemany(statements[name], data[name][1])
        committing = time.perf_counter()
        cursor.execute("COMMIT")
        commit = time.perf_counter() - committing
    cursor.close()
    counts = table_counts()
    wrong = {t: (counts.get(t), n) for t, n in written.items() if counts.get(t) != n}
    if wrong:
        raise RuntimeError(f"the limit wrote other numbers of rows (got, expected): {wrong}")
    return {
        **meter.as_dict(),
        "commit": commit,
        "gc_seconds": gc_timer.seconds,
        "rows": sum(written.values()),
        "tables": len(order),
        "bytes": sum(len(data[t][0]) for t in order) if postgres else None,
        "read": read,
        "rss_peak": peak_rss(),
    }


def run_worker(args: argparse.Namespace) -> None:
    configure_database(DB_ENV)
    setup_django()
    warm_up()
    paths = args.paths.split(os.pathsep) if args.paths else []
    if args.worker == "parse":
        if args.gc_off:
            gc.disable()
        result = worker_parse(paths, args.repeat)
    elif args.worker == "import":
        result = worker_import(paths, count_rows=not args.no_counts, parse_beside=args.parse)
    elif args.worker == "profile":
        result = worker_profile(paths, args.top)
    elif args.worker == "command":
        result = worker_command(paths, args.url)
    elif args.worker == "copy-limit":
        result = {"runs": [worker_copy_limit(args.source, json.loads(args.written))]}
    else:
        sys.exit(f"unknown worker {args.worker}")
    print(json.dumps(result))


# Orchestrator ------------------------------------------------------------------------------
OPTIONS = {"quiet_wait": 600.0}  # --quiet-wait


def spawn(mode: str, database: str, paths: list[str], *extra: str) -> list[dict]:
    """One measurement in a fresh process, alone on the machine (as far as we can tell)."""
    wait_quiet(OPTIONS["quiet_wait"])
    started = time.perf_counter()
    process = start_worker(
        __file__, DB_ENV, database, [mode, "--paths", os.pathsep.join(paths), *extra]
    )
    runs = worker_output(process, f"{mode} {paths}")["runs"]
    names = ", ".join(Path(p).name for p in paths) or Path(database).name
    log(f"  {mode:<8} {names}: {time.perf_counter() - started:6.1f} s")
    return runs


def code_state() -> str:
    """The commit, the files not committed, and a digest of importer/'s code."""
    commit = git("rev-parse", "--short", "HEAD")
    digest = hashlib.sha256()
    for path in sorted((ROOT / "importer").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    state = f"commit `{commit}`" if commit else "not a git checkout"
    changed = git("status", "--porcelain", "--untracked-files=no")
    if changed:
        places = sorted({line[3:].split("/")[0] for line in changed.splitlines()})
        state += f" with uncommitted changes in {', '.join(places)}"
    return f"{state}; SHA-256 of importer/**/*.py `{digest.hexdigest()[:12]}`"


def orchestrate(args: argparse.Namespace) -> None:
    # A SIGTERM (timeout, kill) still removes the benchmark's databases and files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    began = time.perf_counter()
    databases = Databases.configured(DB_ENV, "import", "empty")  # main: the empty migrated database
    try:
        report = run_all(args, databases, began)
    finally:
        databases.remove()
    publish(report, args.markdown)


def run_all(args: argparse.Namespace, databases: Databases, began: float) -> str:
    import django

    django.setup()
    import build_full_sdn
    from django.core.management import call_command

    vendor = databases.vendor
    info = {
        **machine(),
        "database": database_version(vendor),
        "django": django.get_version(),
        "code": code_state(),
    }
    log(f"{info['database']}; building the data in {databases.scratch}")
    data = Path(databases.scratch) / "data"
    day1, lf, day2 = str(data / "sdn-day1"), str(data / "sdn-day1-lf"), str(data / "sdn-day2")
    started = time.perf_counter()
    built = build_full_sdn.build(
        day1,
        seed=args.seed,
        entries=args.entries,
        aliases=args.aliases,
        addresses=args.addresses,
    )
    build_full_sdn.with_lf(day1, lf)
    nextday = build_full_sdn.next_day(day1, day2, seed=args.seed + 1)
    setup = {"build": time.perf_counter() - started}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    setup["migrate"] = time.perf_counter() - started
    from django.db import connections

    connections.close_all()

    results: dict = {"built": built, "nextday": nextday, "setup": setup}
    retries: list[str] = []
    results["retries"] = retries

    def measured(label: str, attempt, tries: int = 3) -> list[dict]:
        """Run attempt(k) until no run of a second or more shared the machine with other work
        (more than 0.35 of a CPU used by other processes), at most ``tries`` times."""
        for k in range(tries):
            runs = attempt(k)
            timed = [
                r
                for run in runs
                for r in (run, run.get("parse"), *run.get("runs", ()))
                if r and r["wall"] >= 0.5
            ]
            worst = max((r.get("others") or 0.0 for r in timed), default=0.0)
            if worst <= 0.35:
                return runs
            retries.append(f"{label} (other work used {worst:.2f} CPUs)")
            log(f"  other work used {worst:.2f} CPUs during {label}: measuring again")
        return runs

    log("bare parse, best of 3, each folder")
    parses = measured(
        "the bare parses",
        lambda k: spawn("parse", databases.main, [day1, lf, day2], "--repeat", "3"),
    )
    results["parse"] = dict(zip(("day1", "lf", "day2"), parses, strict=True))
    log("what-if: the bare parse with the cyclic garbage collector off, best of 3")
    results["parse_nogc"] = measured(
        "the bare parses without GC",
        lambda k: spawn("parse", databases.main, [day1], "--repeat", "3", "--gc-off"),
    )[0]

    log("imports into an empty migrated database")
    state = {"main": None, "last": day1}

    def first_import(k: int) -> list[dict]:
        state["main"] = databases.copy(f"main{k}")
        return spawn("import", state["main"], [day1], "--parse", "after")

    results["first"] = measured("the first import", first_import)[0]
    if not args.no_copy_limit:
        # The database's own limit for the same writes, read out of the database the first
        # import just wrote (before anything else changes it), written into another empty one.
        how = "COPY" if databases.vendor == "postgresql" else "executemany"
        log(f"the limit: the first import's rows written by {how} into another empty database")
        written = json.dumps(results["first"]["written"])
        results["copy"] = measured(
            f"the {how} limit",
            lambda k: spawn(
                "copy-limit",
                databases.copy(f"copy{k}"),
                [],
                "--source",
                state["main"],
                "--written",
                written,
            ),
        )[0]
    results["hash"] = measured(
        "the file-hash re-imports",
        lambda k: spawn("import", state["main"], [day1, day1, day1], "--parse", "before"),
    )

    def digest(k: int) -> list[dict]:
        # Each folder must differ from the last one applied: LF, CRLF, LF or CRLF, LF, CRLF.
        order = [lf, day1, lf] if state["last"] == day1 else [day1, lf, day1]
        state["last"] = order[-1]
        return spawn("import", state["main"], order, "--parse", "before")

    results["digest"] = measured("the entry-digest re-imports", digest)
    before_update = databases.copy_of(state["main"], "before-update")

    def update(k: int) -> list[dict]:
        if k:
            state["main"] = databases.copy_of(before_update, f"update{k}")
        return spawn("import", state["main"], [day2], "--parse", "after")

    results["update"] = measured("the update", update)[0]
    results["hash2"] = spawn("import", state["main"], [day2], "--no-counts")[0]

    if not args.no_command:
        log("the same through manage.py import_list, on another empty database")

        def command(k: int) -> list[dict]:
            db = databases.copy(f"command{k}")
            url = database_url(databases.vendor, db)
            return spawn("command", db, [day1, day1, lf, day2], "--url", url)

        results["command"] = measured("the manage.py runs", command)
    if not args.no_profile:
        log("first import and update under cProfile, on another empty database")
        db = databases.copy("profile")
        results["profile"] = spawn("profile", db, [day1, day2], "--top", str(args.top))
    info["code_after"] = code_state()
    elapsed = time.perf_counter() - began
    return render(info, vendor, results, elapsed)


# Report ------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "**pass**" if ok else "**FAIL**"


def counts_text(run: dict) -> str:
    c = run["counts"]
    return f"{c['added']:,} / {c['changed']:,} / {c['delisted']:,}"


def stage_rows(run: dict) -> list[list[str]]:
    """Where an import's time goes, from its progress callbacks (a stage it did not report
    as finished is merged into the next one)."""
    at, wall = run["stages"], run["wall"]
    if "parsed" not in at:
        return []
    labels = {
        "parsed": "to `parsed`: fingerprint, last run, `parse_source`",
        "compared": "to `compared`: digests (normalising lazy entries), queue new records, "
        "apply changes",
        "written": "to `written`: links; bulk writes of records, history, citations",
    }
    rows, previous, pending = [], 0.0, []
    for stage in ("parsed", "compared", "written"):
        if stage not in at:
            pending.append(labels[stage].split(": ", 1)[1] + f" (no `{stage}` reported)")
            continue
        label = labels[stage]
        if pending:
            label += "; and " + "; ".join(pending)
            pending = []
        rows.append((label, previous, at[stage]))
        previous = at[stage]
    rest = "the rest: entry states, delistings, run record, differences"
    if pending:
        rest += "; and " + "; ".join(pending)
    rows.append((rest, previous, wall))
    return [[label, f"{b - a:.2f}", f"{(b - a) / wall:.0%}"] for label, a, b in rows]


def written_rows(run: dict) -> str:
    written = run["written"]
    total = sum(written.values())
    parts = ", ".join(
        f"`{t}` {n:,}" for t, n in sorted(written.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"{total:,} rows: {parts}"


def copy_limit_text(vendor: str, copy: dict, first: dict) -> str:
    """The first import beside the database's limit for the same writes."""
    if vendor == "postgresql":
        how = "PostgreSQL's own COPY"
        detail = (
            f"`COPY table FROM STDIN` for each of the {copy['tables']} tables, of the "
            f"{copy['bytes'] / 1e6:.1f} MB of text that `COPY table TO STDOUT` gave beforehand"
        )
    else:
        how = "`executemany` (SQLite has no COPY)"
        detail = (
            f"an `executemany` of `INSERT` for each of the {copy['tables']} tables, of the "
            "tuples that `SELECT *` gave beforehand"
        )
    return (
        f" Writing the same {copy['rows']:,} rows by {how}: {copy['wall']:.2f} s, of which "
        f"COMMIT {copy['commit']:.2f} s (in a fresh process, into another empty migrated "
        f"database, in one transaction: {detail}); the first import takes "
        f"{first['wall'] / copy['wall']:.1f} times as long."
    )


def render(info: dict, vendor: str, results: dict, elapsed: float) -> str:
    name = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    built, parse = results["built"], results["parse"]
    out = [f"### {name}", ""]
    out.append(
        f"{info['database']}, Python {info['python']}, Django {info['django']}; "
        f"{info['cpus']} CPUs, {info['memory']} RAM; {info['platform']}. "
        f"Code: {info['code']}. Whole run: {elapsed / 60:.1f} min."
    )
    sizes = ", ".join(f"`{n}` {b / 1e6:.2f} MB" for n, b in built["bytes"].items())
    records = parse["day1"]["records"]
    out += [
        "",
        f"Data (built in {results['setup']['build']:.1f} s; migrate "
        f"{results['setup']['migrate']:.1f} s): {built['entries']:,} entries "
        f"({built['individuals']:,} individuals, {built['vessels']:,} vessels, "
        f"{built['aircraft']:,} aircraft), {built['aliases']:,} alias rows, "
        f"{built['addresses']:,} address rows, {built['continued remarks']} remarks continued "
        f"in the comments file; {sizes}. Parsed: "
        + ", ".join(f"{v:,} {k}" for k, v in records.items())
        + ".",
    ]
    nd = results["nextday"]
    out += [
        "",
        f"Next day: {len(nd['removed'])} entries removed, {len(nd['added'])} added, "
        f"{len(nd['changed'])} changed (a new alias, a changed address or a changed remark, "
        "in turn).",
    ]

    p1 = parse["day1"]["wall"]
    first, update = results["first"], results["update"]

    def best(runs: list[dict]) -> tuple[dict, float]:
        """The fastest import, and the fastest bare parse timed beside it."""
        return min(runs, key=lambda r: r["wall"]), min(r["parse"]["wall"] for r in runs)

    hash_best, hash_parse = best(results["hash"])
    digest_best, digest_parse = best(results["digest"])
    rows = [
        [
            "bare parse: `parse_source` and every entry normalised, day 1 (own process, best of 3)",
            "-",
            "-",
            f"{p1:.2f}",
            "",
            "",
            "(the limit)",
            "",
        ],
        [
            "what-if, not shipped: the same parse with `gc.disable()` (best of 3)",
            "-",
            "-",
            f"{results['parse_nogc']['wall']:.2f}",
            "",
            f"{results['parse_nogc']['wall'] / p1:.2f}",
            "",
            "",
        ],
    ]
    copy = results.get("copy")
    if copy:
        how = (
            "PostgreSQL's own `COPY table FROM STDIN`"
            if vendor == "postgresql"
            else "`executemany` of tuples in memory (SQLite has no COPY)"
        )
        rows.append(
            [
                f"writing the first import's {copy['rows']:,} rows by {how} into another empty "
                f"database, one transaction, COMMIT included ({copy['commit']:.2f} s of it); "
                "own process",
                "-",
                "-",
                f"{copy['wall']:.2f}",
                "",
                "",
                "(the limit)",
                "",
            ]
        )
    for label, run, parse_s, target, ok in (
        (
            "first import, empty database",
            first,
            first["parse"]["wall"],
            f"<= {TARGETS['first']:.0f} s",
            first["wall"] <= TARGETS["first"],
        ),
        (
            "update to the next day",
            update,
            update["parse"]["wall"],
            f"<= {TARGETS['update']:.0f} s",
            update["wall"] <= TARGETS["update"],
        ),
        (
            "unchanged: same folder again (file-hash path), best of 3",
            hash_best,
            hash_parse,
            f"<= {TARGETS['unchanged']}x parse",
            hash_best["wall"] <= TARGETS["unchanged"] * hash_parse,
        ),
        (
            "unchanged entries, other bytes (LF/CRLF copies: entry-digest path), best of 3",
            digest_best,
            digest_parse,
            f"<= {TARGETS['unchanged']}x parse",
            digest_best["wall"] <= TARGETS["unchanged"] * digest_parse,
        ),
    ):
        rows.append(
            [
                label,
                run["status"],
                counts_text(run),
                f"{run['wall']:.3f}" if run["wall"] < 0.1 else f"{run['wall']:.2f}",
                f"{parse_s:.2f}",
                f"{run['wall'] / parse_s:.3f}"
                if run["wall"] < 0.1
                else f"{run['wall'] / parse_s:.2f}",
                target,
                verdict(ok),
            ]
        )
    out += [
        "",
        "Each import in a fresh process, in this order, on the same database; *bare parse* is "
        "the same folder's bare parse timed in the same process just before the import "
        "(just after it for the first import and the update; for best-of-3 lines, the best "
        "of the three parses):",
        "",
    ]
    out += table(
        [
            "what",
            "status",
            "added / changed / delisted",
            "wall s",
            "bare parse s",
            "x bare parse",
            "target",
            "",
        ],
        rows,
    )
    pairs = ", ".join(f"{r['wall'] / r['parse']['wall']:.2f}" for r in results["digest"])
    read = parse["day1"]["read"]
    digest_read = min(r["parse"]["read"] for r in results["digest"])
    out += [
        "",
        f"Entry-digest path, import / bare parse for each of the three pairs: {pairs}.",
        "",
        f"Of the bare parse, `parse_source` itself took {read:.2f} s (day 1, best of 3), the "
        f"rest normalising the entries (where `parse_source` returns them lazily, it only "
        f"reads the rows). Against `parse_source` alone the entry-digest path takes "
        f"{digest_best['wall'] / digest_read:.2f} times as long, the first import "
        f"{first['wall'] / first['parse']['read']:.1f} times.",
    ]
    out += [
        "",
        "Every timed run, in order (*CPU* is the measuring process's own CPU time, *GC* the "
        "part of the wall time spent in Python's cyclic garbage collector, *database server "
        "CPU* what the PostgreSQL server's processes used meanwhile; *machine busy* the average "
        "number of the machine's 2 CPUs in use, *other work* what remains of it after the "
        "measuring process and the database server: a run with more than 0.35 is measured "
        "again, up to 3 times; figures for runs under a second are coarse):",
        "",
    ]
    timeline = [(f"bare parse, day 1, run {i}", r) for i, r in enumerate(parse["day1"]["runs"], 1)]
    timeline += [(f"bare parse, LF copy, run {i}", r) for i, r in enumerate(parse["lf"]["runs"], 1)]
    timeline += [(f"bare parse, day 2, run {i}", r) for i, r in enumerate(parse["day2"]["runs"], 1)]
    imports = [("first import (day 1)", first, "after")]
    imports += [
        (f"day 1 again, file-hash path, run {i}", r, "before")
        for i, r in enumerate(results["hash"], 1)
    ]
    imports += [
        (
            f"{'LF copy' if '-lf' in r['path'] else 'CRLF folder'}, entry-digest path, run {i}",
            r,
            "before",
        )
        for i, r in enumerate(results["digest"], 1)
    ]
    imports.append(("update to day 2", update, "after"))
    for label, run, when in imports:
        parse_line = (f"- bare parse of the same folder, just {when}", run["parse"])
        timeline += [parse_line, (label, run)] if when == "before" else [(label, run), parse_line]
        if run is first and copy:
            how = "COPY" if vendor == "postgresql" else "executemany"
            timeline.append((f"limit: the same rows by {how}, another empty database", copy))
    timeline.append(("day 2 again, file-hash path", results["hash2"]))

    def cores(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    out += table(
        [
            "run",
            "wall s",
            "CPU s",
            "of which cyclic GC s",
            "database server CPU s",
            "machine busy, CPUs",
            "other work, CPUs",
        ],
        [
            [
                label,
                f"{r['wall']:.3f}",
                f"{r['cpu']:.3f}",
                f"{r['gc_seconds']:.2f}",
                f"{r.get('server_cpu') or 0:.2f}" if vendor == "postgresql" else "-",
                cores(r.get("busy")),
                cores(r.get("others")),
            ]
            for label, r in timeline
        ],
    )
    if results.get("retries"):
        out += [
            "",
            "Measured again because other work shared the machine: "
            + "; ".join(results["retries"])
            + ". The figures above are from the last attempt.",
        ]
    if info.get("code_after") and info["code_after"] != info["code"]:
        out += [
            "",
            f"**The importer's code changed during the run** (now {info['code_after']}): "
            "the figures may mix two versions.",
        ]

    # The first import and the update in detail.
    for label, run in (("First import", first), ("Update to the next day", update)):
        c = run["counts"]
        out += [
            "",
            f"{label}: {run['wall']:.2f} s; {c['entries']:,} entries: {c['added']:,} added, "
            f"{c['changed']:,} changed, {c['delisted']:,} delisted, {c['unchanged']:,} "
            f"unchanged, {c['linked']} linked, {c['conflicts']} conflicts, {c['warnings']} "
            f"warnings; {run['differences']:,} differences recorded. "
            f"{run['queries']:,} SQL statements through Django (the bulk inserts go to the "
            f"driver and are not counted); cyclic GC {run['gc_seconds']:.2f} s "
            f"({run['gc_seconds'] / run['wall']:.0%}); RSS {mib(run['rss_before'])} MiB before, "
            f"peak {mib(run['rss_peak'])} MiB (the bare parse's process: "
            f"{mib(parse['day1']['rss_peak'])} MiB). Written: {written_rows(run)}."
            + (copy_limit_text(vendor, copy, run) if run is first and copy else ""),
            "",
        ]
        out += table(["stage", "s", "share"], stage_rows(run))

    digest = results["digest"][0]
    if digest["stages"]:
        out += ["", "Entry-digest path (first of the three runs), by stage:", ""]
        out += table(["stage", "s", "share"], stage_rows(digest))

    command = results.get("command")
    if command:
        labels = [
            "first import",
            "unchanged, same folder (file-hash path)",
            "unchanged entries, LF copy (entry-digest path)",
            "update to the next day",
        ]
        out += [
            "",
            "Through `manage.py import_list ofac-sdn PATH` in a subprocess (DEBUG off), the "
            "same sequence on another empty database; *own* is the run's `finished_at - "
            "started_at` as recorded; start-up is the rest (interpreter, Django set-up, "
            "imports, connection):",
            "",
        ]
        out += table(
            [
                "what",
                "status",
                "added / changed / delisted",
                "wall s",
                "own s",
                "start-up s",
                "other work, CPUs",
            ],
            [
                [
                    label,
                    r["status"],
                    counts_text(r),
                    f"{r['wall']:.2f}",
                    f"{r['own']:.2f}",
                    f"{r['wall'] - r['own']:.2f}",
                    "-" if r.get("others") is None else f"{r['others']:.2f}",
                ]
                for label, r in zip(labels, command, strict=True)
            ],
        )

    profile = results.get("profile")
    if profile:
        for label, run in zip(("first import", "update to the next day"), profile, strict=True):
            out += [
                "",
                f"cProfile of the {label} (another empty database; {run['wall']:.1f} s under "
                f"the profiler, {run['total']:.1f} s of own time counted, of which "
                f"{run['gc_seconds']:.1f} s in the cyclic garbage collector, which cProfile "
                "charges to whichever function was allocating): own time by code",
                "",
            ]
            out += table(
                ["code", "own s", "share"],
                [
                    [g, f"{s:.2f}", f"{s / run['total']:.0%}"]
                    for g, s in run["groups"][:12]
                    if s >= 0.005
                ],
            )
            out += ["", f"Top functions by own time ({label}):", ""]
            out += table(
                ["function", "calls", "own s", "cumulative s"],
                [
                    [
                        f"`{r['function']}`",
                        f"{r['calls']:,}",
                        f"{r['tottime']:.2f}",
                        f"{r['cumtime']:.2f}",
                    ]
                    for r in run["tottime"]
                ],
            )
            out += ["", f"The project's functions by cumulative time ({label}):", ""]
            out += table(
                ["function", "calls", "own s", "cumulative s"],
                [
                    [
                        f"`{r['function']}`",
                        f"{r['calls']:,}",
                        f"{r['tottime']:.2f}",
                        f"{r['cumtime']:.2f}",
                    ]
                    for r in run["cumtime"]
                ],
            )
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", help="also write the Markdown report to this file")
    parser.add_argument("--entries", type=int, default=15_000)
    parser.add_argument("--aliases", type=int, default=20_000)
    parser.add_argument("--addresses", type=int, default=24_000)
    parser.add_argument("--seed", type=int, default=20251201, help="random seed of the data")
    parser.add_argument(
        "--no-command", action="store_true", help="skip the manage.py import_list runs"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile runs")
    parser.add_argument(
        "--no-copy-limit",
        action="store_true",
        help="skip the limit of the first import: the same rows written by the database's "
        "own COPY (SQLite: executemany)",
    )
    parser.add_argument("--top", type=int, default=15, help="functions listed per profile")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--no-counts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--gc-off", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--parse", choices=["before", "after"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--written", help=argparse.SUPPRESS)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=OPTIONS["quiet_wait"],
        help="before each measurement, wait up to this many seconds for other work on the "
        "machine to stop (default 600)",
    )
    args = parser.parse_args(argv)
    OPTIONS["quiet_wait"] = args.quiet_wait
    if args.worker:
        run_worker(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
