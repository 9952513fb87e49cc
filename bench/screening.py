#!/usr/bin/env python
"""Benchmark: name screening (issue 5), its speed in-process and over HTTP, and its quality
on labelled query sets.

    DEBUG=true IGNORE_DOTENV=true .venv/bin/python bench/screening.py
    scripts/with-postgres.sh env DEBUG=true IGNORE_DOTENV=true \\
        .venv/bin/python bench/screening.py

It builds its own database (SQLite: a temporary file; PostgreSQL: a new database in the
cluster that DATABASE_URL points at), never the project's, and removes it afterwards:

1. Data (set-up, timed, not measured): the real list samples of tests/data imported with
   ``importer.services.import_list`` (OFAC SDN and Non-SDN, UN, UK), then synthetic entities
   made of real name parts and common Arabic, Persian, Russian, Chinese, Korean and Western
   name parts and company words (``bench/screening_data.py``), bulk-created, to about 20,000
   entities and 60,000 names in all.
2. Labelled query sets made from that data, each query with the entity it should find:
   (a) the names held, as they are; (b) typos; (c) transliterations (Latin -> Cyrillic,
   Cyrillic -> Latin by other schemes, Latin -> Arabic script, Latin -> Chinese characters,
   spelling variants); (d) reordered names; (e) added legal forms and honorifics; (f) dropped
   middle names; and (g) ordinary names that are on no list (false positives).
3. In a fresh process: the index build (time, memory), single-name ``match()`` latency
   (p50, p95, p99, mean) over a sample of those queries, the quality (recall@1 and @3 at
   threshold 0 and at the default 0.8, the false-positive rate), and cProfile of the slowest
   queries.
4. Over HTTP: gunicorn with 2 sync workers on the benchmark's database, both warmed, driven
   by a few client processes on the same machine: ``GET /api/v1/match/?name=...`` requests/s
   and latency, then ``POST /api/v1/match/`` batches of 100 names.

It prints a Markdown report (``--markdown PATH`` writes it too). A benchmark, not a test:
nothing asserts a time or a recall.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import http.client
import io
import json
import os
import platform
import pstats
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# This file is bench/screening.py: with bench/ first on the path (as Python puts a script's
# folder), "import screening" would find it instead of the project's screening package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))
sys.path.append(str(BENCH))  # for screening_data and _common

from _common import (  # noqa: E402 (bench/ on the path first)
    MIB,
    Databases,
    busy_cores,
    children,
    configure_database,
    database_url,
    database_version,
    git,
    log,
    machine_cpu,
    process_cpu,
    publish,
    rss,
    setup_django,
    start_worker,
    tree_cpu,
    wait_quiet,
    worker_output,
)

URL = "/api/v1/match/"
DISTURBED = 0.25  # CPUs used by other processes during a measurement that make us retry it
DB_ENV = "BENCH_SCREENING_DB"  # how the orchestrator tells its workers which database to use
SAMPLES = [
    ("ofac-sdn", "tests/data/ofac/sdn-tiny"),
    ("ofac-sdn", "tests/data/ofac/ndc-excerpt"),
    ("ofac-non-sdn", "tests/data/ofac/non-sdn"),
    ("un-sc", "tests/data/un/un-consolidated-sample.xml"),
    ("uk-ofsi", "tests/data/uk/conlist-sample.csv"),
]
TARGETS = {"p50_ms": 5.0, "p95_ms": 20.0, "http_rps": 100.0}
SET_TITLES = {
    "a_exact": "(a) names as held",
    "b_typo": "(b) typos",
    "c_translit": "(c) transliterations",
    "d_reordered": "(d) reordered",
    "e_legal": "(e) added legal form / honorific",
    "f_middle": "(f) dropped middle names",
    "g_ordinary": "(g) ordinary names, on no list",
}


# Measuring ---------------------------------------------------------------------------------
def cluster_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL cluster of scripts/with-postgres.sh (its
    socket directory is PGHOST): the postmaster with its reaped children (a backend per
    connection), and the live children. 0 when there is no such cluster (SQLite)."""
    host = os.environ.get("PGHOST", "")
    if not host.startswith("/"):
        return 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"-D {host}/data " in command:
            try:
                return tree_cpu(int(entry))
            except OSError:
                return 0.0
    return 0.0


class OtherLoad:
    """CPUs used by other processes while a block runs (the machine's busy time minus this
    process's own CPU time)."""

    def __enter__(self):
        self.machine = machine_cpu()
        self.own = time.process_time()
        self.database = cluster_cpu()
        self.wall = time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = max(1e-9, time.perf_counter() - self.wall)
        busy = busy_cores(self.machine, machine_cpu()) or 0.0
        own = (time.process_time() - self.own) / wall
        self.database_cpus = (cluster_cpu() - self.database) / wall  # our PostgreSQL
        self.cpus = max(0.0, busy - own - self.database_cpus)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def latency_summary(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "mean": statistics.fmean(ms) if ms else float("nan"),
        "max": max(ms) if ms else float("nan"),
    }


