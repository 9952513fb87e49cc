"""One entity taken into another: what a linked proposed match does with the entity the
import created (:func:`importer.review.proposal_link`).

Every record of the absorbed entity moves to the one it is taken into, each saved with
history and the caller's reason: its parts (``entities.parts.PARTS``, the one list of
them), its citations, its part in events, and the list entries it became. A part that the
other entity already has (the same alias, identifier, country, address or date, as the
importer keys them in ``importer.parts``; or one that a unique constraint allows once, such
as one active designation per programme) is not duplicated: the other entity keeps its own,
which then cites what the moved one cited, and the moved one is deleted with history. The
absorbed entity, left empty, is deleted with history too.

Runs inside the caller's transaction: any failure leaves both entities as they were.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from entities.models import Alias, Designation, Entity
from entities.parts import PARTS, citation_field, part_of
from events.models import EventParticipant
from importer.models import ListEntryState
from importer.parts import PARTS as KEYED_PARTS
from sanctions_tracker.services import validated_save
from sources.models import Citation
from sources.services import citation_create


def absorb(absorbed: Entity, into: Entity, *, user, reason: str) -> None:
    """Move everything of ``absorbed`` onto ``into``, then delete ``absorbed``."""
    if absorbed.pk == into.pk:
        raise ValidationError("An entity cannot be taken into itself.")
    body = getattr(absorbed, "as_body", None)
    if body is not None:
        raise ValidationError(
            f"{absorbed} (#{absorbed.pk}) is recorded as the authority {body.code}: "
            "unlink it from that body first."
        )
    cited = list(Citation.objects.filter(entity=absorbed).order_by("pk"))
    move = _Mover(absorbed.pk, into.pk, user=user, reason=reason)
    for part in PARTS:
        for record in part.model.objects.filter(part.of(absorbed)).order_by("pk"):
            move(record, part.entity_fields)
    for participant in EventParticipant.objects.filter(entity=absorbed).order_by("pk"):
        move(participant, ("entity",))
    for citation in cited:
        move(citation, ("entity",))
    ListEntryState.objects.filter(entity=absorbed).update(entity=into)
    _keep_name(absorbed, into, cited, user=user, reason=reason)
    absorbed._history_user = user
    absorbed._change_reason = reason
    absorbed.delete()


def _keep_name(absorbed: Entity, into: Entity, cited, *, user, reason: str) -> None:
    """The absorbed entity's name, as an alias of ``into`` unless it is known already,
    citing what the absorbed entity cited."""
    folded = Entity.folded_name(absorbed.name)
    if folded == into.name_folded or into.aliases.filter(name_folded=folded).exists():
        return
    alias = validated_save(
        Alias(entity=into, name=absorbed.name, kind="aka"),
        user=user,
        reason=reason,
        exclude=["name_folded"],
    )
    for citation in cited:
        citation_create(
            record=alias,
            source=citation.source,
            quote=citation.quote,
            locator=citation.locator,
            user=user,
            reason=reason,
        )


class _Mover:
    """Moves one record at a time from one entity to the other."""

    def __init__(self, old: int, new: int, *, user, reason: str):
        self.old, self.new, self.user, self.reason = old, new, user, reason

    def __call__(self, record: models.Model, fields: tuple[str, ...]) -> None:
        moved = [f"{name}_id" for name in fields if getattr(record, f"{name}_id") == self.old]
        for attname in moved:
            setattr(record, attname, self.new)
        to_itself = len({getattr(record, f"{name}_id") for name in fields}) < len(fields)
        twin = None if to_itself else self._twin(record)
        if not to_itself and twin is None:
            exclude = ["name_folded"] if hasattr(record, "name_folded") else None
            validated_save(record, user=self.user, reason=self.reason, exclude=exclude)
            return
        # Deleted as it was: its history's last row names the entity it belonged to.
        for attname in moved:
            setattr(record, attname, self.old)
        if twin is not None:
            self._cite_on(record, twin)
        # else a relationship between the two entities, which would tie one to itself
        self._delete(record)

    def _twin(self, record: models.Model) -> models.Model | None:
        """The record of the other entity that this one would duplicate, if any."""
        model = type(record)
        part = part_of(model)
        keyed = KEYED_PARTS.get(part.name) if part is not None else None
        if keyed is not None:
            key = keyed.db_key(record)
            others = model.objects.filter(entity_id=self.new).exclude(pk=record.pk)
            return next((o for o in others if keyed.db_key(o) == key), None)
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
                continue
            try:
                constraint.validate(model, record)
            except ValidationError:
                values = {
                    model._meta.get_field(f).attname: getattr(
                        record, model._meta.get_field(f).attname
                    )
                    for f in constraint.fields
                }
                return (
                    model.objects.filter(constraint.condition or Q(), **values)
                    .exclude(pk=record.pk)
                    .first()
                )
        return None

    def _cite_on(self, record: models.Model, twin: models.Model) -> None:
        """What cited the duplicate now cites the record kept; events that named a
        duplicate designation name the one kept."""
        name = citation_field(type(record))
        for citation in Citation.objects.filter(**{name: record}).order_by("pk"):
            setattr(citation, name, twin)
            validated_save(citation, user=self.user, reason=self.reason)
        if isinstance(record, Designation):
            for event in record.events.all():
                event.designations.add(twin)

    def _delete(self, record: models.Model) -> None:
        record._history_user = self.user
        record._change_reason = self.reason
        record.delete()
