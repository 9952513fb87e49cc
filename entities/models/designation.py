"""Designations: a body listed an entity under a programme. Never deleted: delisted."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from entities.active import active_q, is_active
from entities.choices import DesignationStatus
from entities.querysets import DesignationQuerySet
from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel, UidManager
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)


class Designation(CuratedModel):
    """The fact that ``body`` listed ``entity`` under ``programme`` on ``listed``.

    It is active while it has no delisting date (precision blank); delisting records the
    date (possibly unknown) and its source, and keeps the row. ``programme`` is empty when
    the source does not say under which programme the body acted.
    """

    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.PROTECT, related_name="designations"
    )
    body = models.ForeignKey("entities.Body", on_delete=models.PROTECT, related_name="designations")
    programme = models.ForeignKey(
        "entities.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
        help_text="Empty when the source does not say under which programme.",
    )
    listed_earliest, listed_latest, listed_precision, listed_text = partial_date_fields("listed")
    listed = PartialDateDescriptor("listed")
    delisted_earliest, delisted_latest, delisted_precision, delisted_text = partial_date_fields(
        "delisted", required=False
    )
    delisted = PartialDateDescriptor("delisted")
    measures = models.ManyToManyField("entities.Measure", blank=True, related_name="designations")
    measures_text = models.TextField(
        "measures as described",
        blank=True,
        help_text="The measures in the source's words.",
    )
    reason = models.TextField(blank=True, help_text="The stated reason for the listing.")
    reference = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The body's own reference for the listing (OFAC ent_num, UN QDi.001).",
    )
    targeted_activities = models.ManyToManyField(
        "entities.TargetedActivity", blank=True, related_name="designations"
    )
    notes = models.TextField(blank=True)

    objects = UidManager.from_queryset(DesignationQuerySet)()
    history = curated_history(m2m_fields=[measures, targeted_activities])

    class Meta:
        ordering = [F("listed_earliest").desc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["listed_earliest", "id"], name="designation_listed_idx"),
            models.Index(
                fields=["delisted_precision", "body"],
                name="designation_active_body_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(delisted_earliest__isnull=True)
                | Q(listed_latest__isnull=True)
                | Q(delisted_latest__gte=F("listed_earliest")),
                name="designation_delisted_not_before_listed",
                violation_error_message="A designation cannot be delisted before it was listed.",
            ),
            models.UniqueConstraint(
                fields=["entity", "programme"],
                condition=active_q() & Q(programme__isnull=False),
                name="designation_one_active_per_entity_programme",
                violation_error_message=(
                    "This entity already has an active designation under this programme: "
                    "delist it first, or edit it."
                ),
            ),
            models.UniqueConstraint(
                fields=["entity", "body"],
                condition=active_q() & Q(programme__isnull=True),
                name="designation_one_active_per_entity_body_unstated_programme",
                violation_error_message=(
                    "This entity already has an active designation by this body under an "
                    "unstated programme: delist it first, or edit it."
                ),
            ),
            *partial_date_constraints("designation", "listed"),
            *partial_date_constraints("designation", "delisted", required=False),
        ]

    def __str__(self):
        under = f" under {self.programme.code}" if self.programme_id else ""
        return f"{self.entity} by {self.body.code}{under}"

    @property
    def status(self) -> str:
        return DesignationStatus.ACTIVE if self.is_active else DesignationStatus.DELISTED

    @property
    def is_active(self) -> bool:
        return is_active(self)

    def clean(self):
        super().clean()
        errors = {}
        if self.programme_id and self.body_id and self.programme.body_id != self.body_id:
            errors["programme"] = (
                f"The programme {self.programme} belongs to {self.programme.body.code}, "
                "not to the designating body."
            )
        listed, delisted = self.listed, self.delisted
        if listed.precision == "":
            errors["listed"] = "A designation needs a listing date, even if unknown."
        if delisted.is_known and listed.is_known and delisted.latest < listed.earliest:
            errors["delisted"] = (
                f"The delisting ({delisted.iso}) cannot come before the listing ({listed.iso})."
            )
        for name, value in (("listed", listed), ("delisted", delisted)):
            if problems := value.errors():
                errors.setdefault(name, "; ".join(problems))
        if errors:
            raise ValidationError(errors)
