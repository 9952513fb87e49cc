"""Import an official list: one transaction, only the differences, nothing lost.

``import_list()`` is the one entry point (the ``import_list`` command calls it; an admin
upload or a scheduled job can too). It:

1. recognises a file it already applied last time by its SHA-256 and writes nothing more
   than the record of the run;
2. parses the file (a :class:`~importer.records.ParseError` leaves the database untouched);
3. compares each entry's digest with what the list said last time, and skips the same;
4. creates new entries' entities, or links an entry to the one entity it is clearly about,
   proposing (not linking) when there are several;
5. applies a changed entry's differences three ways: a value the list changed and an
   analyst did not is updated; one an analyst also edited is kept and reported as a conflict;
6. delists entries gone from the list, dated with the list's date; a list that looks
   damaged (a mass delisting, rows naming entries the main file lost, far more warnings than
   last time) is refused before anything is written unless told to (``importer.guards``);
7. records the run and its differences.

Every record it writes cites the list file (a :class:`~sources.models.Source` with the
file's SHA-256) at the entry's reference, and has history like an analyst's edit.

This module runs the import (steps 1, 2, 6's guard and 7); the jobs have modules of their
own, each handed the run's :class:`~importer.context.ImportContext`: :mod:`importer.compare`
(3), :mod:`importer.add` (4), :mod:`importer.merge` (5), :mod:`importer.designate`
(programmes, designations, delisting), :mod:`importer.links` (relationships between entries)
and :mod:`importer.parts` (names, identifiers, countries, addresses, dates). Records are written
through the services of ``entities`` and ``sources``, which validate each, or, by the
thousand, through :class:`~importer.writer.BulkWriter`, which checks its rows.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from entities.models import Entity, Programme
from entities.signals import entities_bulk_written
from importer import guards
from importer.compare import compare_entries
from importer.context import ImportContext, max_length
from importer.designate import delist_gone, list_body
from importer.fastinsert import insert_rows
from importer.links import apply_links
from importer.matching import EntityMatcher
from importer.models import (
    DifferenceAction,
    ImportDifference,
    ImportRun,
    ImportStatus,
    ListEntryState,
)
from importer.proposals import proposals_record
from importer.records import ParsedSource
from importer.registry import LISTS, ListSpec
from importer.writer import BulkWriter
from sanctions_tracker.partial_dates import PartialDate
from sources.choices import SourceKind
from sources.models import Source
from sources.services import source_create

# Every history row an import writes has a reason that starts so: the admin start page tells
# analysts' edits from imports' writes by it (an upload's rows carry the uploader's name).
IMPORT_REASON_PREFIX = "Imported "

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class ImportRefused(Exception):
    """The file parsed, but applying it looks wrong (``importer.guards``). One-line message."""


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class ImportResult:
    run: ImportRun
    differences: list[ImportDifference] = field(default_factory=list)
    dry_run: bool = False

    @property
    def warnings(self) -> list[ImportDifference]:
        return [d for d in self.differences if d.action == DifferenceAction.WARNING]

    def counts(self) -> list[tuple[str, int]]:
        run = self.run
        return [
            ("entries", run.entries),
            ("added", run.added),
            ("changed", run.changed),
            ("delisted", run.delisted),
            ("unchanged", run.unchanged),
            ("linked (to review)", run.linked),
            ("conflicts", run.conflicts),
            ("warnings", run.warnings),
        ]

    def status_text(self) -> str:
        if self.dry_run:
            return "dry run: nothing written"
        if self.run.status == ImportStatus.UNCHANGED:
            return "unchanged: same file as the last import, nothing written"
        return f"applied as import #{self.run.pk}"

    def summary(self, name: str = "") -> str:
        """One line: what the run did, with its counts; ``name`` names the list (default:
        its key, ``ofac-sdn``)."""
        counts = ", ".join(f"{value} {label}" for label, value in self.counts())
        return f"{name or self.run.source} {self.status_text()}: {counts}"


def import_list(
    source: str,
    path: str | Path,
    *,
    dry_run: bool = False,
    list_date: dt.date | None = None,
    allow_mass_delisting: bool = False,
    allow_orphan_rows: bool = False,
    allow_warnings: bool = False,
    user=None,
    progress: Progress | None = None,
    origin: str | None = None,
) -> ImportResult:
    """Apply one version of an official list; see the module docstring.

    ``origin`` is what the run records as where the list came from (default: ``path``; an
    upload names its files, since its temporary folder is gone after).

    Raises ``ParseError`` for a file that cannot be read as ``source``, ``ImportRefused``
    for one that looks damaged (``importer.guards``; each ``allow_*`` skips one of its
    checks); either way nothing is written.
    """
    if source not in LISTS:
        raise ValueError(f"unknown source {source!r}: choose one of {', '.join(LISTS)}")
    spec = LISTS[source]
    path = Path(path)
    progress = progress or (lambda stage, done, total: None)
    started = timezone.now()

    origin = origin or str(path)
    files = spec.fingerprint(path)
    if files and not dry_run:
        unchanged = _unchanged_run(spec, origin, files, started, user)
        if unchanged is not None:
            return ImportResult(unchanged)

    # The import allocates hundreds of thousands of short-lived, acyclic objects; the
    # cyclic garbage collector would spend a fifth of the time finding nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    overrides = guards.Overrides(allow_mass_delisting, allow_orphan_rows, allow_warnings)
    try:
        return _parse_and_apply(
            spec, path, origin, dry_run, list_date, overrides, user, progress, started
        )
    finally:
        if collecting:
            gc.enable()


def _parse_and_apply(spec, path, origin, dry_run, list_date, overrides, user, progress, started):
    parsed = spec.parse(path)
    progress("parsed", len(parsed.entries), len(parsed.entries))
    importer = _Importer(
        spec=spec,
        origin=origin,
        parsed=parsed,
        list_date=list_date or parsed.list_date,
        overrides=overrides,
        user=user,
        progress=progress,
        started=started,
    )
    try:
        with transaction.atomic():
            _lock(spec.key)
            result = importer.run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.dry_run = True
        result.run.pk = None
        return result
    except ValidationError as exc:
        # A value the models refuse (the bulk writer's checks, a service's full_clean()):
        # the transaction is rolled back, and the caller gets one line, like any refusal.
        raise ImportRefused(
            f"{Path(origin).name}: {'; '.join(exc.messages)}; nothing was written"
        ) from exc
    if not connection.in_atomic_block:
        # Committed: the run ends now, its COMMIT included (which checks the deferred foreign
        # keys of every row written: seconds, for a first import on PostgreSQL).
        result.run.finished_at = timezone.now()
        ImportRun.objects.filter(pk=result.run.pk).update(finished_at=result.run.finished_at)
    return result


def _lock(source: str) -> None:
    """One import of a list at a time. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"import:{source}"])


