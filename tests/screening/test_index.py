"""The index follows the database: edits through the admin, the API and imports are matched
right after they commit, in this process and in any other."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entities.models import Alias, Entity
from importer.services import import_list
from screening.changes import RETENTION, prune_change_log
from screening.index import NameIndex, get_index
from screening.models import IndexChange
from screening.services import MatchQuery, match
from tests import factories as f
from tests.importer.conftest import OFAC_NDC

pytestmark = pytest.mark.django_db


def found(name: str) -> set[int]:
    return {c.entity_id for c in match(MatchQuery(name), threshold=0.95)}


def test_an_alias_added_in_the_admin_is_matched_right_after(admin_client, seed):
    ndc = Entity.objects.get(name="National Development Complex")
    assert found("Shaheen Works") == set()  # the index is built now
    page = admin_client.get(f"/admin/entities/alias/add/?entity={ndc.pk}")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/entities/alias/add/",
        {
            "entity": ndc.pk,
            "name": "Shaheen Works",
            "kind": "aka",
            "language": "",
            "script": "",
            "loaded_version": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Alias.objects.filter(name="Shaheen Works").exists()
    assert found("Shaheen Works") == {ndc.pk}


def test_renamed_and_deleted_entities_are_not_served_stale(db):
    entity = f.EntityFactory(name="Old Harbour Logistics")
    assert found("Old Harbour Logistics") == {entity.pk}
    entity.name = "New Meridian Logistics"
    entity.save()
    assert found("Old Harbour Logistics") == set()
    assert found("New Meridian Logistics") == {entity.pk}
    entity.delete()
    assert found("New Meridian Logistics") == set()


def test_another_process_sees_the_change_through_the_log(db):
    entity = f.EntityFactory(name="Polar Star Trading")
    other = NameIndex()  # what another worker built before the change
    other.start_over()
    f.AliasFactory(entity=entity, name="Aurora Borealis Shipping")
    assert match(MatchQuery("Aurora Borealis Shipping"), index=other) == []  # not refreshed
    other.refresh()
    assert [c.entity_id for c in match(MatchQuery("Aurora Borealis Shipping"), index=other)] == [
        entity.pk
    ]


def test_an_import_is_matched_right_after(db):
    assert found("NATIONAL DEFENSE COMPLEX") == set()
    import_list("ofac-sdn", OFAC_NDC)
    ndc = Entity.objects.get(list_entries__reference="52049")
    assert found("NATIONAL DEFENSE COMPLEX") == {ndc.pk}


def test_an_unchanged_index_costs_one_query(db):
    f.EntityFactory(name="Crescent Moon Exports")
    get_index()
    with CaptureQueriesContext(connection) as queries:
        match(MatchQuery("Crescent Moon Exports"))
    assert len(queries) == 1
    assert "screening_indexchange" in queries[0]["sql"]


def test_the_log_is_pruned_by_imports_and_keeps_recent_rows(db):
    entity = f.EntityFactory(name="Granite Peak Holdings")
    old = IndexChange.objects.create(entity_id=entity.pk)
    IndexChange.objects.filter(pk=old.pk).update(created_at=timezone.now() - RETENTION * 2)
    recent = IndexChange.objects.create(entity_id=entity.pk)
    import_list("ofac-sdn", OFAC_NDC)
    assert not IndexChange.objects.filter(pk=old.pk).exists()
    assert IndexChange.objects.filter(pk=recent.pk).exists()
    assert prune_change_log() == 0


def test_an_index_idle_longer_than_the_log_keeps_rebuilds_and_misses_nothing(db):
    """A worker that has not read the log for a day may have lost rows to pruning: it
    loads everything again instead of trusting what is left of the log."""
    entity = f.EntityFactory(name="Silver Fern Navigation")
    idle = NameIndex()
    idle.start_over()
    f.AliasFactory(entity=entity, name="Kowhai Marine Services")
    day_later = timezone.now() + RETENTION
    with mock.patch("django.utils.timezone.now", return_value=day_later):
        assert prune_change_log() >= 1  # the alias's row is gone
        assert not IndexChange.objects.exists()
        idle.refresh()
    assert [c.entity_id for c in match(MatchQuery("Kowhai Marine Services"), index=idle)] == [
        entity.pk
    ]
    assert idle.checked_at == day_later


def test_an_index_read_within_the_retention_reads_the_log_incrementally(db):
    entity = f.EntityFactory(name="Amber Coast Freight")
    index = NameIndex()
    index.start_over()
    f.AliasFactory(entity=entity, name="Baltic Amber Lines")
    with mock.patch.object(NameIndex, "_rebuild", side_effect=AssertionError("rebuilt")):
        index.refresh()
    assert [c.entity_id for c in match(MatchQuery("Baltic Amber Lines"), index=index)] == [
        entity.pk
    ]
