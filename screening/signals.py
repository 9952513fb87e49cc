"""Every save or delete of what screening reads appends to the index change log.

Signals, not services, because analysts change these records through the admin, the API
and the importer alike; the log must not depend on each path remembering it. The bulk
writes of the importer, which send no model signals, send one
``entities.signals.entities_bulk_written`` for all their entities, logged here too.
"""

from django.db.models.signals import post_delete, post_save

from entities.signals import entities_bulk_written
from screening.changes import entities_changed, entity_changed


def _entity_id(instance):
    model = type(instance).__name__
    if model == "Entity":
        return instance.pk
    if model == "Relationship":
        return None
    return getattr(instance, "entity_id", None)


def _on_change(sender, instance, **kwargs):
    # Raw saves (loaddata) too: fixtures change what screening sees like any other write.
    entity_id = _entity_id(instance)
    if entity_id is not None:
        entity_changed(entity_id)


def _on_bulk_write(sender, entity_ids, **kwargs):
    entities_changed(entity_ids)


def connect() -> None:
    from entities.models import (
        Address,
        Alias,
        Designation,
        Entity,
        EntityCountry,
        EntityDate,
        Identifier,
    )

    for model in (Entity, Alias, Identifier, EntityCountry, EntityDate, Address, Designation):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"screening-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"screening-del-{model.__name__}"
        )
    entities_bulk_written.connect(_on_bulk_write, dispatch_uid="screening-bulk")
