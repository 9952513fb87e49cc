"""Optimistic saves: every save raises ``version``, and a save prepared from an older version
(or of a record deleted meanwhile) is refused with StaleRecordError, writing nothing."""

import pytest
from django.db import transaction

from entities.models import Entity
from sanctions_tracker.concurrency import StaleRecordError
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _stale_save(record, **kwargs) -> StaleRecordError:
    """Save ``record`` expecting a StaleRecordError, in a savepoint (Django marks the enclosing
    transaction for rollback when a save raises, so the test can query afterwards)."""
    with pytest.raises(StaleRecordError) as excinfo, transaction.atomic():
        record.save(**kwargs)
    return excinfo.value


def _row(pk):
    return Entity.objects.values("name", "notes", "version").get(pk=pk)


def test_new_record_starts_at_version_one():
    """A record is created at version 1."""
    entity = EntityFactory()
    entity.refresh_from_db()
    assert entity.version == 1


def test_each_save_raises_the_version_by_one():
    """Each save raises the version by one, in memory and in the database."""
    entity = EntityFactory()
    entity.name = "Renamed"
    entity.save()
    entity.notes = "More"
    entity.save()
    assert entity.version == 3
    assert _row(entity.pk)["version"] == 3


def test_save_from_an_older_copy_is_refused_and_keeps_the_first_save():
    """Two copies of one record: A saves, then B's save raises and the row keeps A's values."""
    entity = EntityFactory(name="Original")
    copy_a = Entity.objects.get(pk=entity.pk)
    copy_b = Entity.objects.get(pk=entity.pk)
    copy_a.name = "Saved by A"
    copy_a.save()
    copy_b.name = "Saved by B"
    copy_b.notes = "B's notes"

    error = _stale_save(copy_b)

    assert (error.expected, error.current, error.instance) == (1, 2, copy_b)
    assert _row(entity.pk) == {"name": "Saved by A", "notes": "", "version": 2}


def test_stale_error_message_tells_both_versions():
    """The refusal says that someone else changed it, with both version numbers."""
    entity = EntityFactory()
    copy_a = Entity.objects.get(pk=entity.pk)
    copy_b = Entity.objects.get(pk=entity.pk)
    copy_a.save()

    error = _stale_save(copy_b)

    assert str(error) == (
        f"The entity {entity.pk} was changed by someone else after you opened it (your version "
        "1, now version 2); your changes were not saved. Reload it to see their changes, then "
        "make yours again."
    )


def test_refused_save_leaves_the_copys_version_unchanged():
    """After a refused save the stale copy still holds the version it was read at."""
    entity = EntityFactory()
    copy_a = Entity.objects.get(pk=entity.pk)
    copy_b = Entity.objects.get(pk=entity.pk)
    copy_a.save()

    _stale_save(copy_b)

    assert copy_b.version == 1


def test_saving_a_copy_of_a_deleted_record_is_refused_without_reinserting_it():
    """A copy of a record deleted meanwhile raises StaleRecordError (current None), and the
    row is not inserted again."""
    entity = EntityFactory()
    copy = Entity.objects.get(pk=entity.pk)
    Entity.objects.filter(pk=entity.pk).delete()
    copy.name = "Resurrected"

    error = _stale_save(copy)

    assert (error.expected, error.current) == (1, None)
    assert str(error) == (
        f"The entity {entity.pk} was deleted by someone else; your changes were not saved."
    )
    assert not Entity.objects.filter(pk=entity.pk).exists()


def test_save_with_update_fields_raises_the_version():
    """``save(update_fields=[...])`` also raises the version in the database."""
    entity = EntityFactory()
    entity.notes = "Only the notes"
    entity.save(update_fields=["notes"])
    assert _row(entity.pk) == {"name": entity.name, "notes": "Only the notes", "version": 2}


def test_save_with_update_fields_from_an_older_copy_is_refused():
    """``save(update_fields=[...])`` from an older copy is refused like a full save."""
    entity = EntityFactory(name="Original")
    copy_a = Entity.objects.get(pk=entity.pk)
    copy_b = Entity.objects.get(pk=entity.pk)
    copy_a.name = "Saved by A"
    copy_a.save()
    copy_b.notes = "B's notes"

    error = _stale_save(copy_b, update_fields=["notes"])

    assert (error.expected, error.current) == (1, 2)
    assert _row(entity.pk) == {"name": "Saved by A", "notes": "", "version": 2}


def test_raw_save_as_by_loaddata_is_not_checked():
    """A raw save (as loaddata does) writes the record as given, without a version check."""
    entity = EntityFactory(name="Original")
    fixture_copy = Entity.objects.get(pk=entity.pk)
    newer = Entity.objects.get(pk=entity.pk)
    newer.name = "Edited"
    newer.save()
    fixture_copy.name = "From the fixture"

    Entity.save_base(fixture_copy, raw=True)

    assert _row(entity.pk) == {"name": "From the fixture", "notes": "", "version": 1}
