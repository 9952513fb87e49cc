"""What the benchmarks share: their own databases, their worker processes, the machine.

Imported by ``bench/export_entities.py``, ``bench/import_lists.py`` and ``bench/screening.py``
as ``_common``, with ``bench/`` on ``sys.path`` (as Python puts a script's folder first when
it runs ``python bench/<script>.py``; each script makes sure of it).

- databases: ``configure_database`` points Django at the benchmark's own database before
  anything connects (the orchestrator names it; a worker reads it from the environment
  variable that ``start_worker`` sets), ``Databases`` creates it (a temporary SQLite file or a
  new PostgreSQL database) and copies of it and removes them all, ``database_url`` gives a
  subprocess (``manage.py``, gunicorn) a ``DATABASE_URL`` for one of them;
- workers: ``start_worker`` runs ``python <script> --worker ...`` on a database,
  ``worker_output`` waits for it and reads the JSON of its last line;
- the machine: memory (``current_rss``, ``peak_rss``), CPU time of the machine, of a process
  and of a process tree (the PostgreSQL server), ``wait_quiet`` for other work to stop, and
  a description of the machine for the reports;
- measuring in a worker: ``QueryCounter`` (SQL statements through Django) and ``GcTimer``
  (time in the cyclic garbage collector);
- reports: ``log`` (progress to standard error), ``publish``, Markdown ``table``, ``mib``.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# Databases ---------------------------------------------------------------------------------
def configure_database(env: str, name: str | None = None) -> dict:
    """Point Django at the benchmark's own database, before anything connects: ``name``, or
    (in a worker) the one named in the environment variable ``env``.

    Returns the settings' original database dictionary (a copy) for the orchestrator, with
    ``vendor`` added ("sqlite" or "postgresql").
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
        sys.exit(f"{Path(sys.argv[0]).stem}: unsupported database engine {engine}")
    if name is None:
        name = json.loads(os.environ[env])["name"]
    database["NAME"] = name
    original["vendor"] = vendor
    return original


def setup_django(debug: bool = False) -> None:
    """``django.setup()`` with ``DEBUG`` switched off: ``DEBUG=true`` in the environment only
    lets the settings start on the built-in secret key; off, the connection does not keep
    the text of every SQL statement (the workers count them with a wrapper)."""
    import django
    from django.conf import settings

    settings.DEBUG = debug
    django.setup()


def postgres_connect_kwargs(database: dict, name: str) -> dict:
    """psycopg's connection arguments for database ``name`` on the server of ``database``
    (a settings dictionary)."""
    kwargs = {
        "dbname": name,
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
    }
    return {k: str(v) for k, v in kwargs.items() if v}


def postgres_admin(database: dict, sql: str) -> None:
    """Run ``sql`` outside a transaction (CREATE DATABASE, DROP DATABASE) on the database of
    the settings dictionary ``database``."""
    import psycopg

    with psycopg.connect(
        **postgres_connect_kwargs(database, database["NAME"]), autocommit=True
    ) as conn:
        conn.execute(sql)


def database_url(vendor: str, name: str, extra: str = "") -> str:
    """DATABASE_URL for a subprocess (``manage.py``, gunicorn), pointing at one of the
    benchmark's databases (``extra``: more query options, e.g. conn_max_age=600)."""
    if vendor == "sqlite":
        base, query = f"sqlite:///{name}", ""
    else:
        base, _, query = os.environ["DATABASE_URL"].partition("?")
        base = base.rsplit("/", 1)[0] + "/" + name
    query = "&".join(q for q in (query, extra) if q)
    return f"{base}?{query}" if query else base


