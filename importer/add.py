"""A new entry: linked to the one entity it is clearly about (see :mod:`importer.matching`),
or created as a new entity, with its parts and one designation per programme; when several
entities may be the same party, a new one is created and the candidates are proposed to an
analyst, never guessed between."""

from __future__ import annotations

from entities.models import Alias, Entity
from importer.context import ImportContext, Proposal, max_length
from importer.designate import designate
from importer.models import DifferenceAction
from importer.parts import add_parts
from importer.records import ListEntry


def add_entry(ctx: ImportContext, entry: ListEntry, data: dict) -> int:
    """Create the entry's entity, or link it to the one it is about; return its id."""
    locator = ctx.locator(entry.reference)
    match = ctx.matcher.find(entry)
    if match.entity_id is not None:
        entity = Entity.objects.select_for_update().get(pk=match.entity_id)
        ctx.matcher.claim(entity.pk)
        ctx.counts["added"] += 1
        ctx.counts["linked"] += 1
        ctx.difference(
            DifferenceAction.LINKED,
            entry.reference,
            entity=entity.pk,
            after=entry.name,
            message=f"linked to {entity.name} (#{entity.pk}): {match.reason}",
        )
        known = {entity.name_folded} | set(entity.aliases.values_list("name_folded", flat=True))
        names = {(a["name"], a["kind"]) for a in data["aliases"]}
        if Entity.folded_name(entry.name) not in known and (entry.name, "aka") not in names:
            ctx.writer.create(
                Alias,
                locator=locator,
                entity_id=entity.pk,
                name=entry.name[: max_length(Alias, "name")],
                kind="aka",
            )
        add_parts(ctx, entity.pk, data, locator, existing=True, entity_name=entity.name)
        ctx.writer.cite(Entity, entity.pk, locator=locator)
        entity_id, existing = entity.pk, True
    else:
        if match.candidates:
            ctx.difference(
                DifferenceAction.PROPOSED,
                entry.reference,
                after=entry.name,
                message=f"{match.reason}: entities "
                + ", ".join(f"#{pk}" for pk in match.candidates)
                + " may be the same party; created a new entity, not linked",
            )
        entity_id = ctx.writer.create(
            Entity,
            locator=locator,
            kind=entry.kind,
            name=entry.name[: max_length(Entity, "name")],
            notes=entry.notes,
        )
        ctx.new_entities.add(entity_id)
        if match.candidates:
            ctx.proposals.append(
                Proposal(
                    entry.reference, entry.name, entity_id, tuple(match.candidates), match.reason
                )
            )
        ctx.counts["added"] += 1
        ctx.difference(DifferenceAction.ADDED, entry.reference, entity=entity_id, after=entry.name)
        add_parts(ctx, entity_id, data, locator, existing=False)
        existing = False
    for programme in entry.programmes:
        designate(ctx, entity_id, entry, programme, existing=existing)
    return entity_id
