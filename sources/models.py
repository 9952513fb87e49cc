"""Sources (documents) and citations (what in a source supports which record)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from sanctions_tracker.history import curated_history
from sanctions_tracker.models import CuratedModel, UidManager
from sanctions_tracker.partial_dates import (
    PartialDateDescriptor,
    partial_date_constraints,
    partial_date_fields,
)
from sources.choices import SourceKind


class Source(CuratedModel):
    """A document: a news article, an official press release, a list file of a given date."""

    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=255, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    published_earliest, published_latest, published_precision, published_text = partial_date_fields(
        "published"
    )
    published = PartialDateDescriptor("published")
    retrieved_earliest, retrieved_latest, retrieved_precision, retrieved_text = partial_date_fields(
        "retrieved", required=False
    )
    retrieved = PartialDateDescriptor("retrieved")
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1, e.g. en.")
    text = models.TextField(blank=True, help_text="The document's text, where it is text.")
    file = models.FileField(upload_to="sources/%Y/%m/", blank=True)
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        blank=True,
        help_text="Of the file, or else of the text (UTF-8): proves which version was read.",
    )
    notes = models.TextField(blank=True)

    history = curated_history()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_blank",
                violation_error_message="A source needs a title.",
            ),
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~Q(sha256=""),
                name="source_unique_sha256",
                violation_error_message="This document is already recorded as a source.",
            ),
            *partial_date_constraints("source", "published"),
            *partial_date_constraints("source", "retrieved", required=False),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def sha256_of_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def has_quote_or_locator(quote: str, locator: str) -> bool:
    """A citation needs the source's words (quote) or a locator; blank text is neither."""
    return bool((quote or "").strip() or (locator or "").strip())


def require_quote_or_locator(
    quote: str, locator: str, message: str = "Give the quote, or at least a locator."
) -> None:
    """The rule of :func:`has_quote_or_locator`, as a ValidationError on ``quote`` (with the
    caller's wording, if it has its own). The constraint ``citation_quote_or_locator`` is
    the database's own guard of the same rule."""
    if not has_quote_or_locator(quote, locator):
        raise ValidationError({"quote": message})


# Every record a citation can support: (field on Citation, model). Adding a citable model
# means one more nullable foreign key here and a migration. The parts of an entity are
# among them (entities.parts reads its Citation field from here, and a test checks that
# every part is citable): sources is imported by entities, so it cannot import the
# registry without the two apps importing each other.
CITABLE = [
    ("body", "entities.Body"),
    ("programme", "entities.Programme"),
    ("targeted_activity", "entities.TargetedActivity"),
    ("entity", "entities.Entity"),
    ("alias", "entities.Alias"),
    ("entity_country", "entities.EntityCountry"),
    ("entity_date", "entities.EntityDate"),
    ("address", "entities.Address"),
    ("identifier", "entities.Identifier"),
    ("relationship", "entities.Relationship"),
    ("designation", "entities.Designation"),
    ("event", "events.Event"),
    ("event_participant", "events.EventParticipant"),
]
CITABLE_FIELDS = [name for name, _ in CITABLE]
# What a target shows of its own relations (its str, the entity it belongs to): selected
# with it by CitationQuerySet.with_targets().
TARGET_RELATIONS = {
    "programme": ("body",),
    "alias": ("entity",),
    "entity_country": ("entity",),
    "address": ("entity",),
    "identifier": ("entity",),
    "relationship": ("subject", "object"),
    "designation": ("entity", "body", "programme__body"),
    "event_participant": ("entity",),
}


class CitationQuerySet(models.QuerySet):
    def with_targets(self):
        """Citations with their source and whichever record each supports (every citable
        target, and what it shows of its relations), in the same query."""
        return self.select_related(
            "source",
            *CITABLE_FIELDS,
            *(
                f"{name}__{rel}"
                for name in CITABLE_FIELDS
                for rel in TARGET_RELATIONS.get(name, ())
            ),
        )


def _exactly_one_target() -> Q:
    condition = Q()
    for name in CITABLE_FIELDS:
        only_this = Q(**{f"{name}__isnull": False})
        for other in CITABLE_FIELDS:
            if other != name:
                only_this &= Q(**{f"{other}__isnull": True})
        condition |= only_this
    return condition


def _target(model: str):
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="citations",
    )


class Citation(CuratedModel):
    """Ties one record to one source, with the quote or the locator that supports it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(blank=True, help_text="The exact words of the source.")
    locator = models.CharField(
        max_length=255, blank=True, help_text="Page, paragraph, line or list entry."
    )
    field = models.CharField(
        max_length=64,
        blank=True,
        help_text="The fact it supports, when not the whole record (e.g. delisted).",
    )

    body = _target("entities.Body")
    programme = _target("entities.Programme")
    targeted_activity = _target("entities.TargetedActivity")
    entity = _target("entities.Entity")
    alias = _target("entities.Alias")
    entity_country = _target("entities.EntityCountry")
    entity_date = _target("entities.EntityDate")
    address = _target("entities.Address")
    identifier = _target("entities.Identifier")
    relationship = _target("entities.Relationship")
    designation = _target("entities.Designation")
    event = _target("events.Event")
    event_participant = _target("events.EventParticipant")

    objects = UidManager.from_queryset(CitationQuerySet)()
    history = curated_history()

    class Meta:
        ordering = ["source_id", "id"]
        indexes = [
            models.Index(
                fields=[name],
                condition=Q(**{f"{name}__isnull": False}),
                name=f"citation_{name}_idx",
            )
            for name in CITABLE_FIELDS
        ]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_target(),
                name="citation_exactly_one_target",
                violation_error_message="A citation supports exactly one record.",
            ),
            models.CheckConstraint(
                condition=~Q(quote="", locator=""),
                name="citation_quote_or_locator",
                violation_error_message="A citation needs the quote or the locator.",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.quote[:80] or self.locator}"

    @property
    def target(self):
        for name in CITABLE_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    def clean(self):
        super().clean()
        set_fields = [n for n in CITABLE_FIELDS if getattr(self, f"{n}_id") is not None]
        if len(set_fields) != 1:
            raise ValidationError(
                "A citation supports exactly one record: choose one of "
                + ", ".join(CITABLE_FIELDS)
                + (f" (chosen: {', '.join(set_fields)})" if set_fields else " (none chosen)")
            )
        require_quote_or_locator(self.quote, self.locator)


def cite(
    record, *, source: Source, quote: str = "", locator: str = "", field: str = ""
) -> Citation:
    """An unsaved citation of ``record``; raises ValueError for a record that cannot be cited."""
    for name, label in CITABLE:
        if record._meta.label == label:
            return Citation(
                source=source,
                quote=quote,
                locator=locator,
                field=field,
                **{name: record},
            )
    raise ValueError(f"{record._meta.label} records cannot be cited")
