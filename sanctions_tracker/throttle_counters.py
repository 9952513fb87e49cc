"""Rate-limit counters shared by every worker and every instance.

A counter is a number of units spent by one key (a scope and a client) in one fixed window
of time (``window_seconds`` long, aligned on the clock, so every process agrees on it).

By default they live in PostgreSQL (the engine the deployment already has): each hit is one
atomic upsert, ``INSERT ... ON CONFLICT (key, window_start) DO UPDATE SET count = count +
cost RETURNING count``, so concurrent hits on the same key from any number of workers are
all counted (the row lock orders them). The table is UNLOGGED on PostgreSQL: counters are
worth no WAL and need not survive a crash. Old windows are deleted at most every
``THROTTLE_PURGE_SECONDS`` per process. SQLite (3.35+) runs the same statement.

With ``THROTTLE_CACHE_URL`` set (e.g. ``redis://redis:6379/1``), counters live in that
Redis instead (Django's RedisCache; the ``redis`` package must be installed).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connections, models, router

CACHE_ALIAS = "throttle"


class ThrottleCounter(models.Model):
    """Units spent by ``key`` in the window starting at ``window_start`` (Unix seconds)."""

    pk = models.CompositePrimaryKey("key", "window_start")
    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()
    # When the window ends (Unix seconds): rows past it are purged.
    expires_at = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "sanctions_tracker"

    def __str__(self):
        return f"{self.key} @ {self.window_start}: {self.count}"


@dataclass(frozen=True)
class Hit:
    count: int  # units spent in this window, this hit included
    retry_after: int  # whole seconds until the window ends (at least 1)


def hit(key: str, *, window_seconds: int, cost: int = 1) -> Hit:
    """Spend ``cost`` units of ``key`` in the current window; how many are spent now."""
    now = time.time()
    start = int(now // window_seconds) * window_seconds
    end = start + window_seconds
    if settings.THROTTLE_CACHE_URL:
        count = _hit_cache(f"throttle:{key}:{window_seconds}:{start}", cost, window_seconds)
    else:
        count = _hit_database(f"{key}/{window_seconds}", start, end, cost, now)
    return Hit(count=count, retry_after=max(1, math.ceil(end - now)))


def clear() -> None:
    """Forget every counter (and restart the purge clock)."""
    if settings.THROTTLE_CACHE_URL:
        caches[CACHE_ALIAS].clear()
    else:
        ThrottleCounter.objects.using(router.db_for_write(ThrottleCounter)).all().delete()
    _purge.restart()


def _hit_cache(key: str, cost: int, window_seconds: int) -> int:
    cache = caches[CACHE_ALIAS]
    cache.add(key, 0, timeout=window_seconds + 1)  # no-op when it exists
    try:
        return cache.incr(key, cost)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=window_seconds + 1)
        return cache.incr(key, cost)


def _hit_database(key: str, start: int, end: int, cost: int, now: float) -> int:
    alias = router.db_for_write(ThrottleCounter)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(ThrottleCounter._meta.db_table)
    key_c, start_c, end_c, count_c = (
        quote(n) for n in ("key", "window_start", "expires_at", "count")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_c}, {start_c}, {end_c}, {count_c}) "
            f"VALUES (%s, %s, %s, %s) ON CONFLICT ({key_c}, {start_c}) "
            f"DO UPDATE SET {count_c} = {table}.{count_c} + EXCLUDED.{count_c} "
            f"RETURNING {count_c}",
            [key, start, end, cost],
        )
        (count,) = cursor.fetchone()
    if _purge.due():
        ThrottleCounter.objects.using(alias).filter(expires_at__lt=int(now)).delete()
    return count


class _PurgeClock:
    """At most one purge of old windows per ``THROTTLE_PURGE_SECONDS`` in a process (the
    first one an interval after the process starts)."""

    def __init__(self):
        self.restart()

    def restart(self) -> None:
        self.next_at = time.monotonic() + settings.THROTTLE_PURGE_SECONDS

    def due(self) -> bool:
        if time.monotonic() < self.next_at:
            return False
        self.restart()
        return True


_purge = _PurgeClock()
