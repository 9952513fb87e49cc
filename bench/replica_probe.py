#!/usr/bin/env python
"""The measurements of ``bench/replica_trial.sh`` (run by it, not alone).

replica_probe.py lag PRIMARY_DSN REPLICA_DSN COUNT
    COUNT probe rows written on the primary, one at a time; for each, the milliseconds
    until the replica returns it. One JSON line.
replica_probe.py watch PRIMARY_DSN SECONDS_FILE
    Samples pg_stat_replication every 0.1 s until SECONDS_FILE exists: the largest
    replay lag and bytes behind. One JSON line.
replica_probe.py requests BASE_URL TOKEN PRIMARY_DSN REPLICA_DSN
    API reads (lists, details, a CSV export, screening) with a token and no cookies, then a
    write and reads carrying the cookie the write set: how many transactions each server
    ran meanwhile (pg_stat_database). One JSON line.
"""

from __future__ import annotations

import http.cookiejar
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

INSERT_PROBE = "INSERT INTO replica_probe DEFAULT VALUES RETURNING id"
FIND_PROBE = "SELECT 1 FROM replica_probe WHERE id = %s"


def lag(primary_dsn: str, replica_dsn: str, count: int) -> dict:
    with psycopg.connect(primary_dsn, autocommit=True) as primary:
        primary.execute("CREATE TABLE IF NOT EXISTS replica_probe (id serial PRIMARY KEY)")
    time.sleep(1)  # the table reaches the replica
    waits = []
    with (
        psycopg.connect(primary_dsn, autocommit=True) as primary,
        psycopg.connect(replica_dsn, autocommit=True) as replica,
    ):
        # As in production: the throwaway cluster runs with synchronous_commit off, which
        # leaves a commit's WAL unsent for up to wal_writer_delay (200 ms).
        primary.execute("SET synchronous_commit = on")
        for _ in range(count):
            started = time.perf_counter()
            (probe,) = primary.execute(INSERT_PROBE).fetchone()
            while not replica.execute(FIND_PROBE, [probe]).fetchone():
                time.sleep(0.0005)
            waits.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
    waits.sort()
    return {
        "probes": count,
        "median_ms": statistics.median(waits),
        "p95_ms": waits[int(0.95 * (len(waits) - 1))],
        "max_ms": waits[-1],
    }


def watch(primary_dsn: str, stop_file: str) -> dict:
    most_bytes, most_lag, samples = 0, 0.0, 0
    with psycopg.connect(primary_dsn, autocommit=True) as primary:
        while not Path(stop_file).exists():
            row = primary.execute(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn),"
                " extract(epoch FROM replay_lag) FROM pg_stat_replication"
            ).fetchone()
            if row:
                samples += 1
                most_bytes = max(most_bytes, int(row[0] or 0))
                most_lag = max(most_lag, float(row[1] or 0))
            time.sleep(0.1)
    return {"samples": samples, "max_bytes_behind": most_bytes, "max_replay_lag_s": most_lag}


def _transactions(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database"
            " WHERE datname = current_database()"
        ).fetchone()[0]


def _counted(primary_dsn: str, replica_dsn: str, work) -> dict:
    """Transactions each server ran during ``work`` (less this function's own reads)."""
    time.sleep(1.5)  # statistics are flushed about once a second
    before = _transactions(primary_dsn), _transactions(replica_dsn)
    started = time.perf_counter()
    requests = work()
    seconds = time.perf_counter() - started
    time.sleep(1.5)
    after = _transactions(primary_dsn), _transactions(replica_dsn)
    # Each _transactions call is one transaction on the server it reads.
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "primary_transactions": after[0] - before[0] - 1,
        "replica_transactions": after[1] - before[1] - 1,
    }


def requests(base: str, token: str, primary_dsn: str, replica_dsn: str) -> dict:
    headers = {"Authorization": f"Token {token}"}
    jar = http.cookiejar.CookieJar()
    with_cookies = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    plain = urllib.request.build_opener()

    def get(opener, path: str) -> bytes:
        with opener.open(urllib.request.Request(base + path, headers=headers), timeout=60) as r:
            return r.read()

    first = json.loads(get(plain, "/api/v1/entities/?page_size=1"))["results"][0]

    def reads():
        paths = [f"/api/v1/entities/?page_size=50&page={p}" for p in range(1, 41)]
        paths += [f"/api/v1/entities/{first['id']}/"] * 40
        paths += ["/api/v1/match/?name=national%20development%20complex"] * 19
        paths += ["/api/v1/designations/?format=csv"]
        for path in paths:
            get(plain, path)
        return len(paths)

    def write_then_read():
        body = json.dumps({"notes": "Checked in the replica trial."}).encode()
        request = urllib.request.Request(
            base + f"/api/v1/entities/{first['id']}/",
            data=body,
            method="PATCH",
            headers={**headers, "Content-Type": "application/json", "If-Match": "*"},
        )
        with with_cookies.open(request, timeout=60) as r:
            r.read()
        seen = json.loads(get(with_cookies, f"/api/v1/entities/{first['id']}/"))["notes"]
        assert seen == "Checked in the replica trial.", seen
        for _ in range(19):
            get(with_cookies, f"/api/v1/entities/{first['id']}/")
        return 21

    readyz = json.loads(urllib.request.urlopen(base + "/readyz", timeout=10).read())
    return {
        "readyz": readyz,
        "reads": _counted(primary_dsn, replica_dsn, reads),
        "write_then_reads": _counted(primary_dsn, replica_dsn, write_then_read),
        "pin_cookie": [c.name for c in jar],
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "lag":
        result = lag(args[0], args[1], int(args[2]))
    elif command == "watch":
        result = watch(args[0], args[1])
    elif command == "requests":
        result = requests(*args)
    else:
        sys.exit(f"replica_probe.py: unknown command {command!r}")
    print(json.dumps(result))
