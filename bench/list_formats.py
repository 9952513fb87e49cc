#!/usr/bin/env python
"""Benchmark: every supported list at full size, its import beside its bare parse (issue 13).

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/list_formats.py
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/list_formats.py

For each list of ``BENCHES`` (a full-size file built from the samples, or the sample itself
where it is the whole list), on a database of its own (a copy of an empty migrated one:
SQLite, a temporary file; PostgreSQL, a new database in the cluster that DATABASE_URL points
at), each in a fresh process:

- the bare parse: the list's ``ListSpec.parse`` (importer/registry.py) and every entry of the
  result materialised, best of 3;
- the first import into the empty database (``importer.services.import_list``);
- the unchanged re-import of the same file (the file-hash path).

Then the list whose first import is furthest from its parse once more under cProfile, on
another empty database (``--profile``). It prints a Markdown table (``--markdown PATH``
writes it too). A benchmark, not a test: nothing asserts a time; a failed import stops it
with the worker's traceback.

Adding a list is one entry in ``BENCHES``: its registry key and how to get its full-size
file.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT, BENCH = Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent
sys.path[:0] = [str(p) for p in (ROOT, BENCH) if str(p) not in sys.path]  # project, bench/

from _common import (  # noqa: E402 (bench/ on the path first)
    Databases,
    configure_database,
    database_version,
    log,
    machine,
    peak_rss,
    publish,
    setup_django,
    start_worker,
    table,
    wait_quiet,
    worker_output,
)
from import_lists import Meter, code_state, profile_group, profile_label, warm_up  # noqa: E402

DB_ENV = "BENCH_LISTS_DB"  # how the orchestrator tells its workers which database to use
SAMPLES = ROOT / "tests" / "data"


# The lists ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bench:
    """One list: its registry key, and ``build(folder, seed, databases)``, which writes its
    full-size file (or folder) under ``folder`` and returns the path to import (``databases``
    for a file made by the project itself from an imported list)."""

    key: str
    build: Callable[[Path, int, Databases], Path]
    note: str


def _sdn(folder: Path, seed: int, databases: Databases) -> Path:
    import build_full_sdn

    build_full_sdn.build(folder / "sdn", seed=seed)
    return folder / "sdn"


def _non_sdn(folder: Path, seed: int, databases: Databases) -> Path:
    return SAMPLES / "ofac" / "non-sdn"


def _advanced(folder: Path, seed: int, databases: Databases) -> Path:
    import build_full_advanced

    build_full_advanced.build(folder / "SDN_ADVANCED.XML", parties=18_000)
    return folder / "SDN_ADVANCED.XML"


def _un(folder: Path, seed: int, databases: Databases) -> Path:
    import build_full_lists

    build_full_lists.build_un(folder / "consolidated.xml", seed=seed)
    return folder / "consolidated.xml"


def _uk(folder: Path, seed: int, databases: Databases) -> Path:
    import build_full_lists

    build_full_lists.build_uk(folder / "ConList.csv", seed=seed)
    return folder / "ConList.csv"


def _eu(folder: Path, seed: int, databases: Databases) -> Path:
    import build_full_lists

    build_full_lists.build_eu(folder / "eu-fsf-1_1.xml", seed=seed)
    return folder / "eu-fsf-1_1.xml"


def _ftm(folder: Path, seed: int, databases: Databases) -> Path:
    """The full SDN list as FtM JSON lines: the SDN folder imported into a database of its
    own, then ``export_ftm`` of all of it (in a worker, like the measurements)."""
    sdn = _sdn(folder, seed, databases)
    output = folder / "sdn.ftm.json"
    source = databases.copy("ftm_source")
    process = start_worker(
        __file__,
        DB_ENV,
        source,
        ["export-ftm", "--key", "ofac-sdn", "--path", str(sdn), "--output", str(output)],
    )
    worker_output(process, "export-ftm")
    return output


BENCHES = [
    Bench("ofac-sdn", _sdn, "built: `build_full_sdn.py`, legacy CSV folder"),
    Bench("ofac-non-sdn", _non_sdn, "the sample: the whole list of Dec. 2025"),
    Bench("ofac-advanced", _advanced, "built: `build_full_advanced.py`, SDN's size"),
    Bench("un-sc", _un, "built: `build_full_lists.py` `build_un`"),
    Bench("uk-ofsi", _uk, "built: `build_full_lists.py` `build_uk`"),
    Bench("eu-fsf", _eu, "built: `build_full_lists.py` `build_eu`"),
    Bench("ftm", _ftm, "built: `export_ftm` of the full `ofac-sdn` import"),
]


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return path.stat().st_size


# Workers: one measurement each, in a fresh process -----------------------------------------
def worker_parse(key: str, path: str, repeat: int) -> dict:
    from importer.registry import LISTS

    spec, runs, entries, warnings = LISTS[key], [], 0, 0
    for _ in range(repeat):
        gc.collect()  # the previous run's records are gone: each run starts alike
        with Meter() as meter:
            parsed = spec.parse(Path(path))
            entries = len(list(parsed.entries))
        warnings = len(parsed.warnings)
        del parsed
        runs.append(meter.as_dict())
    best = min(runs, key=lambda r: r["wall"])
    return {
        **best,
        "walls": [r["wall"] for r in runs],
        "entries": entries,
        "warnings": warnings,
        "rss_peak": peak_rss(),
    }


def worker_import(key: str, path: str) -> dict:
    from importer.services import import_list

    gc.collect()
    with Meter() as meter:
        result = import_list(key, path)
    run = result.run
    return {
        **meter.as_dict(),
        "status": run.status,
        "counts": {k: getattr(run, k) for k in ("entries", "added", "changed", "unchanged")},
        "rss_peak": peak_rss(),
    }


def worker_export_ftm(key: str, path: str, output: str) -> dict:
    """Import ``path`` as list ``key``, then write all of it as FtM JSON lines."""
    from django.core.management import call_command

    from importer.services import import_list

    import_list(key, path)
    call_command("export_ftm", output=output)
    with open(output, encoding="utf-8") as lines:
        return {"lines": sum(1 for _ in lines)}


def worker_profile(key: str, path: str, top: int) -> dict:
    from importer.services import import_list

    profiler = cProfile.Profile()
    gc.collect()
    started = time.perf_counter()
    profiler.enable()
    import_list(key, path)
    profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = sum(v[2] for v in stats.values())
    groups: dict[str, float] = defaultdict(float)
    for k, v in stats.items():
        groups[profile_group(k)] += v[2]
    by_own = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    return {
        "wall": wall,
        "total": total,
        "groups": sorted(groups.items(), key=lambda kv: kv[1], reverse=True)[:top],
        "functions": [[profile_label(k), v[1], v[2], v[3]] for k, v in by_own],
    }


def run_worker(args: argparse.Namespace) -> None:
    configure_database(DB_ENV)
    setup_django()
    warm_up()
    if args.worker == "parse":
        result = worker_parse(args.key, args.path, args.repeat)
    elif args.worker == "import":
        result = worker_import(args.key, args.path)
    elif args.worker == "export-ftm":
        result = worker_export_ftm(args.key, args.path, args.output)
    elif args.worker == "profile":
        result = worker_profile(args.key, args.path, args.top)
    else:
        sys.exit(f"unknown worker {args.worker}")
    print(json.dumps(result))


# Orchestrator ------------------------------------------------------------------------------
def spawn(args: argparse.Namespace, mode: str, database: str, key: str, path: Path) -> dict:
    """One measurement in a fresh process (after waiting, up to ``--quiet-wait`` seconds,
    for other work on the machine to stop)."""
    if args.quiet_wait:
        wait_quiet(args.quiet_wait)
    extra = ["--repeat", str(args.repeat), "--top", str(args.top)]
    process = start_worker(
        __file__, DB_ENV, database, [mode, "--key", key, "--path", str(path), *extra]
    )
    started = time.perf_counter()
    result = worker_output(process, f"{mode} {key}")
    log(f"  {key:<13} {mode:<8} {time.perf_counter() - started:6.1f} s")
    return result


def orchestrate(args: argparse.Namespace) -> None:
    # A SIGTERM (timeout, kill) still removes the benchmark's databases and files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    databases = Databases.configured(DB_ENV, "lists", "empty")
    try:
        report = run_all(args, databases)
    finally:
        databases.remove()
    publish(report, args.markdown)


def run_all(args: argparse.Namespace, databases: Databases) -> str:
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    began = time.perf_counter()
    info = {
        **machine(),
        "database": database_version(databases.vendor),
        "django": django.get_version(),
        "code": code_state(),
    }
    call_command("migrate", verbosity=0, interactive=False)
    connections.close_all()
    wanted = args.lists.split(",") if args.lists else [b.key for b in BENCHES]
    benches = [b for b in BENCHES if b.key in wanted]
    rows = []
    for bench in benches:
        folder = Path(databases.scratch) / bench.key
        folder.mkdir()
        started = time.perf_counter()
        path = bench.build(folder, args.seed, databases)
        log(f"{bench.key}: {path} ready in {time.perf_counter() - started:.1f} s")
        database = databases.copy(bench.key.replace("-", "_"))
        row = {"key": bench.key, "path": path, "bytes": size_of(path), "note": bench.note}
        row["parse"] = spawn(args, "parse", database, bench.key, path)
        row["first"] = spawn(args, "import", database, bench.key, path)
        row["unchanged"] = spawn(args, "import", database, bench.key, path)
        rows.append(row)
    profiled = []
    if args.profile != "none":
        keys = [furthest(rows)] if args.profile == "auto" else args.profile.split(",")
        for row in rows:
            if row["key"] in keys:
                database = databases.copy(f"profile_{row['key'].replace('-', '_')}")
                profiled.append(
                    (row["key"], spawn(args, "profile", database, row["key"], row["path"]))
                )
    info["elapsed"] = time.perf_counter() - began
    return render(info, databases.vendor, rows, profiled)


def furthest(rows: list[dict], at_least: float = 2.0) -> str:
    """The list whose first import is the most times its bare parse, among those that take
    ``at_least`` seconds (below, the import's fixed costs make any ratio large)."""
    long = [r for r in rows if r["first"]["wall"] >= at_least] or rows
    return max(long, key=lambda r: r["first"]["wall"] / r["parse"]["wall"])["key"]


# Report ------------------------------------------------------------------------------------
def others(*runs: dict) -> str:
    worst = max((r.get("others") or 0.0 for r in runs), default=0.0)
    return f"{worst:.2f}"


def render(info: dict, vendor: str, rows: list[dict], profiled: list) -> str:
    out = [
        f"## Every list at full size, {info['database']}",
        "",
        f"{info['cpus']} CPUs, {info['memory']}, Python {info['python']}, Django "
        f"{info['django']}, {info['platform']}; {info['code']}; "
        f"{info['elapsed'] / 60:.1f} minutes in all.",
        "",
        "Each figure is one fresh process on a database of the list's own (the parse: best "
        "of 3). *Ratio* is the first import's wall time over the bare parse's. *Other work* "
        "is the most CPUs that other processes used during the list's three measurements.",
        "",
    ]
    out += table(
        [
            "list",
            "file",
            "MB",
            "entries",
            "bare parse s",
            "first import s",
            "ratio to parse",
            "unchanged s",
            "other work, CPUs",
        ],
        [
            [
                f"`{r['key']}`",
                r["note"],
                f"{r['bytes'] / 1e6:.1f}",
                f"{r['parse']['entries']:,}",
                f"{r['parse']['wall']:.2f}",
                f"{r['first']['wall']:.2f}",
                f"{r['first']['wall'] / r['parse']['wall']:.1f}",
                f"{r['unchanged']['wall']:.2f}",
                others(r["parse"], r["first"], r["unchanged"]),
            ]
            for r in rows
        ],
    )
    out += ["", "What the imports did (status; entries, added; unchanged run):", ""]
    out += table(
        ["list", "first import", "unchanged", "parse warnings", "peak RSS MiB (import)"],
        [
            [
                f"`{r['key']}`",
                f"{r['first']['status']}: {r['first']['counts']['added']:,} added",
                f"{r['unchanged']['status']}",
                f"{r['parse']['warnings']:,}",
                f"{r['first']['rss_peak'] / 2**20:.0f}",
            ]
            for r in rows
        ],
    )
    for key, p in profiled:
        out += [
            "",
            f"cProfile of the first import of `{key}` ({p['wall']:.1f} s under the profiler, "
            f"{p['total']:.1f} s of own time counted): own time by code",
            "",
        ]
        out += table(
            ["code", "own s", "share"],
            [[g, f"{s:.2f}", f"{s / p['total']:.0%}"] for g, s in p["groups"] if s >= 0.005],
        )
        out += ["", "Top functions by own time:", ""]
        out += table(
            ["function", "calls", "own s", "cumulative s"],
            [[f"`{f}`", f"{n:,}", f"{t:.2f}", f"{c:.2f}"] for f, n, t, c in p["functions"]],
        )
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", help="also write the Markdown report to this file")
    parser.add_argument(
        "--lists", help=f"comma-separated keys (default all: {','.join(b.key for b in BENCHES)})"
    )
    parser.add_argument("--seed", type=int, default=20251201, help="random seed of the data")
    parser.add_argument(
        "--profile",
        default="auto",
        help="lists whose first import to profile: auto (the one furthest from its parse), "
        "none, or comma-separated keys",
    )
    parser.add_argument("--top", type=int, default=12, help="functions listed per profile")
    parser.add_argument("--repeat", type=int, default=3, help="bare parses per list (best of)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=30.0,
        help="before each measurement, wait up to this many seconds for other work on the "
        "machine to stop (default 30; 0: do not wait)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
