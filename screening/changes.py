"""Appending to the index change log (see ``screening.models``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

# Beyond this many entities in one write, one "reload everything" row is cheaper for every
# process than reloading them one by one.
FULL_RELOAD_THRESHOLD = 500
# How long the log keeps a row. A process that has not read the log for nearly this long
# rebuilds its index instead of reading it (see NameIndex.refresh), so pruning never hides a
# change from anyone.
RETENTION = dt.timedelta(days=1)


def entity_changed(entity_id: int) -> None:
    from screening.models import IndexChange

    IndexChange.objects.create(entity_id=entity_id)


def entities_changed(entity_ids: Iterable[int]) -> None:
    from screening.models import IndexChange

    ids = sorted(set(entity_ids))
    if not ids:
        return
    if len(ids) > FULL_RELOAD_THRESHOLD:
        IndexChange.objects.create(entity_id=None)
    else:
        IndexChange.objects.bulk_create([IndexChange(entity_id=i) for i in ids])
    # Bulk writes are imports, a daily job: the log's housekeeping rides along.
    prune_change_log()


def prune_change_log(now: dt.datetime | None = None) -> int:
    """Delete the log's rows older than RETENTION; return how many."""
    from screening.models import IndexChange

    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = IndexChange.objects.filter(created_at__lt=cutoff).delete()
    return deleted
