"""Parties: organisations, companies, public bodies, people, vessels, aircraft, and what
identifies them (names, countries, addresses, identifiers)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from entities.choices import AliasKind, CountryRole, EntityDateKind, EntityKind, IdentifierScheme
from entities.querysets import EntityQuerySet
from sanctions_tracker.constraints import country_code_constraint
from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel, UidManager
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)
from sanctions_tracker.text import fold


class FoldedNameMixin(models.Model):
    """Keeps ``name_folded`` (case, accents, scripts and punctuation folded) for search.

    ``folded_name`` is the one definition of what the column holds: ``save()`` uses it, and
    so must every write that bypasses ``save()`` (bulk inserts) and every search of the
    column.
    """

    name_folded = models.CharField(max_length=512, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_folded = self.folded_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = [*update_fields, "name_folded"]
        return super().save(*args, **kwargs)

    @staticmethod
    def folded_name(name: str) -> str:
        """What ``name_folded`` holds for ``name``."""
        return fold(name)


class Entity(FoldedNameMixin, CuratedModel):
    """A party, designated or not: a ministry that speaks is an entity too."""

    kind = models.CharField(max_length=16, choices=EntityKind.choices, db_index=True)
    name = models.CharField(max_length=500, help_text="The primary name.")
    name_is_description = models.BooleanField(
        "unnamed",
        default=False,
        help_text="The sources do not name it; the name describes it ('a Chinese research "
        "institute').",
    )
    notes = models.TextField(blank=True)

    objects = UidManager.from_queryset(EntityQuerySet)()
    history = curated_history()

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="entity_name_id_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="entity_name_not_blank",
                violation_error_message="An entity needs a name.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EntityKind.values),
                name="entity_kind_valid",
                violation_error_message="Unknown entity kind.",
            ),
        ]

    def __str__(self):
        return self.name


class Alias(FoldedNameMixin, CuratedModel):
    """Another name of an entity: a.k.a., f.k.a., a name in another script; weak or strong."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=500)
    kind = models.CharField(max_length=16, choices=AliasKind.choices, default=AliasKind.AKA)
    is_weak = models.BooleanField(
        "weak",
        default=False,
        help_text="A weak alias (a broad acronym, a low-quality name) matches with less weight.",
    )
    language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1 language code, e.g. ur, zh."
    )
    script = models.CharField(
        max_length=4,
        blank=True,
        help_text="ISO 15924 script code, e.g. Arab, Hans, Cyrl.",
    )

    history = curated_history()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["entity_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name", "kind"],
                name="alias_unique_per_entity",
                violation_error_message="This entity already has this alias.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="alias_name_not_blank",
                violation_error_message="An alias needs a name.",
            ),
        ]

    def __str__(self):
        return self.name


class EntityCountry(CuratedModel):
    """A country tied to an entity, with the role it plays (located in, nationality...)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="countries")
    country = CountryField()
    role = models.CharField(max_length=16, choices=CountryRole.choices)

    history = curated_history()

    class Meta:
        verbose_name = "entity country"
        verbose_name_plural = "entity countries"
        ordering = ["entity_id", "country", "role", "id"]
        indexes = [models.Index(fields=["country", "entity"], name="entitycountry_country_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "country", "role"],
                name="entitycountry_unique_role",
                violation_error_message="This entity already has this country in this role.",
            ),
            country_code_constraint("entitycountry", "country", blank=False),
        ]

    def __str__(self):
        return f"{self.country.code} ({self.get_role_display()})"


class Address(CuratedModel):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(max_length=500, blank=True)
    city = models.CharField(max_length=255, blank=True)
    region = models.CharField(max_length=255, blank=True)
    postal_code = models.CharField(max_length=32, blank=True)
    country = CountryField(blank=True)
    full = models.TextField(
        "as written", blank=True, help_text="The address as the source writes it."
    )

    history = curated_history()

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["entity_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(street="", city="", region="", postal_code="", country="", full=""),
                name="address_not_empty",
                violation_error_message="An address needs at least a city, a country or a text.",
            ),
            country_code_constraint("address", "country"),
        ]

    def __str__(self):
        parts = [self.street, self.city, self.region, self.postal_code]
        if self.country:
            parts.append(self.country.name)
        return ", ".join(p for p in parts if p) or self.full


class Identifier(CuratedModel):
    """A scheme and a value: a registration number, an IMO number, a list's own reference."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=32, choices=IdentifierScheme.choices)
    value = models.CharField(max_length=255)
    country = CountryField("issuing country", blank=True)
    label = models.CharField(
        max_length=255,
        blank=True,
        help_text="The source's own wording, e.g. 'Tax ID No.'.",
    )

    history = curated_history()

    class Meta:
        ordering = ["entity_id", "scheme", "value", "id"]
        indexes = [models.Index(fields=["value"], name="identifier_value_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "scheme", "value", "country"],
                name="identifier_unique_per_entity",
                violation_error_message="This entity already has this identifier.",
            ),
            models.CheckConstraint(
                condition=~Q(value=""),
                name="identifier_value_not_blank",
                violation_error_message="An identifier needs a value.",
            ),
            country_code_constraint("identifier", "country"),
        ]

    def __str__(self):
        country = f" ({self.country.code})" if self.country else ""
        return f"{self.get_scheme_display()} {self.value}{country}"


class EntityDate(CuratedModel):
    """A date of birth or establishment, as precise as the source gives it.

    A party can have several (lists give "DOB 1960; alt. DOB 1962"), each with its own
    source, so they are records of their own rather than one column on the entity.
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="dates")
    kind = models.CharField(max_length=16, choices=EntityDateKind.choices)
    date_earliest, date_latest, date_precision, date_text = partial_date_fields("date")
    date = PartialDateDescriptor("date")
    approximate = models.BooleanField(
        default=False, help_text="The source says 'circa' or 'approximately'."
    )

    history = curated_history()

    class Meta:
        verbose_name = "entity date"
        ordering = ["entity_id", "kind", "date_earliest", "id"]
        indexes = [models.Index(fields=["date_earliest"], name="entitydate_earliest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntityDateKind.values),
                name="entitydate_kind_valid",
                violation_error_message="Unknown kind of date.",
            ),
            *partial_date_constraints("entitydate", "date"),
        ]

    def __str__(self):
        approx = "approximately " if self.approximate else ""
        return f"{self.get_kind_display()}: {approx}{self.date}"

    def clean(self):
        super().clean()
        if problems := self.date.errors():
            raise ValidationError({"date": "; ".join(problems)})
