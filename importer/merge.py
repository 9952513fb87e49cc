"""A changed entry, applied three ways: what the list said last time (the base), what it says
now, and what the database holds (an analyst may have edited it since).

A value the list changed and an analyst did not is updated; one an analyst changed too is
kept and reported as a conflict. A part the list added is created; one it removed is deleted,
unless a source other than a list supports it (then it is kept, as a conflict). A programme
the list added is designated, one it dropped is delisted.
"""

from __future__ import annotations

from entities.models import Alias, Entity
from entities.services import alias_update, entity_part_delete, entity_update
from importer.context import ImportContext, max_length, show
from importer.designate import delist, designate, ended, relist_date
from importer.models import DifferenceAction, ListEntryState
from importer.parts import PARTS, create_part, repeats_name
from importer.records import ListEntry, programme_key
from sources.choices import SourceKind

SCALARS = ("name", "kind", "notes")  # the entity's own fields that a list gives


def merge_entry(ctx: ImportContext, state: ListEntryState, old: dict, entry: ListEntry, new: dict):
    """Apply what changed between ``old`` and ``new`` (``ListEntry.as_dict()`` of the last
    applied version and of this one) to the entity the entry became."""
    ref = entry.reference
    locator = ctx.locator(ref)
    entity = Entity.objects.select_for_update().get(pk=state.entity_id)
    relisted = not state.present
    if relisted:
        ctx.counts["added"] += 1
        ctx.difference(DifferenceAction.RELISTED, ref, entity=entity, after=entry.name)
    else:
        ctx.counts["changed"] += 1

    _merge_scalars(ctx, entity, old, new, ref, locator)

    # Parts: add what the list added, remove what it removed (unless an analyst cited it).
    for name, part in PARTS.items():
        old_items = {part.key(i): i for i in old[name]}
        new_items = {part.key(i): i for i in new[name]}
        if old_items.keys() == new_items.keys():
            if name == "aliases":
                _update_alias_weakness(ctx, entity, old_items, new_items, ref)
            continue
        records = {part.db_key(r): r for r in part.model.objects.filter(entity=entity)}
        for k, item in new_items.items():
            if (
                k not in old_items
                and k not in records
                and not repeats_name(name, item, entity.name)
            ):
                create_part(ctx, entity.pk, name, item, locator)
                ctx.difference(
                    DifferenceAction.CHANGED, ref, entity=entity, field=name, after=show(item)
                )
        for k, item in old_items.items():
            if k in new_items or k not in records:
                continue
            remove(ctx, records[k], entity, name, item, ref)

    # Designations: one per programme (of a body, for a list of many bodies).
    old_programmes = {programme_key(p): p for p in old["programmes"]}
    new_programmes = {p.key(): p for p in entry.programmes}
    for key, record in new_programmes.items():
        if relisted or key not in old_programmes:
            designate(ctx, entity.pk, entry, record, existing=True)
            if not relisted:
                ctx.difference(
                    DifferenceAction.CHANGED,
                    ref,
                    entity=entity,
                    field="programmes",
                    after=record.code,
                )
        else:
            _merge_designation(ctx, entity, ref, entry, old_programmes[key], record)
    removed = [p for k, p in old_programmes.items() if k not in new_programmes]
    if removed and not relisted:
        delist(ctx, entity, ref, programmes=removed)
    if old["listed"] != new["listed"] and not relisted:
        relist_date(ctx, entity, ref, old["listed"], new["listed"])


def _merge_designation(ctx, entity, ref, entry, before: dict, record) -> None:
    """A designation the list gives its own facts for (FtM): it ended, started again, or
    its listing date changed."""
    was_ended = before.get("status") == "delisted"
    if record.status == "delisted" and not was_ended:
        ended(ctx, entity, ref, record.__dict__)
    elif was_ended and record.status != "delisted":
        designate(ctx, entity.pk, entry, record, existing=True)
        ctx.difference(
            DifferenceAction.CHANGED, ref, entity=entity, field="programmes", after=record.code
        )
    elif before.get("listed", "") != record.listed and before.get("listed") and record.listed:
        relist_date(ctx, entity, ref, before["listed"], record.listed, [before])


def _merge_scalars(ctx: ImportContext, entity: Entity, old: dict, new: dict, ref, locator):
    changed = {}
    for name in SCALARS:
        before, after, current = old[name], new[name], getattr(entity, name)
        if before == after or current == after:
            continue
        if current == before:
            limit = max_length(Entity, name)
            changed[name] = after[:limit] if limit else after
            ctx.difference(
                DifferenceAction.CHANGED,
                ref,
                entity=entity,
                field=name,
                before=before,
                after=after,
            )
        else:
            ctx.counts["conflicts"] += 1
            ctx.difference(
                DifferenceAction.CONFLICT,
                ref,
                entity=entity,
                field=name,
                before=current,
                after=after,
                message=f"the list changed it from {before!r}; an analyst's value is kept",
            )
    if changed:
        entity_update(entity=entity, data=changed, user=ctx.user, reason=ctx.reason)
        ctx.writer.cite(Entity, entity.pk, locator=locator, field=", ".join(changed))


def _update_alias_weakness(ctx: ImportContext, entity, old_items, new_items, ref) -> None:
    for k, item in new_items.items():
        if old_items[k]["weak"] != item["weak"]:
            alias = Alias.objects.filter(entity=entity, name=k[0], kind=k[1]).first()
            if alias is not None and alias.is_weak == old_items[k]["weak"]:
                alias_update(
                    alias=alias, data={"is_weak": item["weak"]}, user=ctx.user, reason=ctx.reason
                )
                ctx.difference(
                    DifferenceAction.CHANGED,
                    ref,
                    entity=entity,
                    field="aliases",
                    before=f"{k[0]} (weak: {old_items[k]['weak']})",
                    after=f"{k[0]} (weak: {item['weak']})",
                )


def remove(ctx: ImportContext, record, entity, part: str, item: dict, ref: str) -> None:
    """Delete a part the list no longer gives, unless another source supports it: a
    citation of anything but an official list keeps it, reported as a conflict."""
    if record.citations.exclude(source__kind=SourceKind.OFFICIAL_LIST).exists():
        ctx.counts["conflicts"] += 1
        ctx.difference(
            DifferenceAction.CONFLICT,
            ref,
            entity=entity,
            field=part,
            before=show(item),
            message="the list removed it; kept, since another source supports it",
        )
        return
    entity_part_delete(record=record, user=ctx.user, reason=ctx.reason)
    ctx.difference(DifferenceAction.CHANGED, ref, entity=entity, field=part, before=show(item))
