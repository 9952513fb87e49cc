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
import platform
import pstats
import random
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

DB_ENV = "BENCH_IMPORT_DB"  # how the orchestrator tells its workers which database to use
SOURCE = "ofac-sdn"
MIB = 1024 * 1024
TARGETS = {"first": 20.0, "update": 3.0, "unchanged": 1.5}


# Database selection ------------------------------------------------------------------------
def configure_database(name: str | None = None) -> dict:
    """Point Django at the benchmark's own database, before anything connects.

    Returns the settings' original database dictionary (a copy) for the orchestrator.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctions_tracker.settings")
    from django.conf import settings

    database = settings.DATABASES["default"]
    original = dict(database)
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        vendor = "sqlite"
    elif engine.endswith("postgresql"):
        vendor = "postgresql"
    else:
        sys.exit(f"import_lists: unsupported database engine {engine}")
    if name is None:
        name = json.loads(os.environ[DB_ENV])["name"]
    database["NAME"] = name
    original["vendor"] = vendor
    return original


def postgres_connect_kwargs(database: dict, name: str) -> dict:
    kwargs = {
        "dbname": name,
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
    }
    return {k: str(v) for k, v in kwargs.items() if v}


def postgres_admin(database: dict, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        **postgres_connect_kwargs(database, database["NAME"]), autocommit=True
    ) as conn:
        conn.execute(sql)


def database_url(original: dict, name: str) -> str:
    """DATABASE_URL for ``manage.py`` in a subprocess, pointing at one of our databases."""
    if original["vendor"] == "sqlite":
        return f"sqlite:///{name}"
    url = os.environ["DATABASE_URL"]
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


# Memory and time ---------------------------------------------------------------------------
def current_rss() -> int:
    """Resident set size now, in bytes (Linux /proc; 0 where there is none)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_rss() -> int:
    """The process's peak resident set size so far, in bytes: VmHWM (see bench/README.md
    on why not ru_maxrss); elsewhere than Linux, ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class QueryCounter:
    """Counts the SQL statements Django executes (connection.execute_wrapper). The importer's
    bulk inserts go to the driver directly (executemany, COPY) and are not counted."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class GcTimer:
    """Adds up the time the cyclic garbage collector runs (gc.callbacks)."""

    def __init__(self):
        self.seconds = 0.0
        self.collections = 0
        self._started = 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections += 1

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


def machine_cpu() -> tuple[int, int]:
    """(all, idle) jiffies of the whole machine so far (Linux /proc/stat; zeros elsewhere)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    return sum(fields), fields[3] + fields[4]  # idle + iowait


def busy_cores(before: tuple[int, int], after: tuple[int, int]) -> float | None:
    """How many CPUs were busy on average between two machine_cpu() samples."""
    total, idle = after[0] - before[0], after[1] - before[1]
    if total <= 0:
        return None
    return (total - idle) / total * (os.cpu_count() or 1)


def own_cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


POSTMASTER: list[int] = []  # the PostgreSQL server's main process, when there is one


def _stat(pid: int | str) -> list[str]:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()  # fields from the 3rd (state) on


def server_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server: its main process, the children it
    has reaped (backends that exited) and the children still running. None if unknown."""
    if not POSTMASTER:
        return None
    postmaster = POSTMASTER[0]
    try:
        fields = _stat(postmaster)
        ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    except (OSError, ValueError, IndexError):
        return None
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
            if int(fields[1]) == postmaster:  # ppid
                ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


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
            POSTMASTER.append(int(_stat(backend)[1]))


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


def run_worker(args: argparse.Namespace) -> None:
    configure_database()
    import django
    from django.conf import settings

    # DEBUG only lets the settings start on the built-in key: switched off here so that the
    # connection does not keep every SQL statement (they are counted with a wrapper).
    settings.DEBUG = False
    django.setup()
    warm_up()
    paths = args.paths.split(os.pathsep)
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
    else:
        sys.exit(f"unknown worker {args.worker}")
    print(json.dumps(result))


# Orchestrator ------------------------------------------------------------------------------
def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def wait_quiet(limit: float, most: float = 0.3) -> float | None:
    """Wait (up to ``limit`` seconds) until other work uses less than ``most`` of a CPU, twice
    in a row a random 1 to 4 s apart (another benchmark that also waits for a quiet machine
    would otherwise start at the same moment); return what it used in the last second."""
    deadline = time.perf_counter() + limit
    warned, quiet_before = False, False
    rng = random.Random()
    while True:
        before = machine_cpu()
        time.sleep(1)
        busy = busy_cores(before, machine_cpu())
        quiet = busy is None or busy < most
        if (quiet and quiet_before) or time.perf_counter() > deadline:
            if warned:
                log(f"  going on: other work uses {busy:.2f} CPUs")
            return busy
        if not quiet and not warned:
            log(f"  waiting for the machine to be quiet: other work uses {busy:.2f} CPUs")
            warned = True
        quiet_before = quiet
        time.sleep(rng.uniform(1, 4) if quiet else 4)