# Set-up: data and labelled queries ---------------------------------------------------------
def set_up(args: argparse.Namespace, scratch: Path) -> dict:
    """Migrate, import the samples, add the synthetic entities, build the labelled sets."""
    import screening_data as data
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from entities.models import Alias, Entity
    from importer.services import import_list
    from screening.models import IndexChange

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    imported = []
    for source, path in SAMPLES:
        result = import_list(source, ROOT / path, allow_mass_delisting=True)
        imported.append((source, path, result.run.status))
    timings["import"] = time.perf_counter() - started
    real_entities = Entity.objects.count()
    real_aliases = Alias.objects.count()
    names = [*Entity.objects.values_list("kind", "name")]
    names += [*Alias.objects.values_list("entity__kind", "name")]
    real = data.real_parts(names)

    started = time.perf_counter()
    specs = data.generate(max(0, args.entities - real_entities), args.seed, real)
    timings["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    ids = data.insert(specs)
    timings["insert"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    # The imports logged index changes a minute ago; every search re-reads the log's last 10
    # minutes (screening.index.RECHECK_WINDOW). Age them, as if the import were older, so
    # that the figures are the steady state; the cost of a fresh log is measured apart.
    recent_changes = IndexChange.objects.count()
    IndexChange.objects.update(created_at=F("created_at") - dt.timedelta(hours=1))

    started = time.perf_counter()
    queries, skipped = data.labelled_sets(specs, ids, real, args.seed, scale=args.scale)
    timings["label"] = time.perf_counter() - started
    (scratch / "queries.json").write_text(json.dumps([q.as_dict() for q in queries]))

    counts = {
        "entities": Entity.objects.count(),
        "names": Entity.objects.count() + Alias.objects.count(),
        "real_entities": real_entities,
        "real_names": real_entities + real_aliases,
        "synthetic_entities": len(specs),
        "synthetic_names": sum(len(s.names) for s in specs),
        "entity_kinds": dict(Counter(Entity.objects.values_list("kind", flat=True))),
        "alias_kinds": dict(
            Counter(
                f"{k}{' (weak)' if w else ''}"
                for k, w in Alias.objects.values_list("kind", "is_weak")
            )
        ),
        "scripts": dict(Counter(Alias.objects.exclude(script="").values_list("script", flat=True))),
        "cultures": dict(Counter(f"{s.kind}: {s.culture}" for s in specs)),
        "real_parts": {k: len(v) for k, v in real.items()},
        "change_log_rows": recent_changes,
    }
    sets = Counter(q.set for q in queries)
    return {
        "timings": timings,
        "imported": imported,
        "counts": counts,
        "sets": dict(sets),
        "skipped": skipped,
        "queries": len(queries),
    }


# Worker: in-process measurements -----------------------------------------------------------
def index_stats(index) -> dict:
    postings = sorted(((len(v), k) for k, v in index.postings.items()), reverse=True)
    skeletons = sorted(((len(v), k) for k, v in index.skeleton_postings.items()), reverse=True)
    words_per_skeleton = Counter(index.skeleton(w) for w in index.postings)
    return {
        "names": index.live_names,
        "entities": len(index.entities),
        "vocabulary": len(index.postings),
        "skeletons": len(index.skeleton_postings),
        "common_tokens": sum(1 for t in index.postings if index.is_common(t)),
        "common_limit": max(50, 0.02 * index.live_names),
        "top_postings": postings[:12],
        "top_skeletons": [(n, k, words_per_skeleton[k]) for n, k in skeletons[:12]],
        "postings_entries": sum(n for n, _ in postings),
        "skeleton_entries": sum(n for n, _ in skeletons),
    }


def worker_inprocess(args: argparse.Namespace, scratch: Path) -> dict:
    from django.utils import timezone

    from screening import services
    from screening.index import NameIndex, get_index, reset_indexes
    from screening.models import IndexChange
    from screening.services import MatchQuery, match

    queries = json.loads((scratch / "queries.json").read_text())
    rng = random.Random(args.seed + 7)
    out: dict = {}

    # Index build, in this fresh process (after Django and the connection are up).
    IndexChange.objects.exists()
    gc.collect()
    rss_before = rss()
    started = time.perf_counter()
    index = get_index()
    out["build_seconds"] = time.perf_counter() - started
    gc.collect()
    out["build_rss_mib"] = (rss() - rss_before) / MIB
    out["index"] = index_stats(index)
    log(f"  index: {out['build_seconds']:.2f} s, {out['build_rss_mib']:.0f} MiB RSS")

    for q in queries[:50]:  # warm-up
        match(MatchQuery(q["name"]))

    # Speed: default threshold, as the API is called (with the change-log refresh), then the
    # same queries without it (index passed in), then the refresh alone.
    sample = rng.sample(queries, min(args.speed_queries, len(queries)))
    # Again (up to 3 times) if other processes took more than a quarter of a CPU meanwhile.
    for attempt in range(1, 4):
        # Interleaved, query by query, so that a drift of the machine hits both alike.
        with_refresh, without = [], []
        with OtherLoad() as other:
            for q in sample:
                t = time.perf_counter()
                match(MatchQuery(q["name"]))
                t2 = time.perf_counter()
                match(MatchQuery(q["name"]), index=index)
                t3 = time.perf_counter()
                with_refresh.append((t2 - t) * 1000)
                without.append((t3 - t2) * 1000)
        out["other_load"], out["speed_attempts"] = other.cpus, attempt
        out["database_load"] = other.database_cpus
        if other.cpus <= DISTURBED:
            break
        log(f"  speed: other processes used {other.cpus:.2f} CPUs; again")
        wait_quiet(600, settle=False)
    refresh = []
    for _ in range(500):
        t = time.perf_counter()
        index.refresh()
        refresh.append((time.perf_counter() - t) * 1000)
    out["speed"] = {
        "with_refresh": latency_summary(with_refresh),
        "without_refresh": latency_summary(without),
        "refresh_only": latency_summary(refresh),
        "per_set": {
            s: latency_summary(
                [ms for q, ms in zip(sample, with_refresh, strict=True) if q["set"] == s]
            )
            for s in SET_TITLES
        },
        "by_tokens": {},
    }
    from screening.normalize import name_tokens

    by_tokens = defaultdict(list)
    for q, ms in zip(sample, without, strict=True):
        by_tokens[min(len(name_tokens(q["name"])), 6)].append(ms)
    out["speed"]["by_tokens"] = {k: latency_summary(v) for k, v in sorted(by_tokens.items())}
    log(
        f"  speed: p50 {out['speed']['with_refresh']['p50']:.2f} ms, "
        f"p95 {out['speed']['with_refresh']['p95']:.2f} ms"
    )

    # A fresh change log: the last 10 minutes of it are read again before every search.
    fresh = []

    IndexChange.objects.bulk_create(
        [IndexChange(entity_id=None) for _ in range(1)]
        + [IndexChange(entity_id=e) for e in list(index.entities)[: args.fresh_changes]]
    )
    index.refresh()  # applies them (a rebuild: the first row says "everything")
    for q in sample[:300]:
        t = time.perf_counter()
        match(MatchQuery(q["name"]))
        fresh.append((time.perf_counter() - t) * 1000)
    refresh_fresh = []
    for _ in range(200):
        t = time.perf_counter()
        index.refresh()
        refresh_fresh.append((time.perf_counter() - t) * 1000)
    out["fresh_log"] = {
        "rows": args.fresh_changes + 1,
        "match": latency_summary(fresh),
        "refresh_only": latency_summary(refresh_fresh),
    }
    IndexChange.objects.filter(created_at__gte=timezone.now() - dt.timedelta(minutes=30)).delete()
    reset_indexes()
    index = get_index()

    # Quality: every labelled query at threshold 0 (ranking); the 0.8 figures follow from the
    # same lists, since a threshold only cuts the list, it does not reorder it.
    results = []
    started = time.perf_counter()
    for q in queries:
        t = time.perf_counter()
        found = match(MatchQuery(q["name"]), limit=10, threshold=0.0, index=index)
        ms = (time.perf_counter() - t) * 1000
        rank = next((i + 1 for i, c in enumerate(found) if c.entity_id == q["expected"]), None)
        results.append(
            {
                **q,
                "ms": ms,
                "rank": rank,
                "score": found[rank - 1].score if rank else None,
                "matched": found[rank - 1].matched_name if rank else None,
                "top": [[c.entity_id, c.score, c.name, c.matched_name] for c in found[:3]],
            }
        )
    out["quality_seconds"] = time.perf_counter() - started
    # A miss whose first candidate holds every word of the query (up to order, spelling
    # variants and "al") had two right answers: "Ali al-Najjar" is a name of both "Ali
    # Walid al-Najjar" and "Ali Mohammed al-Najjar".
    import screening_data as data

    from sanctions_tracker.text import fold

    pools = data.Pools({"given": [], "family": [], "words": []})

    def loose(text: str) -> set[str]:
        tokens = [t for t in fold(text).split() if t not in ("al", "el")]
        return {pools.variants.get(t, [t])[0].lower() for t in tokens}

    for r in results:
        r["first_covers"] = bool(
            r["expected"] is not None
            and r["rank"] != 1
            and r["top"]
            and loose(r["name"]) <= loose(r["top"][0][3])
        )
    out["results"] = results
    log(f"  quality: {len(results)} queries in {out['quality_seconds']:.1f} s")

    # Profiles: the slowest queries of the speed sample, and the whole sample.
    slow = sorted(zip(without, sample, strict=True), key=lambda x: -x[0])[: args.profile_top]
    diagnostics = []
    real_heapq = services.heapq
    real_nlargest = real_heapq.nlargest
    real_similar = services._similar_words
    seen = {"pool": 0, "words": 0}

    class Shim:
        @staticmethod
        def nlargest(n, iterable, key=None):
            items = list(iterable)
            seen["pool"] = len(items)
            return real_nlargest(n, items, key=key)

    def similar(index_, token):
        words = real_similar(index_, token)
        seen["words"] += len(words)
        return words

    services.heapq, services._similar_words = Shim, similar
    try:
        for ms, q in slow:
            seen.update(pool=0, words=0)
            match(MatchQuery(q["name"]), index=index)
            tokens = name_tokens(q["name"])
            diagnostics.append(
                {
                    "name": q["name"],
                    "set": q["set"],
                    "ms": ms,
                    "tokens": len(tokens),
                    "first_pass": seen["pool"],
                    "words": seen["words"],
                    "common": [t for t in tokens if index.is_common(t)],
                    "skeleton_hits": sum(
                        len(index.skeleton_postings.get(index.skeleton(t), ()))
                        for t in tokens
                        if len(index.skeleton(t)) >= 3
                    ),
                }
            )
    finally:
        services.heapq, services._similar_words = real_heapq, real_similar
    out["slow"] = diagnostics
    out["profile_slow"] = profile(
        lambda: [match(MatchQuery(q["name"]), index=index) for _, q in slow], top=args.profile_rows
    )
    out["profile_all"] = profile(
        lambda: [match(MatchQuery(q["name"]), index=index) for q in sample], top=args.profile_rows
    )

    # Probes: pairs of names, scored with this index's weights.
    from screening.normalize import is_non_latin
    from screening.scoring import name_similarity

    probes = []
    for query, held, should, what in PROBES:
        a, b = name_tokens(query), name_tokens(held)
        similarity = name_similarity(
            a,
            tuple(index.skeleton(t) for t in a),
            b,
            tuple(index.skeleton(t) for t in b),
            index.weight,
            cross_script=is_non_latin(query) != is_non_latin(held),
        )
        pairs = [f"{t.query}~{t.matched} {t.similarity:g}" for t in similarity.tokens]
        probes.append([query, held, should, what, similarity.score, " ".join(b), pairs])
    out["probes"] = probes

    # A whole GET in-process (Django's test Client: middleware, DRF view, serializers,
    # designations query, JSON), timed, then profiled: where a request's time goes.
    from django.test import Client

    client = Client()
    names = [q["name"] for q in sample[: args.request_queries]]

    def get(name):
        response = client.get(URL, {"name": name}, HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"GET {URL}?name={name}: {response.status_code}")

    for name in names[:20]:
        get(name)
    request_ms = []
    for name in names:
        t = time.perf_counter()
        get(name)
        request_ms.append((time.perf_counter() - t) * 1000)
    out["request"] = latency_summary(request_ms)
    out["profile_request"] = profile(
        lambda: [get(name) for name in names], top=args.profile_rows, layers=REQUEST_LAYERS
    )

    # Memory the index keeps, under tracemalloc (a second build, not timed).
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    second = NameIndex()
    second.load()
    gc.collect()
    out["index_traced_mib"] = (tracemalloc.get_traced_memory()[0] - before) / MIB
    tracemalloc.stop()
    del second
    out["peak_rss_mib"] = rss("VmHWM") / MIB
    return out


# Pairs of names scored with screening.scoring.name_similarity and the benchmark index's
# weights: (query, name held, should they match?, what the pair shows).
PROBES = [
    ("Hassan AL-DULAIMI", "AL-DULAIMI, Hussein", False, "Hassan and Hussein: other names"),
    ("Saeed AL-DULAIMI", "AL-DULAIMI, Ziad", False, "Saeed and Ziad: other names"),
    ("Charlie Harrison", "CORAL HORIZON", False, "a person and a vessel"),
    ("Javier Simon", "Saman JAFARI", False, "other names, same consonants"),
    ("Hao Dang", "DENG Hui", False, "other Chinese names"),
    ("SBER ZAVOD", "ОАО «Сибириа Завод»", False, "Sber is not Sibiria (Cyrillic alias)"),  # noqa: RUF001
    ("LI Yuan", "李娜", False, "Li Yuan is not Li Na"),
    ("LI Na", "李娜", True, "Li Na in characters"),
    ("ZHANG Ning", "张宁", True, "Zhang Ning in characters"),
    ("KIM Jong Un", "김정은", True, "Kim Jong Un in Hangul"),
    ("Ahmed Ibrahim", "أحمد إبراهيم", True, "Arabic script, names that start with a vowel"),
    ("Abdullah Omar", "عبد الله عمر", True, "Arabic script, Abdullah"),
    ("Maxim Ivanov", "Максим Иванов", True, "Cyrillic: Maxim is Maksim"),
    ("Vladimir Novikov", "Wladimir Nowikow", True, "German transliteration: v is w"),
    ("PARK Jong Su", "PAK Jong Su", True, "Korean: Park is Pak"),
    ("LEE Min Ho", "RI Min Ho", True, "Korean: Lee is Ri"),
    ("ZHANG Wei", "CHANG Wei", True, "Chinese: Zhang is Chang (Wade-Giles)"),
    ("XU Ming", "HSU Ming", True, "Chinese: Xu is Hsu (Wade-Giles)"),
    ("Mohammed Hassan", "Muhammad Hasan", True, "Arabic spelling variants"),
    ("Gazprom Neft Joint Stock Company", "GAZPROM NEFT", True, "a legal form spelled out"),
    ("Sheikh Abdul Rahman Yasin", "Abdul Rahman YASIN", True, "an honorific"),
    ("Sberbank AO", "SBERBANK", True, "AO, the Russian joint-stock form"),
    ("ROSSVOLGA", "АО «Русволга»", False, "another company, in Cyrillic"),  # noqa: RUF001
    ("WJS", "ООО «Авиагаз»", False, "an acronym and a Cyrillic name"),  # noqa: RUF001
    ("JIANG Ping", "郑平", False, "Jiang is not Zheng (characters)"),
    ("DING Yan", "董艳", False, "Ding is not Dong (characters)"),
    ("ZHENG Ping", "郑平", True, "Zheng Ping in characters"),
    ("LAU Tao", "LIU Tao", True, "Cantonese Lau is Liu"),
    ("CHAN Wing", "CHEN Wing", True, "Cantonese Chan is Chen"),
    ("JEONG Min Su", "JUNG Min Su", True, "Korean: Jeong is Jung"),
    ("Sayed AL-MASRI", "Hassan AL-MASRI", False, "Sayed, a given name, read as a title"),
    ("GENERAL LOGISTIKA", "KRASNODAR LOGISTIKA", False, "General, a company word, dropped"),
]


# Where a request's time goes: (label, file ending, function) whose cumulative time to show.
REQUEST_LAYERS = [
    ("the whole request (test Client get)", "django/test/client.py", "get"),
    ("Django's handler and middleware", "django/core/handlers/base.py", "get_response"),
    ("DRF view dispatch", "rest_framework/views.py", "dispatch"),
    ("throttles (check_throttles)", "rest_framework/views.py", "check_throttles"),
    ("parameters validated (is_valid)", "rest_framework/serializers.py", "is_valid"),
    ("services.match (refresh + matching)", "screening/services.py", "match"),
    ("  index refresh (change-log query)", "screening/index.py", "refresh"),
    ("  matching (_match)", "screening/services.py", "_match"),
    ("designations of the candidates (one query)", "screening/selectors.py", "active_designations"),
    ("  URLs reversed (reverse)", "django/urls/base.py", "reverse"),
    ("  model instances (Model.__init__)", "django/db/models/base.py", "__init__"),
    ("candidates serialised (candidate_data)", "screening/api/serializers.py", "candidate_data"),
    ("response rendered (JSON)", "rest_framework/renderers.py", "render"),
    ("SQL executed (all queries)", "django/db/backends/utils.py", "execute"),
]


def profile(run, top: int, layers=()) -> dict:
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    run()
    profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, function), (cc, nc, tt, ct, _) in stats.stats.items():
        rows.append(
            {
                "function": f"{short_path(filename)}:{line}({function})",
                "calls": nc,
                "primitive": cc,
                "tottime": tt,
                "cumtime": ct,
            }
        )
    total = sum(r["tottime"] for r in rows)
    by_tottime = sorted(rows, key=lambda r: -r["tottime"])[:top]
    by_cumtime = sorted(rows, key=lambda r: -r["cumtime"])[: top * 3]
    found = []
    for label, ending, function in layers:
        times = [
            (ct, nc)
            for (filename, _, name), (_, nc, _, ct, _) in stats.stats.items()
            if filename.endswith(ending) and name == function
        ]
        if times:
            found.append((label, max(times)[0], max(times)[1]))
    return {
        "wall": wall,
        "total": total,
        "tottime": by_tottime,
        "cumtime": by_cumtime,
        "layers": found,
    }


def short_path(filename: str) -> str:
    if filename.startswith(str(ROOT)):
        return filename[len(str(ROOT)) + 1 :]
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith("~") or filename.startswith("<"):
        return filename
    return Path(filename).name


# Worker: an HTTP client ---------------------------------------------------------------------
def worker_client(args: argparse.Namespace, scratch: Path) -> dict:
    """Send requests to 127.0.0.1:port for args.duration seconds from args.start_at, reusing
    the connection when the server keeps it open."""
    names = json.loads((scratch / "names.json").read_text())
    rng = random.Random(args.seed)
    rng.shuffle(names)
    conn = None
    connections = 0
    latencies, statuses = [], Counter()
    sent_names = 0
    cpu_before = time.process_time()
    while time.time() < args.start_at:
        time.sleep(0.001)
    deadline = time.perf_counter() + args.duration
    i = 0
    while time.perf_counter() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            connections += 1
        if args.mode == "get":
            name = names[i % len(names)]
            path = "/api/v1/match/?" + urllib.parse.urlencode({"name": name})
            body, headers, method = None, {"Accept": "application/json"}, "GET"
            batch = 1
        else:
            chunk = [names[(i + k) % len(names)] for k in range(args.batch)]
            body = json.dumps({"queries": [{"name": n} for n in chunk]})
            headers = {"Accept": "application/json", "Content-Type": "application/json"}
            path, method, batch = "/api/v1/match/", "POST", len(chunk)
        i += batch
        t = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            statuses[type(exc).__name__] += 1
            conn.close()
            conn = None
            continue
        latencies.append((time.perf_counter() - t) * 1000)
        statuses[response.status] += 1
        if response.status == 200:
            sent_names += batch
        if response.will_close:
            conn.close()
            conn = None
    return {
        "latencies": latencies,
        "statuses": {str(k): v for k, v in statuses.items()},
        "connections": connections,
        "names": sent_names,
        "cpu": time.process_time() - cpu_before,
        "duration": args.duration,
    }


# HTTP: gunicorn -----------------------------------------------------------------------------
GUNICORN_CONF = '''
import json, os, time

def post_worker_init(worker):
    """Build this worker's name index before it takes requests (the benchmark's warm-up)."""
    started = time.perf_counter()
    from screening.index import get_index

    index = get_index()
    with open(os.path.join({scratch!r}, f"warm-{{os.getpid()}}.json"), "w") as out:
        json.dump({{"pid": os.getpid(), "seconds": time.perf_counter() - started,
                   "names": index.live_names}}, out)
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    database: Databases, port: int, workers: int, url_options: str = ""
) -> subprocess.Popen:
    scratch = Path(database.scratch)
    for old in scratch.glob("warm-*.json"):
        old.unlink()
    conf = scratch / "gunicorn_conf.py"
    conf.write_text(GUNICORN_CONF.format(scratch=str(scratch)))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database.vendor, database.main, url_options),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "IGNORE_DOTENV": "true",
        # The default rates would answer 429 within seconds: anonymous requests pass both
        # AnonRateThrottle (120/min) and UserRateThrottle (1200/min), each counted per
        # process. Per second, so that DRF's history of recent requests stays short.
        "API_THROTTLE_ANON": "1000000/s",
        "API_THROTTLE_USER": "1000000/s",
        "LOG_LEVEL": "WARNING",
    }
    env.pop(DB_ENV, None)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "sanctions_tracker.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--config",
        str(conf),
        "--chdir",
        str(ROOT),
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.time() + 600
    while len(list(scratch.glob("warm-*.json"))) < workers:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        if time.time() > deadline:
            process.terminate()
            raise SystemExit("gunicorn workers did not warm up in 10 minutes")
        time.sleep(0.2)
    return process


def stop_gunicorn(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_clients(
    database: Databases,
    args: argparse.Namespace,
    port: int,
    server: int,
    mode: str,
    clients: int,
    duration: float,
) -> dict:
    workers = children(server)
    wait_quiet(args.quiet_wait, settle=False)
    start_at = time.time() + 2.0
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "client",
        "--scratch",
        database.scratch,
        "--port",
        str(port),
        "--mode",
        mode,
        "--duration",
        str(duration),
        "--start-at",
        str(start_at),
        "--batch",
        str(args.batch),
    ]
    processes = [
        subprocess.Popen(
            [*command, "--seed", str(args.seed + k)], stdout=subprocess.PIPE, text=True
        )
        for k in range(clients)
    ]
    try:
        while time.time() < start_at:
            time.sleep(0.01)
        server_before = {pid: process_cpu(pid) for pid in workers}
        database_before = cluster_cpu()
        machine_before = machine_cpu()
        time.sleep(duration)
        server_after = {pid: process_cpu(pid) for pid in workers}
        database_after = cluster_cpu()
        machine_after = machine_cpu()
        outputs = []
        for process in processes:
            stdout, _ = process.communicate(timeout=120)
            if process.returncode != 0:
                raise SystemExit(f"client failed (exit {process.returncode})")
            outputs.append(json.loads(stdout.strip().splitlines()[-1]))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    latencies = [ms for o in outputs for ms in o["latencies"]]
    statuses: Counter = Counter()
    for o in outputs:
        statuses.update(o["statuses"])
    busy = busy_cores(machine_before, machine_after)
    ok = statuses.get("200", 0)
    names = sum(o["names"] for o in outputs)
    server_cpu = sum(server_after[p] - server_before[p] for p in workers)
    database_cpu = database_after - database_before
    return {
        "mode": mode,
        "clients": clients,
        "duration": duration,
        "requests": len(latencies),
        "ok": ok,
        "statuses": dict(statuses),
        "rps": ok / duration,
        "names_per_s": names / duration,
        "latency": latency_summary(latencies),
        "connections": sum(o["connections"] for o in outputs),
        "client_cpu": sum(o["cpu"] for o in outputs),
        "server_cpu": server_cpu,
        "server_cpu_per_request_ms": server_cpu / ok * 1000 if ok else None,
        "machine_busy_cores": busy,
        "database_cpu": database_cpu,
        "other_cores": max(
            0.0,
            (busy or 0.0) - (server_cpu + database_cpu + sum(o["cpu"] for o in outputs)) / duration,
        ),
    }


def http_benchmark(database: Databases, args: argparse.Namespace) -> dict:
    queries = json.loads((Path(database.scratch) / "queries.json").read_text())
    names = [q["name"] for q in queries]
    (Path(database.scratch) / "names.json").write_text(json.dumps(names))
    out: dict = {"runs": []}
    # As configured (CONN_MAX_AGE 0: a database connection per request), then the what-if
    # of persistent connections (DATABASE_URL ...?conn_max_age=600, configuration only).
    setups = [("", [("get", c) for c in args.clients] + [("post", c) for c in args.post_clients])]
    if args.persistent_clients:
        setups.append(("conn_max_age=600", [("get", c) for c in args.persistent_clients]))
    for url_options, plan in setups:
        port = free_port()
        log(
            f"HTTP: gunicorn, {args.http_workers} sync workers, port {port}"
            f"{', ' + url_options if url_options else ''}; warming"
        )
        started = time.perf_counter()
        server = start_gunicorn(database, port, args.http_workers, url_options)
        if not url_options:
            out["warm"] = [
                json.loads(p.read_text()) for p in Path(database.scratch).glob("warm-*.json")
            ]
            out["start_seconds"] = time.perf_counter() - started
        try:
            # Warm both workers' request path: two connections at once for 3 s.
            run_clients(database, args, port, server.pid, "get", 2, 3.0)
            for mode, clients in plan:
                what = "GET" if mode == "get" else f"POST batches of {args.batch}"
                log(f"  {what}, {clients} client process(es), {args.http_seconds:.0f} s")
                # Again (3 times at most) if other processes took more than DISTURBED CPUs.
                for attempt in range(1, 4):
                    run = run_clients(database, args, port, server.pid, mode, clients,
                                      args.http_seconds)  # fmt: skip
                    run["attempts"] = attempt
                    run["url_options"] = url_options
                    log(
                        f"    {run['rps']:.1f} req/s, {run['names_per_s']:.0f} names/s, "
                        f"p50 {run['latency']['p50']:.1f} ms; database "
                        f"{run['database_cpu'] / run['duration']:.2f} CPUs, other processes "
                        f"{run['other_cores']:.2f} CPUs"
                    )
                    if run["other_cores"] <= DISTURBED:
                        break
                out["runs"].append(run)
        finally:
            stop_gunicorn(server)
    return out


# Orchestrator ------------------------------------------------------------------------------
def spawn(mode: str, database: Databases, *extra: str) -> dict:
    started = time.perf_counter()
    process = start_worker(
        __file__, DB_ENV, database.main, [mode, "--scratch", database.scratch, *extra]
    )
    result = worker_output(process, mode)
    log(f"  worker {mode}: {time.perf_counter() - started:.1f} s")
    return result


def code_state() -> str:
    commit = git("rev-parse", "--short", "HEAD")
    state = f"commit `{commit}`" if commit else "not a git checkout"
    changed = git(
        "status", "--porcelain", "--untracked-files=no", "--", "screening", "sanctions_tracker"
    )
    if changed:
        state += " with uncommitted changes in screening/ or sanctions_tracker/"
    return state


def orchestrate(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    args.code = code_state()  # what the workers load; checked again at the end
    database = Databases.configured(DB_ENV, "screening", "screening")
    setup_django()
    try:
        log(f"set-up: {database.vendor} database {database.main}")
        setup = set_up(args, Path(database.scratch))
        log(
            f"  {setup['counts']['entities']:,} entities, {setup['counts']['names']:,} names, "
            f"{setup['queries']:,} labelled queries"
        )
        version = database_version(database.vendor)
        from django.db import connections

        connections.close_all()
        wait_quiet(args.quiet_wait, settle=False)
        inprocess = spawn(
            "inprocess",
            database,
            "--seed",
            str(args.seed),
            "--speed-queries",
            str(args.speed_queries),
            "--profile-top",
            str(args.profile_top),
            "--profile-rows",
            str(args.profile_rows),
            "--fresh-changes",
            str(args.fresh_changes),
            "--request-queries",
            str(args.request_queries),
        )
        http = None if args.no_http else http_benchmark(database, args)
    finally:
        if args.keep:
            log(f"kept the database: {database.main} (and {database.scratch})")
        else:
            database.remove()
    if code_state() != args.code:
        args.code += f" (changed during the run, now {code_state()})"
    report = render(args, setup, inprocess, http, version, time.perf_counter() - began)
    publish(report, args.markdown)


# Report ------------------------------------------------------------------------------------
def pct(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f}%" if denominator else "-"


def quality(results: list[dict]) -> dict:
    n = len(results)
    r1 = sum(1 for r in results if r["rank"] == 1)
    r3 = sum(1 for r in results if r["rank"] and r["rank"] <= 3)
    t1 = sum(1 for r in results if r["rank"] == 1 and r["score"] >= 0.8)
    t3 = sum(1 for r in results if r["rank"] and r["rank"] <= 3 and r["score"] >= 0.8)
    tied = sum(1 for r in results if r["rank"] and r["rank"] > 1 and r["score"] == r["top"][0][1])
    missing = sum(1 for r in results if not r["rank"])
    covers = sum(1 for r in results if r.get("first_covers"))
    return {
        "n": n,
        "r1": r1,
        "r3": r3,
        "t1": t1,
        "t3": t3,
        "tied": tied,
        "missing": missing,
        "covers": covers,
    }


def quality_row(label: str, q: dict) -> str:
    n = q["n"]
    return (
        f"| {label} | {n:,} | {pct(q['r1'], n)} | {pct(q['r3'], n)} | {pct(q['t1'], n)} | "
        f"{pct(q['t3'], n)} | {q['tied']} | {q['covers']} | {pct(q['r1'] + q['covers'], n)} | "
        f"{q['missing']} |"
    )


QUALITY_HEADER = [
    "| set | queries | recall@1, t=0 | recall@3, t=0 | recall@1, t=0.8 | recall@3, t=0.8 | "
    "expected tied with the first | misses whose first candidate holds every query word | "
    "recall@1, t=0, counting those right | expected not in the top 10 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]


def md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def failing_examples(results: list[dict], primary: dict, per_set: int, rng) -> list[str]:
    lines = [
        "| set / kind | query | expected (its first name) | expected rank, score | "
        "first candidate: name (matched name), score |",
        "|---|---|---|---|---|",
    ]
    by_set = defaultdict(list)
    for r in results:
        if r["expected"] is not None and r["rank"] != 1:
            by_set[r["set"]].append(r)
    for key in SET_TITLES:
        failing = by_set.get(key, [])
        # One per kind first, then at random.
        by_sub = defaultdict(list)
        for r in failing:
            by_sub[r["sub"]].append(r)
        chosen = [rng.choice(v) for v in by_sub.values()][:per_set]
        rest = [r for r in failing if r not in chosen]
        chosen += rng.sample(rest, min(len(rest), per_set - len(chosen)))
        for r in chosen:
            top = r["top"][0] if r["top"] else None
            first = f"{md(top[2])} ({md(top[3])}), {top[1]:.3f}" if top else "none"
            rank = f"{r['rank']}, {r['score']:.3f}" if r["rank"] else "not in top 10"
            expected = primary.get(r["expected"], r["source"])
            lines.append(
                f"| {key[0]}: {md(r['sub'])} | {md(r['name'])} | {md(expected)} | {rank} | "
                f"{first} |"
            )
    return lines


def render(args, setup: dict, inproc: dict, http: dict | None, version: str, wall: float):
    rng = random.Random(args.seed + 3)
    counts = setup["counts"]
    results = inproc["results"]
    out: list[str] = []
    speed = inproc["speed"]
    w = speed["with_refresh"]
    out += [
        f"### {version.split(' (')[0]}: {counts['entities']:,} entities, {counts['names']:,} names",
        "",
        f"{version}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {platform.platform()}; code: {args.code}. "
        f"Whole run: {wall / 60:.1f} min. Seed {args.seed}.",
        "",
        "**Targets** (issue 5): p50 <= 5 ms: "
        f"{'met' if w['p50'] <= TARGETS['p50_ms'] else 'NOT met'} ({w['p50']:.2f} ms); "
        f"p95 <= 20 ms: {'met' if w['p95'] <= TARGETS['p95_ms'] else 'NOT met'} "
        f"({w['p95']:.2f} ms)",
    ]
    if http:
        best = max(
            (r for r in http["runs"] if r["mode"] == "get" and not r.get("url_options")),
            key=lambda r: r["rps"],
        )
        out[-1] += (
            f"; >= 100 req/s over HTTP on 2 cores: "
            f"{'met' if best['rps'] >= TARGETS['http_rps'] else 'NOT met'} "
            f"({best['rps']:.1f} req/s at best, clients on the same 2 cores)."
        )
    else:
        out[-1] += "; HTTP not run (--no-http)."

    # Data
    t = setup["timings"]
    out += [
        "",
        "#### Data",
        "",
        f"Set-up (not measured): migrate {t['migrate']:.1f} s; import of the {len(SAMPLES)} "
        f"real samples {t['import']:.1f} s ({counts['real_entities']:,} entities, "
        f"{counts['real_names']:,} names); generation of {counts['synthetic_entities']:,} "
        f"synthetic entities {t['generate']:.1f} s, bulk_create {t['insert']:.1f} s; "
        f"labelled sets {t['label']:.1f} s.",
        "",
        f"In all {counts['entities']:,} entities and {counts['names']:,} names. Entity kinds: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts["entity_kinds"].items()))
        + ". Aliases: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts["alias_kinds"].items()))
        + ". Native-script aliases by script: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts["scripts"].items()))
        + ". Synthetic entities by kind and name culture: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts["cultures"].items()))
        + ". Name parts taken from the real samples: "
        + ", ".join(f"{v} {k}" for k, v in counts["real_parts"].items())
        + ".",
        "",
        "Labelled queries: "
        + ", ".join(f"{SET_TITLES[k]} {v:,}" for k, v in setup["sets"].items())
        + ". Left out while making them (ambiguous or not a variant): "
        + (", ".join(f"{k} {v:,}" for k, v in setup["skipped"].items()) or "none")
        + ".",
    ]

    # Index
    ix = inproc["index"]
    out += [
        "",
        "#### Index",
        "",
        f"Built in a fresh process (`get_index()`, the first search): "
        f"**{inproc['build_seconds']:.2f} s**, RSS +{inproc['build_rss_mib']:.0f} MiB; "
        f"what it keeps, under tracemalloc (a second build): "
        f"{inproc['index_traced_mib']:.0f} MiB. Peak RSS of the measuring process "
        f"{inproc['peak_rss_mib']:.0f} MiB.",
        "",
        f"{ix['names']:,} names of {ix['entities']:,} entities; {ix['vocabulary']:,} distinct "
        f"tokens ({ix['postings_entries']:,} postings), {ix['skeletons']:,} skeletons "
        f"({ix['skeleton_entries']:,} postings); {ix['common_tokens']} tokens are 'common' "
        f"(in more than {ix['common_limit']:.0f} names).",
        "",
        "Largest postings (token: names): "
        + ", ".join(f"`{k}` {n:,}" for n, k in ix["top_postings"])
        + ".",
        "",
        "Largest skeleton postings (skeleton: names, distinct words sharing it): "
        + ", ".join(f"`{k}` {n:,} ({words})" for n, k, words in ix["top_skeletons"])
        + ".",
    ]
    if http:
        warm = ", ".join(f"{w['seconds']:.2f} s" for w in http["warm"])
        out += ["", f"In each gunicorn worker (built before its first request): {warm}."]

    # Speed
    def lat_row(label, s):
        return (
            f"| {label} | {s['n']:,} | {s['p50']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} | "
            f"{s['mean']:.2f} | {s['max']:.1f} |"
        )

    header = [
        "| | queries | p50 ms | p95 ms | p99 ms | mean ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        "",
        "#### Speed in-process",
        "",
        f"`match(MatchQuery(name))`, default limit and threshold, one at a time, "
        f"{w['n']:,} queries drawn at random from all the labelled sets (other processes used "
        f"{inproc['other_load']:.2f} CPUs meanwhile, our PostgreSQL "
        f"{inproc.get('database_load', 0):.2f}; attempt {inproc['speed_attempts']}):",
        "",
        *header,
        lat_row("`match()` as the API calls it (index refreshed from the change log)", w),
        lat_row("the same, index passed in (no refresh)", speed["without_refresh"]),
        lat_row("the refresh alone (one indexed query of the change log)", speed["refresh_only"]),
        lat_row(
            f"`match()` in the 10 minutes after a bulk write of "
            f"{inproc['fresh_log']['rows']:,} change-log rows",
            inproc["fresh_log"]["match"],
        ),
        lat_row("... the refresh alone then", inproc["fresh_log"]["refresh_only"]),
        lat_row(
            "a whole GET in-process (Django test Client, JSON), same queries",
            inproc["request"],
        ),
        "",
        "By labelled set (with refresh) and by the query's number of tokens (without):",
        "",
        *header,
        *(lat_row(SET_TITLES[k], v) for k, v in speed["per_set"].items() if v["n"]),
        *(
            lat_row(f"{k}{'+' if k == 6 else ''} token{'s' * (k != 1)}", v)
            for k, v in speed["by_tokens"].items()
        ),
        "",
        f"The {len(inproc['slow'])} slowest queries (without refresh), with the size of "
        "their first pass (candidate names scored cheaply), the similar words looked up and "
        "the names reached through the query tokens' skeletons:",
        "",
        "| query | set | ms | tokens | first-pass names | similar words | skeleton postings | "
        "common tokens |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        *(
            f"| {md(d['name'])} | {d['set'][0]} | {d['ms']:.1f} | {d['tokens']} | "
            f"{d['first_pass']:,} | {d['words']} | {d['skeleton_hits']:,} | "
            f"{', '.join(d['common']) or '-'} |"
            for d in inproc["slow"]
        ),
    ]
    for label, key in (
        ("the slowest queries", "profile_slow"),
        ("the whole speed sample", "profile_all"),
    ):
        p = inproc[key]
        out += [
            "",
            f"cProfile of {label} (run again under the profiler, no refresh: "
            f"{p['wall']:.2f} s wall under profiling), by own time:",
            "",
            "| function | calls | own s | own % | cumulative s |",
            "|---|---:|---:|---:|---:|",
            *(
                f"| `{md(r['function'])}` | {r['calls']:,} | {r['tottime']:.3f} | "
                f"{100 * r['tottime'] / p['total']:.1f}% | {r['cumtime']:.3f} |"
                for r in p["tottime"]
            ),
        ]

    p = inproc["profile_request"]
    n_req = inproc["request"]["n"]
    out += [
        "",
        f"Where a GET's time goes: {n_req} GETs through the test Client under cProfile "
        f"({p['wall']:.2f} s wall under profiling); cumulative time of each layer, per request "
        "(the layers nest):",
        "",
        "| layer | calls | ms per request | share of the request |",
        "|---|---:|---:|---:|",
    ]
    whole = p["layers"][0][1] if p["layers"] else p["wall"]
    for label, cumulative, calls in p["layers"]:
        out.append(
            f"| {label} | {calls:,} | {cumulative / n_req * 1000:.2f} | "
            f"{100 * cumulative / whole:.0f}% |"
        )
    out += [
        "",
        "The same profile by cumulative time (below the view):",
        "",
        "| function | calls | cumulative s | per request ms |",
        "|---|---:|---:|---:|",
        *(
            f"| `{md(r['function'])}` | {r['calls']:,} | {r['cumtime']:.3f} | "
            f"{r['cumtime'] / n_req * 1000:.2f} |"
            for r in p["cumtime"]
            if r["cumtime"] < 0.6 * whole  # not the wrappers around the whole request
        ),
    ]
    out += [
        "",
        "The same profile by own time:",
        "",
        "| function | calls | own s | own % | cumulative s |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| `{md(r['function'])}` | {r['calls']:,} | {r['tottime']:.3f} | "
            f"{100 * r['tottime'] / p['total']:.1f}% | {r['cumtime']:.3f} |"
            for r in p["tottime"]
        ),
    ]

    # HTTP
    if http:
        out += [
            "",
            "#### Speed over HTTP",
            "",
            f"gunicorn {args.http_workers} sync workers on the benchmark database "
            "(DEBUG off, throttle rates raised), clients in separate processes on the same "
            "machine, each on one HTTP/1.1 connection reopened whenever the server closes it; "
            f"{args.http_seconds:.0f} s per run; names drawn from the labelled sets. A run is "
            f"repeated (3 times at most) when other processes used more than {DISTURBED} CPU "
            "meanwhile; the table shows the last. Server CPU: the workers' user + system time; "
            "'2 cores / server CPU' is the rate the workers could reach with both cores to "
            "themselves (names/s: for GET one name per request). Database CPU: the "
            "PostgreSQL cluster's processes (0 on SQLite, which runs inside the workers). "
            "The last rows keep each worker's database connection open between requests "
            "(`CONN_MAX_AGE`, set through DATABASE_URL: configuration, not code); the "
            "project's default opens one per request.",
            "",
            "| request | client processes | requests/s | names/s | p50 ms | p95 ms | p99 ms | "
            "errors | connections opened | server CPU s (ms per request) | 2 cores / server "
            "CPU, names/s | database CPU s | client CPU s | machine busy (of 2 cores) | of "
            "which other processes | runs |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in http["runs"]:
            errors = {k: v for k, v in r["statuses"].items() if k != "200"}
            what = "GET one name" if r["mode"] == "get" else f"POST {args.batch} names"
            if r.get("url_options"):
                what += f", persistent DB connections ({r['url_options']})"
            per = r["server_cpu_per_request_ms"] or 0
            capacity = 2 * r["names_per_s"] * r["duration"] / r["server_cpu"] if r["ok"] else 0
            out.append(
                f"| {what} | {r['clients']} | {r['rps']:.1f} | {r['names_per_s']:.0f} | "
                f"{r['latency']['p50']:.1f} | {r['latency']['p95']:.1f} | "
                f"{r['latency']['p99']:.1f} | {errors or 'none'} | {r['connections']:,} | "
                f"{r['server_cpu']:.1f} ({per:.1f}) | {capacity:.0f} | "
                f"{r.get('database_cpu', 0):.1f} | "
                f"{r['client_cpu']:.1f} | {r['machine_busy_cores'] or 0:.2f} | "
                f"{r['other_cores']:.2f} | {r.get('attempts', 1)} |"
            )

    out += [
        "",
        "#### Probes",
        "",
        "Pairs of names scored by `screening.scoring.name_similarity` with this index's "
        "weights (what `match()` gives a candidate it has found; a score >= 0.8 is a hit):",
        "",
        "| query | name held | as folded | should match | score | token pairs | what it shows |",
        "|---|---|---|---|---:|---|---|",
        *(
            f"| {md(q)} | {md(h)} | {md(folded)} | {'yes' if should else 'no'} | "
            f"{'**' if (score >= 0.8) != should else ''}{score:.3f}"
            f"{'**' if (score >= 0.8) != should else ''} | {md(', '.join(pairs))} | {what} |"
            for q, h, should, what, score, folded, pairs in inproc["probes"]
        ),
    ]

    # Quality
    by_set = defaultdict(list)
    by_sub = defaultdict(list)
    for r in results:
        by_set[r["set"]].append(r)
        by_sub[(r["set"], r["sub"])].append(r)
    out += [
        "",
        "#### Quality",
        "",
        "Each query run once with `limit=10, threshold=0` (the ranking); the figures at the "
        "default threshold 0.8 count the expected entity only when its score is at least "
        "0.8. Recall@1: the expected entity comes first (ties are broken by name, so an "
        "expected entity tied with the first counts as a miss; the tied column counts them).",
        "",
        *QUALITY_HEADER,
        *(quality_row(SET_TITLES[k], quality(v)) for k, v in by_set.items() if k != "g_ordinary"),
        "",
        "By kind of query:",
        "",
        *QUALITY_HEADER,
        *(
            quality_row(f"{k[0]}: {md(sub)}", quality(v))
            for (k, sub), v in sorted(by_sub.items())
            if k != "g_ordinary"
        ),
    ]
    ordinary = by_set.get("g_ordinary", [])
    if ordinary:
        tops = [r["top"][0][1] if r["top"] else 0.0 for r in ordinary]
        hits = [r for r in ordinary if r["top"] and r["top"][0][1] >= 0.8]
        bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0), (1.0, 1.01)]
        out += [
            "",
            f"False positives: {len(ordinary):,} ordinary names on no list (none equal to a "
            f"name held once folded). **{pct(len(hits), len(ordinary))}** have a candidate "
            f"at or above 0.8. Best score per query: p50 {percentile(tops, 50):.3f}, p90 "
            f"{percentile(tops, 90):.3f}, p99 {percentile(tops, 99):.3f}.",
            "",
            "| best score | "
            + " | ".join(f"{a:.1f}-{b:.1f}" if b <= 1.0 else "1.0" for a, b in bins)
            + " |",
            "|---|" + "---:|" * len(bins),
            "| queries | "
            + " | ".join(str(sum(1 for s in tops if a <= s < b)) for a, b in bins)
            + " |",
            "",
            "| kind | queries | any candidate >= 0.8 | best score p50 | p90 |",
            "|---|---:|---:|---:|---:|",
        ]
        subs = defaultdict(list)
        for r in ordinary:
            subs[r["sub"]].append(r)
        for sub, rs in sorted(subs.items()):
            s = [r["top"][0][1] if r["top"] else 0.0 for r in rs]
            n_hit = sum(1 for v in s if v >= 0.8)
            out.append(
                f"| {sub} | {len(rs):,} | {pct(n_hit, len(rs))} | {percentile(s, 50):.3f} | "
                f"{percentile(s, 90):.3f} |"
            )
        out += [
            "",
            "Some of the hits at or above 0.8 (query -> first candidate (the name that "
            "matched), score):",
            "",
        ]
        for r in rng.sample(hits, min(len(hits), args.examples * 2)):
            top = r["top"][0]
            out.append(f"- {md(r['name'])} -> {md(top[2])} ({md(top[3])}), {top[1]:.3f}")
    primary = {}
    for r in results:
        for entity_id, _, name, _ in r["top"]:
            primary.setdefault(entity_id, name)
    out += [
        "",
        "Failing examples (expected entity not first at threshold 0), one per kind of query "
        f"first, up to {args.examples} per set:",
        "",
        *failing_examples(results, primary, args.examples, rng),
    ]
    return "\n".join(out) + "\n"


# Entry point -------------------------------------------------------------------------------
def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--entities",
        type=int,
        default=20000,
        help="entities in all, real samples included (default 20000)",
    )
    parser.add_argument("--seed", type=int, default=20240605)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="size of the labelled sets, times (default 1)"
    )
    parser.add_argument("--speed-queries", type=int, default=3000)
    parser.add_argument(
        "--profile-top", type=int, default=15, help="slowest queries to diagnose and profile"
    )
    parser.add_argument("--profile-rows", type=int, default=15)
    parser.add_argument(
        "--request-queries", type=int, default=500, help="GETs through the test Client"
    )
    parser.add_argument(
        "--fresh-changes",
        type=int,
        default=400,
        help="change-log rows for the 'fresh log' measurement",
    )
    parser.add_argument("--examples", type=int, default=8, help="failing examples per set")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=600.0,
        help="wait up to this many seconds for other work to stop before measuring",
    )
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (to look at the failures)"
    )
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument(
        "--clients", default="1,2,4", help="client processes per GET run (default 1,2,4)"
    )
    parser.add_argument(
        "--persistent-clients",
        default="1,4",
        help="client processes per GET run with persistent database connections "
        "(conn_max_age=600; default 1,4; empty to skip)",
    )
    parser.add_argument(
        "--post-clients", default="2", help="client processes per POST run (default 2)"
    )
    parser.add_argument("--batch", type=int, default=100, help="names per POST")
    parser.add_argument("--markdown", help="also write the report to this file")
    # Internal: the workers.
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--duration", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.clients = [int(c) for c in str(args.clients).split(",") if c]
    args.post_clients = [int(c) for c in str(args.post_clients).split(",") if c]
    args.persistent_clients = [int(c) for c in str(args.persistent_clients).split(",") if c]
    return args


def main() -> None:
    args = parse_args()
    if args.worker == "client":
        print(json.dumps(worker_client(args, Path(args.scratch))))
    elif args.worker == "inprocess":
        # The default rates (anonymous 120/min, and 1200/min that UserRateThrottle also
        # applies to anonymous clients) would stop the in-process requests.
        os.environ["API_THROTTLE_ANON"] = "1000000/s"
        os.environ["API_THROTTLE_USER"] = "1000000/s"
        configure_database(DB_ENV)
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        setup_django()
        print(json.dumps(worker_inprocess(args, Path(args.scratch))))
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
