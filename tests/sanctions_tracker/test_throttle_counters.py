"""Rate-limit counters: one atomic upsert per hit, exact under concurrent workers, in fixed
windows; old windows purged; Redis (any Django cache) instead when THROTTLE_CACHE_URL is set."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from sanctions_tracker import throttle_counters
from sanctions_tracker.throttle_counters import ThrottleCounter


@pytest.mark.django_db
def test_hits_add_their_cost_in_the_window(django_assert_num_queries):
    """Each hit is one statement and returns the units spent so far, its own included."""
    with django_assert_num_queries(1):
        first = throttle_counters.hit("k", window_seconds=60)
    second = throttle_counters.hit("k", window_seconds=60, cost=5)
    assert (first.count, second.count) == (1, 6)
    assert 1 <= second.retry_after <= 60
    row = ThrottleCounter.objects.get(key="k/60")
    assert row.count == 6
    assert row.window_start % 60 == 0
    assert row.expires_at == row.window_start + 60


@pytest.mark.django_db
def test_a_new_window_starts_from_zero(monkeypatch):
    now = 1_000_000 * 60 + 59.5
    monkeypatch.setattr(time, "time", lambda: now)
    assert throttle_counters.hit("k", window_seconds=60, cost=3).count == 3
    assert throttle_counters.hit("k", window_seconds=60).retry_after == 1
    now += 1
    assert throttle_counters.hit("k", window_seconds=60).count == 1
    assert ThrottleCounter.objects.filter(key="k/60").count() == 2


@pytest.mark.django_db
def test_old_windows_are_purged_at_most_every_interval(settings):
    settings.THROTTLE_PURGE_SECONDS = 300
    ThrottleCounter.objects.create(key="old/60", window_start=0, expires_at=60, count=9)
    throttle_counters._purge.next_at = 0  # due
    throttle_counters.hit("k", window_seconds=60)
    assert not ThrottleCounter.objects.filter(key="old/60").exists()
    # Not due again before the interval: a new stale row stays.
    ThrottleCounter.objects.create(key="old/60", window_start=0, expires_at=60, count=9)
    throttle_counters.hit("k", window_seconds=60)
    assert ThrottleCounter.objects.filter(key="old/60").exists()
    assert throttle_counters._purge.next_at > time.monotonic() + 200


@pytest.mark.django_db
def test_the_table_is_unlogged_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [ThrottleCounter._meta.db_table],
        )
        assert cursor.fetchone() == ("u",)


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_on_one_key_are_all_counted():
    """Two workers (threads with their own connections) hitting one key 100 times each: the
    counter ends at exactly 200 and each hit saw a different count (no lost update)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (SQLite serialises every writer)")
    start = threading.Barrier(2)
    seen: list[int] = []
    errors: list[Exception] = []

    def worker():
        try:
            start.wait(timeout=10)
            for _ in range(100):
                seen.append(throttle_counters.hit("shared", window_seconds=3600).count)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(seen) == list(range(1, 201))
    assert ThrottleCounter.objects.get(key="shared/3600").count == 200


@pytest.mark.django_db
def test_with_a_cache_url_the_counters_live_in_that_cache(settings):
    """THROTTLE_CACHE_URL (Redis in production; a local-memory cache here) takes the counters
    out of the database."""
    settings.THROTTLE_CACHE_URL = "redis://unused"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    throttle_counters.clear()
    assert throttle_counters.hit("k", window_seconds=60, cost=2).count == 2
    assert throttle_counters.hit("k", window_seconds=60).count == 3
    assert not ThrottleCounter.objects.exists()
