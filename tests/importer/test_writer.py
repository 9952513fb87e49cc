"""The bulk writer checks what it queues as full_clean() would, before writing anything."""

import pytest
from django.db import transaction

from entities.models import Alias, Designation, Entity, Identifier
from importer.writer import BulkWriter, InvalidRow, date_columns
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests.factories import BodyFactory, SourceFactory

pytestmark = pytest.mark.django_db

LOCATOR = "ofac-sdn entry 123"


@pytest.fixture
def writer():
    return BulkWriter(source=SourceFactory(), reason="test import")


def _entity(writer, **values) -> int:
    return writer.create(Entity, locator=LOCATOR, **({"kind": "person", "name": "A"} | values))


def _refused(writer) -> str:
    # As in an import: the writer's rows are written in the import's transaction.
    with pytest.raises(InvalidRow) as caught, transaction.atomic():
        writer.flush()
    return str(caught.value)


def test_valid_rows_are_written_with_their_citations(writer):
    entity = _entity(writer, name="Akhtar and Sons")
    writer.create(Alias, locator=LOCATOR, entity_id=entity, name="AKHTAR", kind="aka")
    writer.flush()
    assert Entity.objects.get().name_folded
    assert Alias.objects.get().entity_id == entity
    assert set(Citation.objects.values_list("locator", flat=True)) == {LOCATOR}


def test_a_value_longer_than_its_field_is_refused_naming_model_field_and_entry(writer):
    entity = _entity(writer)
    writer.create(Alias, locator="ofac-sdn entry 7", entity_id=entity, name="B", script="Latnx")
    message = _refused(writer)
    assert message.startswith("Alias.script: 5 characters, more than its 4")
    assert message.endswith("(ofac-sdn entry 7)")
    # Nothing was written, the valid entity neither: the transaction rolled back.
    assert not Entity.objects.exists()
    assert not Citation.objects.exists()


def test_a_value_outside_its_choices_is_refused(writer):
    _entity(writer, kind="spaceship")
    assert _refused(writer) == (f"Entity.kind: 'spaceship' is not one of its choices ({LOCATOR})")


def test_a_country_that_is_no_iso_code_is_refused(writer):
    entity = _entity(writer)
    writer.create(
        Identifier, locator=LOCATOR, entity_id=entity, scheme="passport", value="1", country="XK"
    )
    assert _refused(writer).startswith("Identifier.country: 'XK' is not one of its choices")


def test_an_empty_required_value_is_refused(writer):
    entity = _entity(writer)
    writer.create(Identifier, locator=LOCATOR, entity_id=entity, scheme="passport", value="")
    assert _refused(writer).startswith("Identifier.value: empty, but required")


def test_a_missing_foreign_key_is_refused(writer):
    body = BodyFactory()
    writer.create(
        Designation,
        locator=LOCATOR,
        entity_id=None,
        body_id=body.pk,
        **date_columns("listed", PartialDate.unknown()),
    )
    assert _refused(writer).startswith("Designation.entity: missing")


def test_a_required_partial_date_left_absent_is_refused(writer):
    entity = _entity(writer)
    body = BodyFactory()
    writer.create(
        Designation,
        locator=LOCATOR,
        entity_id=entity,
        body_id=body.pk,
        **date_columns("listed", PartialDate.none()),
    )
    assert _refused(writer).startswith("Designation.listed_precision: '' is not one of its")


def test_a_citation_locator_too_long_is_refused(writer):
    _entity(writer)
    writer.cite(Entity, 1, locator="x" * 256)
    assert _refused(writer).startswith("Citation.locator: 256 characters, more than its 255")


def test_a_column_the_model_does_not_have_is_refused_at_once(writer):
    with pytest.raises(InvalidRow, match=r"^Entity\.nmae: no such column \(ofac-sdn entry 123\)"):
        writer.create(Entity, locator=LOCATOR, kind="person", nmae="A")
