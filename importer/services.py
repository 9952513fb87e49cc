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
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from entities.models import (
    Address,
    Alias,
    Body,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Measure,
    Programme,
    Relationship,
)
from entities.services import designations_delist
from importer import guards
from importer.fastinsert import insert_rows
from importer.matching import EntityMatcher
from importer.models import (
    DifferenceAction,
    ImportDifference,
    ImportRun,
    ImportStatus,
    ListEntryState,
)
from importer.records import ListEntry, ParsedSource
from importer.registry import LISTS, ListSpec
from importer.writer import BulkWriter, date_columns
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.text import fold
from screening.changes import entities_changed
from sources.choices import SourceKind
from sources.models import Citation, Source

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


def _iso(date: PartialDate) -> str:
    return date.iso if date.is_known else ""


def _partial(value: str, text: str = "") -> PartialDate:
    return PartialDate.parse(value, text) if value else PartialDate.unknown(text)


# Keys that identify one part of an entry, in the list's data and in the database alike.
def _alias_key(a: dict) -> tuple:
    return (a["name"], a["kind"])


def _identifier_key(i: dict) -> tuple:
    return (i["scheme"], i["value"], i["country"])


def _country_key(c: dict) -> tuple:
    return (c["country"], c["role"])


def _address_key(a: dict) -> tuple:
    return (a["street"], a["city"], a["region"], a["postal_code"], a["country"], a["full"])


def _date_key(d: dict) -> tuple:
    return (d["kind"], d["date"], d["approximate"], d["text"])


def _link_key(link: dict) -> tuple:
    return (link["target"], link["by"], link["kind"])


PARTS = {
    # field of ListEntry: (key function, model, key of a database record)
    "aliases": (_alias_key, Alias, lambda r: (r.name, r.kind)),
    "identifiers": (
        _identifier_key,
        Identifier,
        lambda r: (r.scheme, r.value, r.country.code or ""),
    ),
    "countries": (_country_key, EntityCountry, lambda r: (r.country.code, r.role)),
    "addresses": (
        _address_key,
        Address,
        lambda r: (r.street, r.city, r.region, r.postal_code, r.country.code or "", r.full),
    ),
    "dates": (
        _date_key,
        EntityDate,
        lambda r: (r.kind, _iso(r.date), r.approximate, r.date_text),
    ),
}


