"""What each import did, and what the tracker last took from each list entry.

An :class:`ImportRun` is an audit record, written once by the import service and never
edited: source, files and their SHA-256, times, counts, and its :class:`ImportDifference`
rows (what was added, changed, delisted, linked, proposed, and the conflicts with analysts'
edits). :class:`ListEntryState` keeps, per list entry, the entity it became and what the list
said of it last time: the base of the three-way comparison that tells a list change from an
analyst's edit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanctions_tracker.history import curated_history
from sanctions_tracker.models import TimeStampedModel


class ImportSource(models.TextChoices):
    OFAC_SDN = "ofac-sdn", "OFAC SDN list"
    OFAC_NON_SDN = "ofac-non-sdn", "OFAC Non-SDN consolidated list"
    OFAC_ADVANCED = "ofac-advanced", "OFAC list in the advanced XML format"
    UN_SC = "un-sc", "UN Security Council consolidated list"
    UK_OFSI = "uk-ofsi", "UK OFSI consolidated list"
    EU_FSF = "eu-fsf", "EU consolidated financial sanctions list (FSF)"


class ImportStatus(models.TextChoices):
    APPLIED = "applied", "applied"
    UNCHANGED = "unchanged", "unchanged (same file as the last import)"


class ImportRun(models.Model):
    source = models.CharField(max_length=16, choices=ImportSource.choices, db_index=True)
    path = models.CharField(max_length=1000, help_text="The file or folder, as given.")
    files = models.JSONField(default=dict, help_text="File name -> SHA-256 of its bytes.")
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        db_index=True,
        help_text="Of the file; for a folder, of its files' names and SHA-256.",
    )
    list_date = models.DateField(null=True, blank=True, help_text="The list's own date.")
    list_source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="The source that the imported records cite.",
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entries = models.PositiveIntegerField(default=0, help_text="Entries in the file.")
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    delisted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    linked = models.PositiveIntegerField(
        default=0, help_text="New entries linked to an existing entity, to review."
    )
    conflicts = models.PositiveIntegerField(
        default=0, help_text="List changes not applied because an analyst had edited the value."
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ImportSource.values),
                name="importrun_source_valid",
                violation_error_message="Unknown list source.",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")),
                name="importrun_finished_after_started",
                violation_error_message="An import cannot finish before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} at {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def duration(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


class DifferenceAction(models.TextChoices):
    ADDED = "added", "added"
    RELISTED = "relisted", "designated again"
    CHANGED = "changed", "changed"
    DELISTED = "delisted", "delisted"
    LINKED = "linked", "linked to an existing entity (review)"
    PROPOSED = "proposed", "possible match, not linked (review)"
    CONFLICT = "conflict", "conflict with an analyst's edit (not applied)"
    WARNING = "warning", "warning"


class ImportDifference(models.Model):
    """One thing an import did or saw, for analysts to read and review."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="differences")
    action = models.CharField(max_length=16, choices=DifferenceAction.choices, db_index=True)
    reference = models.CharField(max_length=64, blank=True, help_text="The list entry's reference.")
    entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_differences",
    )
    field = models.CharField(max_length=64, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["run_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=DifferenceAction.values),
                name="importdifference_action_valid",
                violation_error_message="Unknown kind of difference.",
            ),
        ]

    def __str__(self):
        what = f" {self.field}" if self.field else ""
        return f"{self.reference or '-'}: {self.get_action_display()}{what}"


class ListEntryState(models.Model):
    """What a list said of one entry when last applied, and the entity it became."""

    source = models.CharField(max_length=16, choices=ImportSource.choices)
    reference = models.CharField(max_length=64)
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.PROTECT, related_name="list_entries"
    )
    digest = models.CharField(max_length=64, help_text="SHA-256 of the normalised entry.")
    raw_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the entry's rows as read, where the parser gives one: rows as "
        "they were need no normalising.",
    )
    data = models.JSONField(help_text="The normalised entry as last applied.")
    present = models.BooleanField(
        default=True, help_text="In the last applied version of the list."
    )
    first_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    last_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = "list entry"
        verbose_name_plural = "list entries"
        ordering = ["source", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"],
                name="listentrystate_unique_reference",
                violation_error_message="This list entry is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.reference}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "open (to review)"
    LINKED = "linked", "linked to an existing entity"
    CONFIRMED_NEW = "confirmed_new", "confirmed as a new party"


class ProposedMatch(TimeStampedModel):
    """A new list entry that an import could not link with certainty: it created a new
    entity, and several existing ones may be the same party. An analyst links the entry to
    one of them (:func:`importer.review.proposal_link`) or confirms it as a new party
    (:func:`importer.review.proposal_confirm_new`); the decision is recorded with history.

    The entity the import created is removed when the entry is linked: its id and name stay
    here (``created_id``, ``name``) so the record still says what was merged.

    Not a curated record of facts (nothing cites it, no fixture holds it): a decision, kept
    with history like them. Deciding locks its row, so it needs no version."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="proposals")
    source = models.CharField(max_length=16, choices=ImportSource.choices)
    reference = models.CharField(max_length=64, help_text="The list entry's reference.")
    name = models.CharField(max_length=500, help_text="The entry's name, as the list gives it.")
    created_entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_as_created",
        help_text="The entity the import created for the entry (gone once linked).",
    )
    created_id = models.PositiveBigIntegerField(
        "created entity id", help_text="Kept after the created entity is removed."
    )
    candidates = models.ManyToManyField(
        "entities.Entity", related_name="proposals_as_candidate", blank=True
    )
    reason = models.TextField(help_text="Why the import found them (the matching rule).")
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN, db_index=True
    )
    chosen = models.ForeignKey(
        "entities.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_as_chosen",
        help_text="The existing entity the entry was linked to.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="The analyst's reason for the decision.")

    history = curated_history()

    class Meta:
        verbose_name = "proposed match"
        verbose_name_plural = "proposed matches"
        ordering = ["-run_id", "reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"],
                name="proposedmatch_one_per_entry",
                violation_error_message="This list entry already has a proposed match.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposedmatch_status_valid",
                violation_error_message="Unknown status of a proposed match.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.OPEN)
                | Q(chosen__isnull=True, decided_at__isnull=True, decided_by__isnull=True),
                name="proposedmatch_open_undecided",
                violation_error_message="An open proposal has no decision yet.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.LINKED)
                | Q(chosen__isnull=False, decided_at__isnull=False),
                name="proposedmatch_linked_has_chosen",
                violation_error_message="A linked proposal names the entity it was linked to.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.CONFIRMED_NEW)
                | Q(chosen__isnull=True, decided_at__isnull=False),
                name="proposedmatch_new_has_no_chosen",
                violation_error_message="A proposal confirmed as new names no chosen entity.",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.reference}: {self.name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN
