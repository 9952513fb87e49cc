"""One function per write: each validates the record and records who and why."""

import pytest
from django.core.exceptions import ValidationError

from entities.models import Alias, Body, Designation, Programme
from entities.services import (
    alias_update,
    body_create,
    designation_update,
    entity_part_delete,
    entity_update,
    programme_create,
)
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


def test_body_and_programme_create_validate():
    with pytest.raises(ValidationError):
        body_create(code="us ofac", name="OFAC")
    assert not Body.objects.exists()
    body = body_create(code="US-OFAC", name="OFAC", jurisdiction="US", reason="imported")
    assert body.history.get().history_change_reason == "imported"
    programme = programme_create(body=body, code="SDGT", name="Terrorism")
    with pytest.raises(ValidationError):
        programme_create(body=body, code="SDGT", name="Again")
    assert list(Programme.objects.all()) == [programme]


def test_entity_update_validates_saves_and_records_who_and_why(django_user_model):
    user = django_user_model.objects.create_user("importer")
    entity = EntityFactory(name="Old name")
    entity_update(entity=entity, data={"name": "New name"}, user=user, reason="the list changed")
    entity.refresh_from_db()
    assert (entity.name, entity.name_folded, entity.version) == ("New name", "new name", 2)
    latest = entity.history.first()
    assert (latest.history_user, latest.history_change_reason) == (user, "the list changed")
    with pytest.raises(ValidationError):
        entity_update(entity=entity, data={"kind": "spaceship"})
    with pytest.raises(ValueError, match="no field 'nmae'"):
        entity_update(entity=entity, data={"nmae": "x"})


def test_alias_update():
    alias = AliasFactory(is_weak=False)
    alias_update(alias=alias, data={"is_weak": True}, reason="weak now")
    assert Alias.objects.get(pk=alias.pk).is_weak


def test_a_name_that_folds_to_nothing_can_still_be_updated():
    alias = AliasFactory(name="-")
    assert alias.name_folded == ""
    alias_update(alias=alias, data={"is_weak": True})
    entity = EntityFactory(name="...")
    entity_update(entity=entity, data={"notes": "a name of punctuation only"})


def test_designation_update_changes_the_listing_but_never_delists():
    designation = DesignationFactory()
    designation_update(designation=designation, data={"listed": PartialDate.parse("2020-05")})
    assert Designation.objects.get(pk=designation.pk).listed.iso == "2020-05"
    with pytest.raises(ValidationError, match="designations_delist"):
        designation_update(
            designation=designation, data={"delisted": PartialDate.parse("2026-01-01")}
        )
    assert Designation.objects.get(pk=designation.pk).is_active


def test_entity_part_delete_deletes_parts_with_history_but_no_designation_or_body():
    alias, relationship = AliasFactory(), RelationshipFactory()
    pk = alias.pk
    entity_part_delete(record=alias, reason="the list removed it")
    entity_part_delete(record=relationship)
    assert not Alias.objects.filter(pk=pk).exists()
    last = Alias.history.filter(id=pk).first()
    assert (last.history_type, last.history_change_reason) == ("-", "the list removed it")
    designation = DesignationFactory()
    with pytest.raises(ValidationError, match="never deleted"):
        entity_part_delete(record=designation)
    for record in (BodyFactory(entity=EntityFactory()), designation.entity):
        with pytest.raises(ValueError, match="not a part"):
            entity_part_delete(record=record)
    assert Designation.objects.filter(pk=designation.pk).exists()
