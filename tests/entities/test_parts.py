"""The registry of an entity's parts (entities.parts) lists every part, once."""

from django.apps import apps
from django.db import models

from entities import parts
from entities.models import Entity
from sources.models import CITABLE

# Models with a foreign key to Entity that are records of their own, not parts of it.
NOT_PARTS = {
    "entities.Body": "an authority; its entity is the same authority as a party",
    "events.EventParticipant": "a role in an event, which is a record of its own",
    "sources.Citation": "supports any record; an entity's citations are not its parts",
    "importer.ImportDifference": "an import's log, kept when the entity is gone",
    "importer.ListEntryState": "the importer's memory of a list entry",
    "importer.ProposedMatch": "a review decision about entities, kept when they are merged",
}


def _points_at_entity(model) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
        and f.related_model is Entity
        and not f.auto_created
    ]


def test_every_model_with_a_foreign_key_to_entity_is_a_part_or_named_as_not_one():
    pointing = {}
    for model in apps.get_models():
        fields = _points_at_entity(model)
        if fields and not hasattr(model, "instance_type"):  # history models copy the FKs
            pointing[model._meta.label] = tuple(fields)
    registered = {p.label: p.entity_fields for p in parts.PARTS}
    unregistered = set(pointing) - set(registered) - set(NOT_PARTS)
    assert not unregistered, (
        f"{sorted(unregistered)} point at Entity: register them in entities/parts.py, "
        "or name them in NOT_PARTS with the reason"
    )
    for label, fields in registered.items():
        assert pointing[label] == fields, f"{label}: entity_fields must be {pointing[label]}"


def test_parts_come_after_what_they_point_at():
    order = parts.creation_order()
    assert order[0] is Entity
    for position, model in enumerate(order):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target in order and target is not model:
                assert order.index(target) < position, f"{model} before {target}"


def test_related_names_reach_the_rows_of_an_entity():
    assert parts.part("aliases").related_names == ("aliases",)
    assert parts.part("relationships").related_names == ("relationships_out", "relationships_in")
    for part in parts.PARTS:
        for related_name in part.related_names:
            assert hasattr(Entity, related_name)


def test_every_part_can_be_cited():
    citable = {label for _, label in CITABLE}
    assert {p.label for p in parts.PARTS} <= citable
    assert parts.part("countries").citation_field == "entity_country"
    assert parts.citation_field(Entity) == "entity"


def test_lookups():
    from entities.models import Alias, Designation, Relationship

    assert parts.part_of(Alias).name == "aliases"
    assert parts.part_of(Entity) is None
    assert parts.part_models()[-1] is Relationship
    assert Designation in parts.screened_models()
    assert Relationship not in parts.screened_models()
    q = parts.part("relationships").of(7)
    assert set(q.children) == {("subject_id", 7), ("object_id", 7)}
