"""The bulk writer's plumbing: ids reserved ahead of the rows, rows inserted column-wise,
history rows copied by the database."""

import pytest

from entities.models import Entity
from importer.fastinsert import FIRST_ID_BLOCK, IdAllocator, copy_to_history, insert_rows, new_uids

pytestmark = pytest.mark.django_db


def _entity_row(pk: int, name: str) -> dict:
    from django.utils import timezone

    now = timezone.now()
    return {
        "id": pk,
        "uid": new_uids(1)[0],
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "kind": "organization",
        "name": name,
        "name_folded": name.lower(),
    }


def test_ids_are_handed_out_ascending_and_never_twice():
    """COPY appends to the right of every index only if ids come in ascending order."""
    ids = IdAllocator()
    first = ids.take(Entity, 5)
    single = [ids.take(Entity)[0] for _ in range(3)]
    more = ids.take(Entity, 4)
    taken = first + single + more
    assert taken == sorted(taken)
    assert len(set(taken)) == len(taken)


def test_ids_reserved_skip_what_others_took_meanwhile():
    """A row Django inserts after a reservation (the import creates some, and so may
    anyone once it commits) never gets a reserved id, nor a reservation one of its ids."""
    allocator = IdAllocator()
    mine = allocator.take(Entity, 2)
    other = Entity.objects.create(kind="organization", name="Someone else's")
    # Past the block, so that the next take asks the database again.
    allocator.take(Entity, FIRST_ID_BLOCK - 2)
    later = allocator.take(Entity, 3)
    assert other.pk not in mine + later
    insert_rows(Entity, [_entity_row(pk, f"Row {pk}") for pk in later])
    assert Entity.objects.filter(pk__in=later).count() == 3


def test_history_rows_repeat_the_records_copied():
    ids = IdAllocator().take(Entity, 2)
    insert_rows(Entity, [_entity_row(pk, f"Copied {pk}") for pk in ids])
    from django.utils import timezone

    when = timezone.now()
    copy_to_history(Entity, ids, when=when, reason="test copy", user_id=None)
    rows = list(Entity.history.filter(id__in=ids).order_by("id"))
    assert [(r.id, r.name, r.history_type) for r in rows] == [
        (ids[0], f"Copied {ids[0]}", "+"),
        (ids[1], f"Copied {ids[1]}", "+"),
    ]
    assert {r.history_change_reason for r in rows} == {"test copy"}
    assert {r.history_date for r in rows} == {when}


def test_a_small_import_reserves_a_small_block():
    """Unused reserved ids are gaps: a handful of rows must not move the counter by
    thousands (the next analyst's record would be number 20,001)."""
    taken = IdAllocator().take(Entity, 3)
    after = Entity.objects.create(kind="organization", name="An analyst's")
    assert taken[0] < after.pk <= taken[0] + FIRST_ID_BLOCK