def _unchanged_run(spec: ListSpec, origin: str, files, started, user) -> ImportRun | None:
    """Record and return a no-op run if the last applied file of this list is this one."""
    sha = ParsedSource(spec.key, [], [], files).sha256
    with transaction.atomic():
        _lock(spec.key)
        last = ImportRun.objects.filter(source=spec.key).order_by("-started_at", "-id").first()
        if last is None or last.sha256 != sha:
            return None
        return ImportRun.objects.create(
            source=spec.key,
            path=origin,
            files=files,
            sha256=sha,
            list_date=last.list_date,
            list_source=last.list_source,
            status=ImportStatus.UNCHANGED,
            started_at=started,
            finished_at=timezone.now(),
            user=user,
            entries=last.entries,
            unchanged=last.entries,
        )


class _Importer:
    """One run: compares the list with what it said last time and hands each new, changed
    and gone entry to its job (see the module docstring). Writes the run's own records (the
    run, each entry's state, the differences) itself."""

    def __init__(
        self,
        *,
        spec: ListSpec,
        origin: str,
        parsed: ParsedSource,
        list_date: dt.date | None,
        overrides: guards.Overrides,
        user,
        progress: Progress,
        started,
    ):
        self.spec = spec
        self.origin = origin
        self.parsed = parsed
        self.list_date = list_date
        self.overrides = overrides
        self.user = user
        self.progress = progress
        self.started = started

    # ------------------------------------------------------------------ the whole run
    def run(self) -> ImportResult:
        spec, parsed = self.spec, self.parsed
        states = {
            s.reference: s for s in ListEntryState.objects.filter(source=spec.key).defer("data")
        }
        references = parsed.references()
        seen = set(references)
        gone = [s for s in states.values() if s.present and s.reference not in seen]
        self._refuse_damaged_list(states, gone)

        ctx = self._start(len(references))
        entries = compare_entries(ctx, states, references, self.progress)

        # Warnings last: normalising an entry can add some (an unknown country).
        for warning in parsed.warnings:
            ctx.difference(
                DifferenceAction.WARNING,
                "",
                message=f"{warning.file}, line {warning.line}: {warning.message}",
            )

        apply_links(ctx, entries.links)
        ctx.writer.flush()
        total = len(references)
        self.progress("written", total, total)

        # By COPY like the rest: bulk_create's per-column arrays cost 4.5 s for 15,000
        # states on PostgreSQL (psycopg escaping every quote of their JSON in Python).
        insert_rows(ListEntryState, entries.new_states)
        if entries.updated_states:
            ListEntryState.objects.bulk_update(
                entries.updated_states,
                ["digest", "raw_digest", "data", "present", "last_run"],
                batch_size=500,
            )
        if entries.refreshed_states:
            ListEntryState.objects.bulk_update(
                entries.refreshed_states, ["raw_digest"], batch_size=2000
            )
        delist_gone(ctx, gone)
        for state in gone:
            state.present = False
            state.last_run = ctx.run
        if gone:
            ListEntryState.objects.bulk_update(gone, ["present", "last_run"], batch_size=500)

        return self._finish(ctx, entries.new_states)

    # ------------------------------------------------------------------ set-up
    def _refuse_damaged_list(self, states, gone) -> None:
        active = sum(1 for s in states.values() if s.present)
        refusal = guards.refusal(
            self.spec.key, self.parsed, active=active, gone=len(gone), overrides=self.overrides
        )
        if refusal:
            raise ImportRefused(f"{Path(self.origin).name}: {refusal}")

    def _start(self, entries: int) -> ImportContext:
        """The list file as a source, the list's body, and the run's record."""
        spec, parsed = self.spec, self.parsed
        source = self._list_source()
        # history_change_reason holds 100 characters.
        reason = f"{IMPORT_REASON_PREFIX}from the {spec.key} list (SHA-256 {parsed.sha256[:12]})"
        body = list_body(spec, source=source, files=parsed.files, user=self.user, reason=reason)
        run = ImportRun.objects.create(
            source=spec.key,
            path=self.origin,
            files=parsed.files,
            sha256=parsed.sha256,
            list_date=self.list_date,
            list_source=source,
            status=ImportStatus.APPLIED,
            started_at=self.started,
            finished_at=self.started,
            user=self.user,
            entries=entries,
        )
        return ImportContext(
            spec=spec,
            parsed=parsed,
            list_date=self.list_date,
            user=self.user,
            source=source,
            reason=reason,
            writer=BulkWriter(source=source, user=self.user, reason=reason),
            body=body,
            programmes={(body.pk, p.code): p for p in Programme.objects.filter(body=body)}
            if body is not None
            else {(p.body_id, p.code): p for p in Programme.objects.all()},
            matcher=EntityMatcher(spec.key),
            run=run,
        )

    def _list_source(self) -> Source:
        """The list file as a source, found by its SHA-256 if it was imported before."""
        parsed = self.parsed
        existing = Source.objects.filter(sha256=parsed.sha256).first()
        if existing is not None:
            return existing
        date = self.list_date
        files = ", ".join(sorted(parsed.files))
        title = f"{self.spec.title}, {date.isoformat() if date else 'undated'} ({files})"
        return source_create(
            kind=SourceKind.OFFICIAL_LIST,
            title=title[: max_length(Source, "title")],
            publisher=self.spec.publisher,
            url=self.spec.url,
            published=(
                PartialDate.of_day(date) if date else PartialDate.unknown("the file states no date")
            ),
            retrieved=PartialDate.of_day(timezone.localdate()),
            sha256=parsed.sha256,
            notes="Imported from "
            + "; ".join(f"{name} (SHA-256 {sha})" for name, sha in sorted(parsed.files.items())),
            user=self.user,
            reason=f"{IMPORT_REASON_PREFIX}list file",
        )

    # ------------------------------------------------------------------ the record of it
    def _finish(self, ctx: ImportContext, new_states: list[dict]) -> ImportResult:
        """Write the run's counts and differences, and say which entities it changed."""
        run = ctx.run
        for name, value in ctx.counts.items():
            setattr(run, name, value)
        run.warnings = sum(1 for d in ctx.differences if d.action == DifferenceAction.WARNING)
        run.finished_at = timezone.now()
        run.save()
        for difference in ctx.differences:
            difference.run = run
        # By COPY too: bulk_create took 0.8 s for a first import's 15,000 differences.
        columns = [f.attname for f in ImportDifference._meta.concrete_fields if not f.primary_key]
        insert_rows(
            ImportDifference,
            [{c: getattr(d, c) for c in columns} for d in ctx.differences],
        )
        proposals_record(run, ctx.proposals, user=ctx.user, reason=ctx.reason)
        # Bulk writes send no model signals: one signal for them all (screening listens).
        entities_bulk_written.send(
            sender=Entity,
            entity_ids=[d.entity_id for d in ctx.differences if d.entity_id is not None]
            + [s["entity_id"] for s in new_states],
        )
        return ImportResult(run, ctx.differences)
