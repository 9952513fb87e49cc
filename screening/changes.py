"""Appending to the index change log (see ``screening.models``)."""

from __future__ import annotations

from collections.abc import Iterable

# Beyond this many entities in one write, one "reload everything" row is cheaper for every
# process than reloading them one by one.
FULL_RELOAD_THRESHOLD = 500


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