OPTIONS = {"quiet_wait": 600.0}  # --quiet-wait


def spawn(mode: str, database: str, paths: list[str], *extra: str) -> list[dict]:
    """One measurement in a fresh process, alone on the machine (as far as we can tell)."""
    wait_quiet(OPTIONS["quiet_wait"])
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode]
    command += ["--paths", os.pathsep.join(paths), *extra]
    env = {**os.environ, DB_ENV: json.dumps({"name": database})}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} {paths} failed (exit {done.returncode})")
    runs = json.loads(done.stdout.strip().splitlines()[-1])["runs"]
    names = ", ".join(Path(p).name for p in paths)
    log(f"  {mode:<8} {names}: {time.perf_counter() - started:6.1f} s")
    return runs


def database_version(vendor: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def machine() -> dict:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            total_kib = int(meminfo.readline().split()[1])
        memory = f"{total_kib / MIB:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def code_state() -> str:
    """The commit, the files not committed, and a digest of importer/'s code."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        except OSError:
            return None
        return done.stdout.strip() if done.returncode == 0 else None

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


class Databases:
    """An empty migrated database, and copies of it; all removed at the end."""

    def __init__(self, original: dict):
        self.original = original
        self.vendor = original["vendor"]
        self.scratch = tempfile.mkdtemp(prefix="bench-import-")
        self.names: list[str] = []
        if self.vendor == "sqlite":
            self.empty = str(Path(self.scratch) / "empty.sqlite3")
        else:
            self.empty = f"bench_import_{uuid.uuid4().hex[:12]}"
            self._create(self.empty)

    def _create(self, name: str, template: str | None = None) -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        postgres_admin(self.original, f'CREATE DATABASE "{name}"{suffix}')
        self.names.append(name)

    def copy(self, label: str) -> str:
        """A copy of the empty migrated database."""
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            copy = str(Path(self.scratch) / f"{label}.sqlite3")
            shutil.copyfile(self.empty, copy)
            return copy
        copy = f"{self.empty}_{label}"
        self._create(copy, template=self.empty)
        return copy

    def copy_of(self, source: str, label: str) -> str:
        """A copy of one of the benchmark's databases as it is now."""
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            copy = str(Path(self.scratch) / f"{label}.sqlite3")
            shutil.copyfile(source, copy)
            return copy
        copy = f"{self.empty}_{label}"
        self._create(copy, template=source)
        return copy

    def remove(self) -> None:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(self.scratch, ignore_errors=True)
        for name in reversed(self.names):
            postgres_admin(self.original, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def orchestrate(args: argparse.Namespace) -> None:
    # A SIGTERM (timeout, kill) still removes the benchmark's databases and files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    began = time.perf_counter()
    original = configure_database(name="not-yet-chosen")
    databases = Databases(original)
    configure_database(name=databases.empty)
    try:
        report = run_all(args, databases, began)
    finally:
        databases.remove()
    print(report)
    if args.markdown:
        Path(args.markdown).write_text(report)
        log(f"wrote {args.markdown}")


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
        lambda k: spawn("parse", databases.empty, [day1, lf, day2], "--repeat", "3"),
    )
    results["parse"] = dict(zip(("day1", "lf", "day2"), parses, strict=True))
    log("what-if: the bare parse with the cyclic garbage collector off, best of 3")
    results["parse_nogc"] = measured(
        "the bare parses without GC",
        lambda k: spawn("parse", databases.empty, [day1], "--repeat", "3", "--gc-off"),
    )[0]

    log("imports into an empty migrated database")
    state = {"main": None, "last": day1}

    def first_import(k: int) -> list[dict]:
        state["main"] = databases.copy(f"main{k}")
        return spawn("import", state["main"], [day1], "--parse", "after")

    results["first"] = measured("the first import", first_import)[0]
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
            url = database_url(databases.original, db)
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
def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / MIB:.1f}"


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


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
            f"{mib(parse['day1']['rss_peak'])} MiB). Written: {written_rows(run)}.",
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
    parser.add_argument("--top", type=int, default=15, help="functions listed per profile")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--no-counts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--gc-off", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--parse", choices=["before", "after"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
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
