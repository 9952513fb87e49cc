"""Designations from a list: the body whose list it is, its programmes, one designation per
programme of an entry, the delisting of entries (or programmes) gone from the list, dated
with the list's date, and a changed listing date.

Every write goes through a service of ``entities`` or ``sources`` (validated, with history)
or through the run's bulk writer.
"""

from __future__ import annotations

from django.utils import timezone

from entities.models import Body, Designation, Entity, Measure, Programme
from entities.services import (
    body_create,
    designation_update,
    designations_delist,
    programme_create,
    programme_update,
)
from importer.context import ImportContext, iso, max_length, partial
from importer.models import DifferenceAction, ListEntryState
from importer.records import ListEntry, ProgrammeRecord
from importer.registry import ListSpec
from importer.writer import date_columns
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Source
from sources.services import citation_create


def list_body(spec: ListSpec, *, source: Source, files, user, reason: str) -> Body:
    """The body whose list it is: the recorded one, or a new one citing the list file."""
    body = Body.objects.filter(code=spec.body.code).first()
    if body is not None:
        return body
    body = body_create(
        code=spec.body.code,
        name=spec.body.name,
        short_name=spec.body.short_name,
        jurisdiction=spec.body.jurisdiction,
        url=spec.body.url,
        user=user,
        reason=reason,
    )
    citation_create(
        record=body,
        source=source,
        locator=f"publisher of {', '.join(files)}",
        user=user,
        reason=reason,
    )
    return body


def programme(ctx: ImportContext, record: ProgrammeRecord) -> Programme:
    """The body's programme of that code, created (citing the list) the first time, with
    the legal basis and URL the list gives for it; a programme without either gets them
    when an entry gives them later (its first entries may have named no act). What an
    analyst wrote is never replaced."""
    code, name = record.code, record.name
    found = ctx.programmes.get(code)
    gives = record.legal_basis or record.url
    if found is not None and gives and not (found.legal_basis or found.url):
        _give_legal_basis(ctx, found, record)
    if found is None:
        found = programme_create(
            body=ctx.body,
            code=code,
            name=(name or code)[: max_length(Programme, "name")],
            legal_basis=record.legal_basis,
            url=record.url[: max_length(Programme, "url")],
            user=ctx.user,
            reason=ctx.reason,
        )
        citation_create(
            record=found,
            source=ctx.source,
            locator=f"programme {code}",
            user=ctx.user,
            reason=ctx.reason,
        )
        ctx.programmes[code] = found
    return found


def _give_legal_basis(ctx: ImportContext, found: Programme, record: ProgrammeRecord) -> None:
    programme_update(
        programme=found,
        data={"legal_basis": record.legal_basis, "url": record.url[: max_length(Programme, "url")]},
        user=ctx.user,
        reason=ctx.reason,
    )
    for field in ("legal_basis", "url"):
        if getattr(found, field):
            citation_create(
                record=found,
                source=ctx.source,
                locator=f"programme {found.code}",
                field=field,
                user=ctx.user,
                reason=ctx.reason,
            )


def measure_ids(ctx: ImportContext) -> list[int]:
    """The measures every designation of this list carries (looked up when first needed)."""
    if ctx.measure_ids is None:
        codes = ctx.spec.measures
        ctx.measure_ids = (
            list(Measure.objects.filter(code__in=codes).values_list("pk", flat=True))
            if codes
            else []
        )
    return ctx.measure_ids


def designate(
    ctx: ImportContext, entity_id: int, entry: ListEntry, record: ProgrammeRecord, *, existing
) -> None:
    """Designate the entity under the list's programme ``record``, unless an existing entity
    has an active designation under it already (an analyst's, or the seed's)."""
    code = record.code
    under = programme(ctx, record)
    if existing:
        active = Designation.objects.active().filter(entity_id=entity_id, programme=under).first()
        if active is not None:
            # An analyst (or the seed) recorded this designation already: keep theirs.
            ctx.difference(
                DifferenceAction.LINKED,
                entry.reference,
                entity=entity_id,
                field="designation",
                message=f"the list's {code} designation is the existing #{active.pk}",
            )
            return
    listed = (
        partial(entry.listed)
        if entry.listed
        else PartialDate.unknown(f"not stated in the {ctx.spec.key} list")
    )
    designation_id = ctx.writer.create(
        Designation,
        locator=ctx.locator(entry.reference),
        entity_id=entity_id,
        body_id=ctx.body.pk,
        programme_id=under.pk,
        reference=entry.reference[: max_length(Designation, "reference")],
        **date_columns("listed", listed),
    )
    ctx.writer.add_measures(designation_id, measure_ids(ctx))


def _of_entry(ctx: ImportContext, entity: Entity, ref: str):
    """The entry's active designations: this body's, with the entry's reference."""
    return Designation.objects.active().filter(entity=entity, body=ctx.body, reference=ref)


def delist_gone(ctx: ImportContext, gone: list[ListEntryState]) -> None:
    """Delist the entries gone from the list (their states are the caller's to update)."""
    for state in gone:
        entity = Entity.objects.get(pk=state.entity_id)
        delist(ctx, entity, state.reference)
        ctx.counts["delisted"] += 1
        ctx.difference(
            DifferenceAction.DELISTED, state.reference, entity=entity, before=entity.name
        )


def delist(ctx: ImportContext, entity: Entity, ref: str, programmes: list[str] | None = None):
    """Delist the entry's designations (only those under ``programmes``, if given) on the
    list's date, citing the list: through ``designations_delist`` like any delisting."""
    designations = _of_entry(ctx, entity, ref)
    if programmes is not None:
        designations = designations.filter(programme__code__in=programmes)
        for code in programmes:
            ctx.difference(
                DifferenceAction.CHANGED, ref, entity=entity, field="programmes", before=code
            )
    designations = list(designations)
    if not designations:
        return
    day = ctx.list_date or timezone.localdate()
    words = "the list's date" if ctx.list_date else "the import date: the list states no date"
    designations_delist(
        designations=designations,
        delisted=PartialDate.of_day(day, f"gone from the list; {words}"),
        source=ctx.source,
        locator=f"{ctx.locator(ref)}: no longer in the list",
        user=ctx.user,
    )


def relist_date(ctx: ImportContext, entity: Entity, ref: str, before: str, after: str) -> None:
    """The list changed an entry's listing date: change it where no analyst did."""
    for designation in _of_entry(ctx, entity, ref):
        if iso(designation.listed) != before:
            ctx.counts["conflicts"] += 1
            ctx.difference(
                DifferenceAction.CONFLICT,
                ref,
                entity=entity,
                field="listed",
                before=designation.listed,
                after=after,
                message=f"the list changed it from {before!r}; an analyst's value is kept",
            )
            continue
        designation_update(
            designation=designation,
            data={"listed": partial(after)},
            user=ctx.user,
            reason=ctx.reason,
        )
        ctx.writer.cite(Designation, designation.pk, locator=ctx.locator(ref), field="listed")
        ctx.difference(
            DifferenceAction.CHANGED,
            ref,
            entity=entity,
            field="listed",
            before=before,
            after=after,
        )
