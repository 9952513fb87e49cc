"""Reference records: who imposes sanctions, under which programmes, with which measures,
and the activities that sanctions aim at."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django_countries.fields import CountryField

from entities.choices import MeasureCode, ProgrammeStatus
from sanctions_tracker.constraints import country_code_constraint
from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)

body_code_validator = RegexValidator(
    r"^[A-Z]{2,}(-[A-Z0-9]+)*$",
    "Write the code as JURISDICTION-ACRONYM in capitals, such as US-DOS, UN-SC or EU.",
)


class BodyManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Body(CuratedModel):
    """An authority: one that imposes sanctions, or one whose acts are recorded."""

    code = models.CharField(
        max_length=32,
        unique=True,
        validators=[body_code_validator],
        help_text="JURISDICTION-ACRONYM, e.g. US-DOS, US-OFAC, UN-SC, UK-OFSI, EU.",
    )
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=64, blank=True)
    jurisdiction = CountryField(
        blank=True,
        help_text="The country (or EU) whose authority it is; blank if international.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body it sits inside (OFAC inside the US Treasury).",
    )
    imposes_sanctions = models.BooleanField(
        default=True,
        help_text="Off for authorities recorded only for what they say or do.",
    )
    entity = models.OneToOneField(
        "entities.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="as_body",
        help_text="The same authority as a party (speaker, issuer of a statement), if recorded.",
    )
    url = models.URLField("URL", blank=True)
    notes = models.TextField(blank=True)

    objects = BodyManager()
    history = curated_history()

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(Exact(Upper("code"), F("code"))),
                name="body_code_upper_case",
                violation_error_message="A body's code is written in capitals.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="body_not_its_own_parent",
                violation_error_message="A body cannot sit inside itself.",
            ),
            country_code_constraint("body", "jurisdiction"),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"

    def natural_key(self):
        return (self.code,)

    @property
    def is_international(self) -> bool:
        return not self.jurisdiction


class ProgrammeManager(models.Manager):
    def get_by_natural_key(self, body_code, code):
        return self.get(body__code=body_code, code=code)


class Programme(CuratedModel):
    """A sanctions programme or regime run by a body (OFAC's NPWMD, the UN's 1267 regime)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(
        max_length=64,
        help_text="The body's own code where it publishes one (NPWMD, SDGT).",
    )
    name = models.CharField(max_length=255)
    legal_basis = models.TextField(
        blank=True,
        help_text="The executive order, resolution or regulation it rests on.",
    )
    targeted_activity = models.TextField(
        blank=True, help_text="The activity it targets, as the body describes it."
    )
    targeted_activities = models.ManyToManyField(
        "entities.TargetedActivity", blank=True, related_name="programmes"
    )
    status = models.CharField(
        max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    url = models.URLField("URL", blank=True)
    notes = models.TextField(blank=True)

    objects = ProgrammeManager()
    history = curated_history(m2m_fields=[targeted_activities])

    class Meta:
        ordering = ["body__code", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="programme_unique_code_per_body",
                violation_error_message="This body already has a programme with this code.",
            ),
            models.CheckConstraint(
                condition=~Q(code=""),
                name="programme_code_not_blank",
                violation_error_message="A programme needs a code.",
            ),
        ]

    def __str__(self):
        return f"{self.body.code} {self.code}"

    def natural_key(self):
        return (self.body.code, self.code)

    natural_key.dependencies = ["entities.body"]


class MeasureManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Measure(models.Model):
    """One of the fixed kinds of restriction a designation imposes (asset freeze, ...)."""

    code = models.CharField(max_length=32, choices=MeasureCode.choices, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    objects = MeasureManager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        """Its label ("asset freeze"), as the admin's pickers and lists show it."""
        return self.name or self.get_code_display()

    def natural_key(self):
        return (self.code,)


class TargetedActivity(CuratedModel):
    """What sanctions aim at (a missile programme), kept apart from the sanctions regimes."""

    name = models.CharField(max_length=255)
    country = CountryField(blank=True)
    description = models.TextField(blank=True)
    since_earliest, since_latest, since_precision, since_text = partial_date_fields(
        "since", required=False
    )
    since = PartialDateDescriptor("since")
    notes = models.TextField(blank=True)

    history = curated_history()

    class Meta:
        verbose_name_plural = "targeted activities"
        ordering = ["name", "id"]
        constraints = [
            *partial_date_constraints("targetedactivity", "since", required=False),
            country_code_constraint("targetedactivity", "country"),
        ]

    def __str__(self):
        return self.name