class _Importer:
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
        self.differences: list[ImportDifference] = []
        self.counts = dict.fromkeys(
            ("added", "changed", "delisted", "unchanged", "linked", "conflicts"), 0
        )
        self.entity_of: dict[str, Entity | int] = {}  # reference -> entity (or its id)

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

        self.source = self._list_source()
        # history_change_reason holds 100 characters.
        self.reason = f"Imported from the {spec.key} list (SHA-256 {parsed.sha256[:12]})"
        self.writer = BulkWriter(source=self.source, user=self.user, reason=self.reason)
        self.body = self._body()
        self._measure_ids: list[int] | None = None
        self.new_entities: set[int] = set()
        self.programmes = {p.code: p for p in Programme.objects.filter(body=self.body)}
        self.matcher = EntityMatcher(spec.key)
        self.run_record = ImportRun.objects.create(
            source=spec.key,
            path=self.origin,
            files=parsed.files,
            sha256=parsed.sha256,
            list_date=self.list_date,
            list_source=self.source,
            status=ImportStatus.APPLIED,
            started_at=self.started,
            finished_at=self.started,
            user=self.user,
            entries=len(references),
        )

        # An entry whose rows are as they were last time is not even normalised; the
        # others are, and compared by the digest of what they say.
        raw = parsed.raw_digests()
        same_rows = {
            ref
            for ref in references
            if raw.get(ref)
            and ref in states
            and states[ref].present
            and states[ref].raw_digest == raw[ref]
        }
        position = {ref: i for i, ref in enumerate(references)}
        built = {ref: parsed.entries[position[ref]] for ref in references if ref not in same_rows}
        digests = {ref: entry.digest() for ref, entry in built.items()}
        changed_refs = [
            ref
            for ref, digest in digests.items()
            if ref in states and (not states[ref].present or states[ref].digest != digest)
        ]
        old_data = (
            dict(
                ListEntryState.objects.filter(
                    source=spec.key, reference__in=changed_refs
                ).values_list("reference", "data")
            )
            if changed_refs
            else {}
        )

        new_states: list[dict] = []  # rows for insert_rows
        updated_states: list[ListEntryState] = []
        refreshed_states: list[ListEntryState] = []  # same entry, rows written differently
        link_entries: list[tuple[ListEntry, dict | None]] = []
        total = len(references)
        for done, ref in enumerate(references, 1):
            state = states.get(ref)
            if ref in same_rows:
                self.counts["unchanged"] += 1
                self.entity_of[ref] = state.entity_id
                if done % 500 == 0 or done == total:
                    self.progress("compared", done, total)
                continue
            entry, digest = built[ref], digests[ref]
            if state is not None and state.present and state.digest == digest:
                self.counts["unchanged"] += 1
                self.entity_of[entry.reference] = state.entity_id
                if state.raw_digest != raw.get(ref, ""):
                    state.raw_digest = raw.get(ref, "")
                    refreshed_states.append(state)
            elif state is not None:
                data = entry.as_dict()
                self._apply_change(state, old_data[entry.reference], entry, data)
                state.digest, state.data, state.present = digest, data, True
                state.raw_digest = raw.get(ref, "")
                state.last_run = self.run_record
                updated_states.append(state)
                self.entity_of[entry.reference] = state.entity_id
                link_entries.append((entry, old_data[entry.reference]))
            else:
                data = entry.as_dict()
                entity_id = self._apply_new(entry, data)
                self.entity_of[entry.reference] = entity_id
                new_states.append(
                    {
                        "source": spec.key,
                        "reference": entry.reference,
                        "entity_id": entity_id,
                        "digest": digest,
                        "raw_digest": raw.get(ref, ""),
                        "data": data,
                        "present": True,
                        "first_run_id": self.run_record.pk,
                        "last_run_id": self.run_record.pk,
                    }
                )
                link_entries.append((entry, None))
            if done % 500 == 0 or done == total:
                self.progress("compared", done, total)

        # Warnings last: normalising an entry can add some (an unknown country).
        for warning in parsed.warnings:
            self._difference(
                DifferenceAction.WARNING,
                "",
                message=f"{warning.file}, line {warning.line}: {warning.message}",
            )

        self._apply_links(link_entries)
        self.writer.flush()
        self.progress("written", total, total)

        # By COPY like the rest: bulk_create's per-column arrays cost 4.5 s for 15,000
        # states on PostgreSQL (psycopg escaping every quote of their JSON in Python).
        insert_rows(ListEntryState, new_states)
        if updated_states:
            ListEntryState.objects.bulk_update(
                updated_states,
                ["digest", "raw_digest", "data", "present", "last_run"],
                batch_size=500,
            )
        if refreshed_states:
            ListEntryState.objects.bulk_update(refreshed_states, ["raw_digest"], batch_size=2000)
        self._delist(gone)

        run = self.run_record
        for name, value in self.counts.items():
            setattr(run, name, value)
        run.warnings = sum(1 for d in self.differences if d.action == DifferenceAction.WARNING)
        run.finished_at = timezone.now()
        run.save()
        for difference in self.differences:
            difference.run = run
        # By COPY too: bulk_create took 0.8 s for a first import's 15,000 differences.
        columns = [f.attname for f in ImportDifference._meta.concrete_fields if not f.primary_key]
        insert_rows(
            ImportDifference,
            [{c: getattr(d, c) for c in columns} for d in self.differences],
        )
        # Bulk writes send no signals: tell the screening indexes what to reload.
        entities_changed(
            [d.entity_id for d in self.differences if d.entity_id is not None]
            + [s["entity_id"] for s in new_states]
        )
        return ImportResult(run, self.differences)

    # ------------------------------------------------------------------ set-up
    def _refuse_damaged_list(self, states, gone) -> None:
        active = sum(1 for s in states.values() if s.present)
        refusal = guards.refusal(
            self.spec.key, self.parsed, active=active, gone=len(gone), overrides=self.overrides
        )
        if refusal:
            raise ImportRefused(f"{Path(self.origin).name}: {refusal}")

    def _list_source(self) -> Source:
        """The list file as a source, found by its SHA-256 if it was imported before."""
        parsed = self.parsed
        existing = Source.objects.filter(sha256=parsed.sha256).first()
        if existing is not None:
            return existing
        date = self.list_date
        files = ", ".join(sorted(parsed.files))
        title = f"{self.spec.title}, {date.isoformat() if date else 'undated'} ({files})"
        source = Source(
            kind=SourceKind.OFFICIAL_LIST,
            title=title[:500],
            publisher=self.spec.publisher,
            url=self.spec.url,
            published=(
                PartialDate.of_day(date) if date else PartialDate.unknown("the file states no date")
            ),
            retrieved=PartialDate.of_day(timezone.localdate()),
            sha256=parsed.sha256,
            notes="Imported from "
            + "; ".join(f"{name} (SHA-256 {sha})" for name, sha in sorted(parsed.files.items())),
        )
        source._history_user = self.user
        source._change_reason = "Imported list file"
        source.full_clean()
        source.save()
        return source

    def _body(self) -> Body:
        spec = self.spec.body
        body = Body.objects.filter(code=spec.code).first()
        if body is not None:
            return body
        body = Body(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            jurisdiction=spec.jurisdiction,
            url=spec.url,
        )
        body._history_user = self.user
        body._change_reason = self.reason
        body.full_clean()
        body.save()
        Citation.objects.create(
            source=self.source, body=body, locator=f"publisher of {', '.join(self.parsed.files)}"
        )
        return body

    def _programme(self, code: str, name: str) -> Programme:
        programme = self.programmes.get(code)
        if programme is None:
            programme = Programme(body=self.body, code=code, name=(name or code)[:255])
            programme._history_user = self.user
            programme._change_reason = self.reason
            programme.full_clean()
            programme.save()
            Citation.objects.create(
                source=self.source, programme=programme, locator=f"programme {code}"
            )
            self.programmes[code] = programme
        return programme

    @property
    def measure_ids(self) -> list[int]:
        """The measures every designation of this list carries (looked up when first needed)."""
        if self._measure_ids is None:
            codes = self.spec.measures
            self._measure_ids = (
                list(Measure.objects.filter(code__in=codes).values_list("pk", flat=True))
                if codes
                else []
            )
        return self._measure_ids

    def _locator(self, reference: str) -> str:
        return f"{self.spec.key} entry {reference}"

    def _difference(
        self, action, reference, *, entity=None, field="", before="", after="", message=""
    ):
        related = {"entity_id": entity} if isinstance(entity, int) else {"entity": entity}
        self.differences.append(
            ImportDifference(
                action=action,
                reference=reference,
                field=field,
                before=str(before),
                after=str(after),
                message=message,
                **related,
            )
        )

    # ------------------------------------------------------------------ new entries
    def _apply_new(self, entry: ListEntry, data: dict) -> int:
        """Create the entry's entity, or link it to the one it is about; return its id."""
        locator = self._locator(entry.reference)
        match = self.matcher.find(entry)
        if match.entity_id is not None:
            entity = Entity.objects.select_for_update().get(pk=match.entity_id)
            self.matcher.claim(entity.pk)
            self.counts["added"] += 1
            self.counts["linked"] += 1
            self._difference(
                DifferenceAction.LINKED,
                entry.reference,
                entity=entity.pk,
                after=entry.name,
                message=f"linked to {entity.name} (#{entity.pk}): {match.reason}",
            )
            known = {fold(entity.name)} | set(entity.aliases.values_list("name_folded", flat=True))
            names = {(a["name"], a["kind"]) for a in data["aliases"]}
            if fold(entry.name) not in known and (entry.name, "aka") not in names:
                self.writer.create(
                    Alias, locator=locator, entity_id=entity.pk, name=entry.name[:500], kind="aka"
                )
            self._add_parts(entity.pk, entry, data, existing=True)
            self.writer.cite(Entity, entity.pk, locator=locator)
            entity_id, existing = entity.pk, True
        else:
            if match.candidates:
                self._difference(
                    DifferenceAction.PROPOSED,
                    entry.reference,
                    after=entry.name,
                    message=f"{match.reason}: entities "
                    + ", ".join(f"#{pk}" for pk in match.candidates)
                    + " may be the same party; created a new entity, not linked",
                )
            entity_id = self.writer.create(
                Entity,
                locator=locator,
                kind=entry.kind,
                name=entry.name[:500],
                notes=entry.notes,
            )
            self.new_entities.add(entity_id)
            self.counts["added"] += 1
            self._difference(
                DifferenceAction.ADDED, entry.reference, entity=entity_id, after=entry.name
            )
            self._add_parts(entity_id, entry, data, existing=False)
            existing = False
        for programme in entry.programmes:
            self._designate(entity_id, entry, programme.code, programme.name, existing=existing)
        return entity_id

    def _add_parts(self, entity_id: int, entry: ListEntry, data: dict, *, existing: bool) -> None:
        """Create the entry's names, identifiers, countries, addresses and dates."""
        for part, (key, model, db_key) in PARTS.items():
            present = (
                {db_key(r) for r in model.objects.filter(entity_id=entity_id)}
                if existing
                else set()
            )
            for item in data[part]:
                k = key(item)
                if k in present:
                    continue
                present.add(k)  # the list can repeat itself; the database must not
                self._create_part(entity_id, part, item, self._locator(entry.reference))

    def _create_part(self, entity_id: int, part: str, item: dict, locator: str) -> None:
        create = self.writer.create
        if part == "aliases":
            create(
                Alias,
                locator=locator,
                entity_id=entity_id,
                name=item["name"][:500],
                kind=item["kind"],
                is_weak=item["weak"],
                script=item["script"][:4],
                language=item["language"][:8],
            )
        elif part == "identifiers":
            create(
                Identifier,
                locator=locator,
                entity_id=entity_id,
                scheme=item["scheme"],
                value=item["value"][:255],
                country=item["country"],
                label=item["label"][:255],
            )
        elif part == "countries":
            create(
                EntityCountry,
                locator=locator,
                entity_id=entity_id,
                country=item["country"],
                role=item["role"],
            )
        elif part == "addresses":
            create(
                Address,
                locator=locator,
                entity_id=entity_id,
                street=item["street"][:500],
                city=item["city"][:255],
                region=item["region"][:255],
                postal_code=item["postal_code"][:32],
                country=item["country"],
                full=item["full"],
            )
        elif part == "dates":
            create(
                EntityDate,
                locator=locator,
                entity_id=entity_id,
                kind=item["kind"],
                approximate=item["approximate"],
                **date_columns("date", _partial(item["date"], item["text"][:200])),
            )
        else:  # pragma: no cover - PARTS and this stay in step
            raise ValueError(part)

    def _designate(self, entity_id: int, entry: ListEntry, code: str, name: str, *, existing):
        programme = self._programme(code, name)
        if existing:
            active = Designation.objects.filter(
                entity_id=entity_id, programme=programme, delisted_precision=""
            ).first()
            if active is not None:
                # An analyst (or the seed) recorded this designation already: keep theirs.
                self._difference(
                    DifferenceAction.LINKED,
                    entry.reference,
                    entity=entity_id,
                    field="designation",
                    message=f"the list's {code} designation is the existing #{active.pk}",
                )
                return
        listed = (
            _partial(entry.listed)
            if entry.listed
            else PartialDate.unknown(f"not stated in the {self.spec.key} list")
        )
        designation_id = self.writer.create(
            Designation,
            locator=self._locator(entry.reference),
            entity_id=entity_id,
            body_id=self.body.pk,
            programme_id=programme.pk,
            reference=entry.reference[:64],
            **date_columns("listed", listed),
        )
        self.writer.add_measures(designation_id, self.measure_ids)

    # ------------------------------------------------------------------ changed entries
    def _apply_change(self, state: ListEntryState, old: dict, entry: ListEntry, new: dict):
        ref = entry.reference
        locator = self._locator(ref)
        entity = Entity.objects.select_for_update().get(pk=state.entity_id)
        relisted = not state.present
        if relisted:
            self.counts["added"] += 1
            self._difference(DifferenceAction.RELISTED, ref, entity=entity, after=entry.name)
        else:
            self.counts["changed"] += 1

        # Scalar fields, three ways.
        changed_fields = []
        for name, limit in (("name", 500), ("kind", 16), ("notes", None)):
            before, after, current = old[name], new[name], getattr(entity, name)
            if before == after or current == after:
                continue
            if current == before:
                setattr(entity, name, after[:limit] if limit else after)
                changed_fields.append(name)
                self._difference(
                    DifferenceAction.CHANGED,
                    ref,
                    entity=entity,
                    field=name,
                    before=before,
                    after=after,
                )
            else:
                self.counts["conflicts"] += 1
                self._difference(
                    DifferenceAction.CONFLICT,
                    ref,
                    entity=entity,
                    field=name,
                    before=current,
                    after=after,
                    message=f"the list changed it from {before!r}; an analyst's value is kept",
                )
        if changed_fields:
            entity._history_user = self.user
            entity._change_reason = self.reason
            entity.save()
            self.writer.cite(Entity, entity.pk, locator=locator, field=", ".join(changed_fields))

        # Parts: add what the list added, remove what it removed (unless an analyst cited it).
        for part, (key, model, db_key) in PARTS.items():
            old_items = {key(i): i for i in old[part]}
            new_items = {key(i): i for i in new[part]}
            if old_items.keys() == new_items.keys():
                if part == "aliases":
                    self._update_alias_weakness(entity, old_items, new_items, ref)
                continue
            records = {db_key(r): r for r in model.objects.filter(entity=entity)}
            for k, item in new_items.items():
                if k not in old_items and k not in records:
                    self._create_part(entity.pk, part, item, locator)
                    self._difference(
                        DifferenceAction.CHANGED, ref, entity=entity, field=part, after=_show(item)
                    )
            for k, item in old_items.items():
                if k in new_items or k not in records:
                    continue
                self._remove(records[k], entity, part, item, ref)

        # Designations: one per programme.
        old_codes = {p["code"] for p in old["programmes"]}
        new_codes = {p["code"]: p["name"] for p in new["programmes"]}
        for code, name in new_codes.items():
            if relisted or code not in old_codes:
                self._designate(entity.pk, entry, code, name, existing=True)
                if not relisted:
                    self._difference(
                        DifferenceAction.CHANGED, ref, entity=entity, field="programmes", after=code
                    )
        removed = [c for c in old_codes if c not in new_codes]
        if removed and not relisted:
            self._delist_designations(entity, ref, programmes=removed)
        if old["listed"] != new["listed"] and not relisted:
            self._relist_date(entity, ref, old["listed"], new["listed"])

    def _update_alias_weakness(self, entity, old_items, new_items, ref) -> None:
        for k, item in new_items.items():
            if old_items[k]["weak"] != item["weak"]:
                alias = Alias.objects.filter(entity=entity, name=k[0], kind=k[1]).first()
                if alias is not None and alias.is_weak == old_items[k]["weak"]:
                    alias.is_weak = item["weak"]
                    alias._history_user = self.user
                    alias._change_reason = self.reason
                    alias.save()
                    self._difference(
                        DifferenceAction.CHANGED,
                        ref,
                        entity=entity,
                        field="aliases",
                        before=f"{k[0]} (weak: {old_items[k]['weak']})",
                        after=f"{k[0]} (weak: {item['weak']})",
                    )

    def _remove(self, record, entity, part: str, item: dict, ref: str) -> None:
        """Delete a part the list no longer gives, unless an analyst's source supports it."""
        if record.citations.exclude(source__kind=SourceKind.OFFICIAL_LIST).exists():
            self.counts["conflicts"] += 1
            self._difference(
                DifferenceAction.CONFLICT,
                ref,
                entity=entity,
                field=part,
                before=_show(item),
                message="the list removed it; kept, since another source supports it",
            )
            return
        record._history_user = self.user
        record._change_reason = self.reason
        record.delete()
        self._difference(
            DifferenceAction.CHANGED, ref, entity=entity, field=part, before=_show(item)
        )

    def _relist_date(self, entity, ref, before: str, after: str) -> None:
        for designation in Designation.objects.filter(
            entity=entity, body=self.body, reference=ref, delisted_precision=""
        ):
            if _iso(designation.listed) != before:
                self.counts["conflicts"] += 1
                self._difference(
                    DifferenceAction.CONFLICT,
                    ref,
                    entity=entity,
                    field="listed",
                    before=designation.listed,
                    after=after,
                    message=f"the list changed it from {before!r}; an analyst's value is kept",
                )
                continue
            designation.listed = _partial(after)
            designation._history_user = self.user
            designation._change_reason = self.reason
            designation.save()
            self.writer.cite(
                Designation, designation.pk, locator=self._locator(ref), field="listed"
            )
            self._difference(
                DifferenceAction.CHANGED,
                ref,
                entity=entity,
                field="listed",
                before=before,
                after=after,
            )

    # ------------------------------------------------------------------ links
    def _apply_links(self, entries: list[tuple[ListEntry, dict | None]]) -> None:
        """Relationships the list states between its entries, once every entry has an entity."""
        if not any(e.links or (old and old["links"]) for e, old in entries):
            return
        by_name: dict[str, set[str]] = {}
        for reference, names in self.parsed.names().items():
            for name in names:
                by_name.setdefault(fold(name), set()).add(reference)
        created: set[tuple] = set()

        def target_of(link: dict, ref: str) -> int | None:
            if link["by"] == "reference":
                refs = {link["target"]}
            else:
                refs = by_name.get(fold(link["target"]), set()) - {ref}
            if len(refs) != 1:
                return None
            return self.entity_of.get(next(iter(refs)))

        for entry, old in entries:
            subject = self.entity_of[entry.reference]
            locator = self._locator(entry.reference)
            new_links = {_link_key(x.__dict__): x.__dict__ for x in entry.links}
            old_links = {_link_key(link): link for link in (old or {}).get("links", [])}
            for k, link in new_links.items():
                if k in old_links:
                    continue
                target = target_of(link, entry.reference)
                if target is None or target == subject:
                    self._difference(
                        DifferenceAction.WARNING,
                        entry.reference,
                        entity=subject,
                        field="links",
                        message=f"{link['text'] or link['target']}: no single other entry of the "
                        "list has that name or reference; relationship not recorded",
                    )
                    continue
                key = (subject, link["kind"], target)
                if key in created or (
                    subject not in self.new_entities
                    and Relationship.objects.filter(
                        subject_id=subject, kind=link["kind"], object_id=target
                    ).exists()
                ):
                    continue
                created.add(key)
                self.writer.create(
                    Relationship,
                    locator=locator,
                    subject_id=subject,
                    kind=link["kind"],
                    object_id=target,
                    description=link["text"],
                )
                if old is not None:
                    self._difference(
                        DifferenceAction.CHANGED,
                        entry.reference,
                        entity=subject,
                        field="links",
                        after=link["target"],
                    )
            for k, link in old_links.items():
                if k in new_links:
                    continue
                target = target_of(link, entry.reference)
                record = Relationship.objects.filter(
                    subject_id=subject, kind=link["kind"], object_id=target
                ).first()
                if record is not None:
                    entity = Entity.objects.get(pk=subject)
                    self._remove(record, entity, "links", link, entry.reference)

    # ------------------------------------------------------------------ gone entries
    def _delist(self, gone: list[ListEntryState]) -> None:
        for state in gone:
            entity = Entity.objects.get(pk=state.entity_id)
            self._delist_designations(entity, state.reference)
            self.counts["delisted"] += 1
            self._difference(
                DifferenceAction.DELISTED, state.reference, entity=entity, before=entity.name
            )
            state.present = False
            state.last_run = self.run_record
        if gone:
            ListEntryState.objects.bulk_update(gone, ["present", "last_run"], batch_size=500)

    def _delist_designations(self, entity, ref: str, programmes: list[str] | None = None) -> None:
        designations = Designation.objects.filter(
            entity=entity, body=self.body, reference=ref, delisted_precision=""
        )
        if programmes is not None:
            designations = designations.filter(programme__code__in=programmes)
            for code in programmes:
                self._difference(
                    DifferenceAction.CHANGED, ref, entity=entity, field="programmes", before=code
                )
        designations = list(designations)
        if not designations:
            return
        day = self.list_date or timezone.localdate()
        words = "the list's date" if self.list_date else "the import date: the list states no date"
        designations_delist(
            designations=designations,
            delisted=PartialDate.of_day(day, f"gone from the list; {words}"),
            source=self.source,
            locator=f"{self._locator(ref)}: no longer in the list",
            user=self.user,
        )


def _show(item: dict) -> str:
    for key in ("name", "value", "full", "date", "country", "target"):
        if item.get(key):
            return str(item[key])
    return str(item)
