"""Directed, typed links between two entities."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from entities.choices import RelationshipKind
from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)


class Relationship(CuratedModel):
    """``subject`` <kind> ``object``: "the institute collaborated with the NDC"."""

    subject = models.ForeignKey(
        "entities.Entity", on_delete=models.CASCADE, related_name="relationships_out"
    )
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    object = models.ForeignKey(
        "entities.Entity", on_delete=models.CASCADE, related_name="relationships_in"
    )
    started_earliest, started_latest, started_precision, started_text = partial_date_fields(
        "started", required=False
    )
    started = PartialDateDescriptor("started")
    ended_earliest, ended_latest, ended_precision, ended_text = partial_date_fields(
        "ended", required=False
    )
    ended = PartialDateDescriptor("ended")
    description = models.TextField(
        blank=True,
        help_text="What the source says of it, e.g. that it is only alleged.",
    )

    history = curated_history()

    class Meta:
        ordering = ["subject_id", "kind", "object_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "object"],
                name="relationship_unique",
                violation_error_message="This relationship is already recorded.",
            ),
            models.CheckConstraint(
                condition=~Q(subject=F("object")),
                name="relationship_not_to_itself",
                violation_error_message="An entity cannot be related to itself.",
            ),
            models.CheckConstraint(
                condition=Q(ended_latest__isnull=True)
                | Q(started_earliest__isnull=True)
                | Q(ended_latest__gte=F("started_earliest")),
                name="relationship_ended_not_before_started",
                violation_error_message="A relationship cannot end before it started.",
            ),
            *partial_date_constraints("relationship", "started", required=False),
            *partial_date_constraints("relationship", "ended", required=False),
        ]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.object}"

    def clean(self):
        super().clean()
        if self.subject_id and self.subject_id == self.object_id:
            raise ValidationError({"object": "An entity cannot be related to itself."})