def database_version(vendor: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


class Databases:
    """The benchmark's own databases, all removed at the end: ``main`` (a temporary SQLite
    file ``<first>.sqlite3``, or a new PostgreSQL database ``bench_<kind>_<random>`` in the
    cluster that DATABASE_URL points at) and copies of it or of one another. The scratch
    folder ``scratch`` (``bench-<kind>-*``) holds the SQLite files and whatever else the
    benchmark keeps there."""

    @classmethod
    def configured(cls, env: str, kind: str, first: str) -> Databases:
        """The benchmark's databases, with Django pointed at the main one (for the
        orchestrator; its workers find it in the environment variable ``env``)."""
        original = configure_database(env, name="not-yet-chosen")
        databases = cls(original, kind, first)
        configure_database(env, name=databases.main)
        return databases

    def __init__(self, original: dict, kind: str, first: str):
        self.original = original
        self.vendor = original["vendor"]
        self.scratch = tempfile.mkdtemp(prefix=f"bench-{kind}-")
        self.names: list[str] = []
        if self.vendor == "sqlite":
            self.main = str(Path(self.scratch) / f"{first}.sqlite3")
        else:
            self.main = f"bench_{kind}_{uuid.uuid4().hex[:12]}"
            self._create(self.main)

    def _create(self, name: str, template: str | None = None) -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        postgres_admin(self.original, f'CREATE DATABASE "{name}"{suffix}')
        self.names.append(name)

    def copy(self, label: str) -> str:
        """A copy of the main database as it is now."""
        return self.copy_of(self.main, label)

    def copy_of(self, source: str, label: str) -> str:
        """A copy of one of the benchmark's databases as it is now."""
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            copy = str(Path(self.scratch) / f"{label}.sqlite3")
            shutil.copyfile(source, copy)
            return copy
        copy = f"{self.main}_{label}"
        self._create(copy, template=source)
        return copy

    def remove(self) -> None:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(self.scratch, ignore_errors=True)
        for name in reversed(self.names):
            postgres_admin(self.original, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Workers -----------------------------------------------------------------------------------
def start_worker(script: str, env: str, database: str, args: list[str]) -> subprocess.Popen:
    """``python <script> --worker <args>`` in a fresh process, on ``database`` (named in the
    environment variable ``env``, for ``configure_database``); its standard output piped."""
    command = [sys.executable, str(Path(script).resolve()), "--worker", *args]
    environment = {**os.environ, env: json.dumps({"name": database})}
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)


def worker_output(process: subprocess.Popen, what: str) -> dict:
    """Wait for a worker (killed if we are interrupted meanwhile) and return the JSON of its
    last line; stop the benchmark if it failed (its traceback is on standard error)."""
    with process:
        try:
            out, _ = process.communicate()
        except BaseException:
            process.kill()
            raise
    if process.returncode != 0:
        raise SystemExit(f"worker {what} failed (exit {process.returncode})")
    return json.loads(out.strip().splitlines()[-1])


# The machine -------------------------------------------------------------------------------
def rss(field: str = "VmRSS") -> int:
    """VmRSS (now) or VmHWM (peak) of this process, in bytes; 0 where /proc has none."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def current_rss() -> int:
    """Resident set size now, in bytes (Linux /proc; 0 where there is none)."""
    return rss("VmRSS")


def peak_rss() -> int:
    """The process's peak resident set size so far, in bytes.

    Linux: VmHWM of /proc/self/status. Not resource.getrusage's ru_maxrss, which Linux
    carries over exec from the parent: a worker started by the orchestrator would report the
    orchestrator's own peak. Elsewhere, ru_maxrss (the workers' figures then include it).
    """
    peak = rss("VmHWM")
    if peak:
        return peak
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


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


def proc_stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat from the 3rd (state) on: [1] is the parent's pid, [11] to
    [14] utime, stime, cutime, cstime in clock ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc/PID/stat."""
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(proc_stat(entry)[1]) == pid:
                    found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return sorted(found)


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process, the children it has reaped and the children
    still running: for a PostgreSQL server's main process, the whole server (the backends
    that exited and those still running). Raises OSError if the process is gone."""
    fields = proc_stat(pid)
    total = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    for child in children(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += process_cpu(child)
    return total


def wait_quiet(limit: float, most: float = 0.3, settle: bool = True) -> float | None:
    """Wait (up to ``limit`` seconds) until other work uses less than ``most`` of a CPU;
    return what the machine used in the last second.

    With ``settle``, quiet twice in a row a random 1 to 4 s apart: another benchmark that
    also waits for a quiet machine would otherwise start at the same moment.
    """
    deadline = time.perf_counter() + limit
    warned, quiet_before = False, not settle
    rng = random.Random()
    while True:
        before = machine_cpu()
        time.sleep(1)
        busy = busy_cores(before, machine_cpu())
        quiet = busy is None or busy < most
        if (quiet and quiet_before) or time.perf_counter() > deadline:
            if warned:
                log(f"  going on: other work uses {busy or 0.0:.2f} CPUs")
            return busy
        if not quiet and not warned:
            log(f"  waiting for the machine to be quiet: other work uses {busy:.2f} CPUs")
            warned = True
        quiet_before = quiet or not settle
        time.sleep(rng.uniform(1, 4) if quiet else 4)


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


def git(*args: str) -> str | None:
    """A git command's output in the project (trailing white space removed; a leading space
    is part of ``status --porcelain``), or None if it failed."""
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.rstrip() if done.returncode == 0 else None


# Measuring in a worker ---------------------------------------------------------------------
class QueryCounter:
    """Counts the SQL statements Django executes (connection.execute_wrapper); not what goes
    to the driver directly (the importer's bulk inserts: executemany, COPY)."""

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


# Reports -----------------------------------------------------------------------------------
def publish(report: str, markdown: str | None) -> None:
    """The report to standard output, and to the file ``markdown`` if given."""
    print(report)
    if markdown:
        Path(markdown).write_text(report)
        log(f"wrote {markdown}")


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / MIB:.1f}"


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A Markdown table, the first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
