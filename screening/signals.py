"""Every save or delete of what screening reads appends to the index change log.

Signals, not services, because analysts change these records through the admin, the API
and the importer alike; the log must not depend on each path remembering it. The bulk
writes of the importer, which send no model signals, send one
``entities.signals.entities_bulk_written`` for all their entities, logged here too.
"""

from django.db.models.signals import post_delete, post_save

from entities.parts import part_of, screened_models
from entities.signals import entities_bulk_written
from screening.changes import entities_changed, entity_changed


def _entity_ids(sender, instance) -> list[int]:
    part = part_of(sender)
    if part is None:  # the entity itself
        return [instance.pk]
    return [getattr(instance, f"{name}_id") for name in part.entity_fields]


def _on_change(sender, instance, **kwargs):
    # Raw saves (loaddata) too: fixtures change what screening sees like any other write.
    for entity_id in _entity_ids(sender, instance):
        if entity_id is not None:
            entity_changed(entity_id)


def _on_bulk_write(sender, entity_ids, **kwargs):
    entities_changed(entity_ids)


def connect() -> None:
    """Log every save and delete of what screening reads (entities.parts: ``screened``)."""
    for model in screened_models():
        post_save.connect(_on_change, sender=model, dispatch_uid=f"screening-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"screening-del-{model.__name__}"
        )
    entities_bulk_written.connect(_on_bulk_write, dispatch_uid="screening-bulk")
