"""Designations from a list: the body whose list it is, its programmes, one designation per
programme of an entry, the delisting of entries (or programmes) gone from the list, dated
with the list's date, and a changed listing date.

A list of many bodies (FtM: ``ListSpec.body`` is None) names the body of each designation
(``ProgrammeRecord.authorities``, resolved by :mod:`importer.authorities`) and gives its
dates and status; its entry's designations are those citing the entry.

Every write goes through a service of ``entities`` or ``sources`` (validated, with history)
or through the run's bulk writer.
"""

from __future__ import annotations

from django.db.models import Q
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
from sources.models import Citation, Source
from sources.services import citation_create


def list_body(spec: ListSpec, *, source: Source, files, user, reason: str) -> Body | None:
    """The body whose list it is: the recorded one, or a new one citing the list file; None
    for a list whose designations each name their body."""
    if spec.body is None:
        return None
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
    body = designating_body(ctx, record)
    found = ctx.programmes.get((body.pk, code))
    gives = record.legal_basis or record.url
    if found is not None and gives and not (found.legal_basis or found.url):
        _give_legal_basis(ctx, found, record)
    if found is None:
        found = programme_create(
            body=body,
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
        ctx.programmes[(body.pk, code)] = found
    return found


def designating_body(ctx: ImportContext, record: ProgrammeRecord) -> Body:
    """The list's body, or for a list of many bodies the one the record names."""
    if ctx.body is not None:
        return ctx.body
    from importer.authorities import authority_body

    return authority_body(ctx, record)


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
    ended = record.status == "delisted"
    if not ended and (entity_id, under.pk) in ctx.designated:
        # Two records of the entry that name one body differently ("OFAC", "Office of
        # Foreign Assets Control") under one programme: one designation.
        ctx.difference(
            DifferenceAction.LINKED,
            entry.reference,
            entity=entity_id,
            field="designation",
            message=f"the list's {code} designation is already recorded from this entry",
        )
        return
    if existing and not ended:
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
    listed_on = record.listed or entry.listed
    listed = (
        partial(listed_on)
        if listed_on
        else PartialDate.unknown(f"not stated in the {ctx.spec.key} list")
    )
    own = {}
    if ended:
        own.update(date_columns("delisted", partial(record.delisted, "ended, the list says")))
    designation_id = ctx.writer.create(
        Designation,
        locator=ctx.locator(entry.reference),
        entity_id=entity_id,
        body_id=under.body_id,
        programme_id=under.pk,
        reference=(record.reference or entry.reference)[: max_length(Designation, "reference")],
        reason=record.reason,
        measures_text=record.measures_text,
        notes=record.notes,
        **date_columns("listed", listed),
        **own,
    )
    if not ended:
        ctx.designated.add((entity_id, under.pk))
    ctx.writer.add_measures(designation_id, measure_ids(ctx))


def _of_entry(ctx: ImportContext, entity: Entity, ref: str, records=None):
    """The entry's active designations: this body's, with the entry's reference; for a list
    of many bodies, those citing the entry. Only those under ``records`` (programmes as
    stored, ``ListEntry.as_dict()``), if given."""
    if ctx.body is not None:
        found = Designation.objects.active().filter(entity=entity, body=ctx.body, reference=ref)
    else:
        found = Designation.objects.active().filter(
            entity=entity,
            pk__in=Citation.objects.filter(locator=ctx.locator(ref)).values("designation_id"),
        )
    if records is None:
        return found
    wanted = Q(pk__in=[])
    for data in records:
        body = designating_body(ctx, programme_record(data))
        wanted |= Q(body=body, programme__code=data["code"])
    return found.filter(wanted)


def programme_record(data: dict) -> ProgrammeRecord:
    """A programme as stored (``ListEntry.as_dict()``, perhaps from before some fields
    existed) as its record."""
    fields = {k: v for k, v in data.items() if k in ProgrammeRecord.__dataclass_fields__}
    fields["authorities"] = tuple(fields.get("authorities") or ())
    return ProgrammeRecord(**fields)


def delist_gone(ctx: ImportContext, gone: list[ListEntryState]) -> None:
    """Delist the entries gone from the list (their states are the caller's to update)."""
    for state in gone:
        entity = Entity.objects.get(pk=state.entity_id)
        delist(ctx, entity, state.reference)
        ctx.counts["delisted"] += 1
        ctx.difference(
            DifferenceAction.DELISTED, state.reference, entity=entity, before=entity.name
        )


def delist(ctx: ImportContext, entity: Entity, ref: str, programmes: list[dict] | None = None):
    """Delist the entry's designations (only those under ``programmes``, as stored, if
    given) on the list's date, citing the list: through ``designations_delist`` like any
    delisting."""
    designations = _of_entry(ctx, entity, ref, programmes)
    for data in programmes or ():
        ctx.difference(
            DifferenceAction.CHANGED, ref, entity=entity, field="programmes", before=data["code"]
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


def ended(ctx: ImportContext, entity: Entity, ref: str, data: dict) -> None:
    """The list says a designation of the entry ended (FtM ``status``, ``endDate``): delist
    it on the date the list gives, citing the list."""
    designations = list(_of_entry(ctx, entity, ref, [data]))
    ctx.difference(
        DifferenceAction.CHANGED,
        ref,
        entity=entity,
        field="programmes",
        before=data["code"],
        message="the list says it ended",
    )
    if designations:
        designations_delist(
            designations=designations,
            delisted=partial(data["delisted"], "ended, the list says"),
            source=ctx.source,
            locator=f"{ctx.locator(ref)}: ended",
            user=ctx.user,
        )


def relist_date(
    ctx: ImportContext, entity: Entity, ref: str, before: str, after: str, records=None
) -> None:
    """The list changed an entry's listing date (or, for a list of many bodies, that of its
    designations under ``records``): change it where no analyst did."""
    for designation in _of_entry(ctx, entity, ref, records):
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
