"""Events: what happened when (a designation announced, a statement, a missile test)."""

from django.db import models
from django.db.models import F, Q
from django_countries.fields import CountryField

from events.choices import EventKind, ParticipantRole
from sanctions_tracker.constraints import country_code_constraint
from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)


class Event(CuratedModel):
    kind = models.CharField(max_length=16, choices=EventKind.choices, db_index=True)
    title = models.CharField(max_length=500)
    occurred_earliest, occurred_latest, occurred_precision, occurred_text = partial_date_fields(
        "date"
    )
    occurred = PartialDateDescriptor("occurred")
    country = CountryField(blank=True, help_text="Where it happened.")
    description = models.TextField(blank=True)
    designations = models.ManyToManyField(
        "entities.Designation",
        blank=True,
        related_name="events",
        help_text="The designations it announces or answers.",
    )
    targeted_activities = models.ManyToManyField(
        "entities.TargetedActivity", blank=True, related_name="events"
    )

    history = curated_history(m2m_fields=[designations, targeted_activities])

    class Meta:
        ordering = [
            F("occurred_earliest").asc(nulls_last=True),
            "occurred_latest",
            "id",
        ]
        indexes = [
            models.Index(
                fields=["occurred_earliest", "occurred_latest", "id"],
                name="event_date_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="event_title_not_blank",
                violation_error_message="An event needs a title.",
            ),
            *partial_date_constraints("event", "occurred"),
            country_code_constraint("event", "country"),
        ]

    def __str__(self):
        return f"{self.occurred}: {self.title}" if self.occurred.is_known else self.title


class EventParticipant(CuratedModel):
    """An entity's part in an event: actor, target, speaker, venue or subject."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    description = models.CharField(max_length=500, blank=True)

    history = curated_history()

    class Meta:
        ordering = ["event_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "entity", "role"],
                name="eventparticipant_unique_role",
                violation_error_message="This entity already has this role in this event.",
            )
        ]

    def __str__(self):
        return f"{self.entity} ({self.get_role_display()})"
