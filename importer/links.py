"""Relationships that a list states between its entries ("Linked To: ..."), applied once
every entry of the run has its entity: a link names its target by reference or by name, and
is recorded only when exactly one other entry of the list answers to it."""

from __future__ import annotations

from entities.models import Entity, Relationship
from importer.context import ImportContext
from importer.merge import remove
from importer.models import DifferenceAction
from importer.records import ListEntry
from sanctions_tracker.text import fold


def _link_key(link: dict) -> tuple:
    return (link["target"], link["by"], link["kind"])


def apply_links(ctx: ImportContext, entries: list[tuple[ListEntry, dict | None]]) -> None:
    """The links of new and changed entries, each with what the list said last time (None
    for a new entry): added links are created, removed ones deleted like any part."""
    if not any(e.links or (old and old["links"]) for e, old in entries):
        return
    by_name: dict[str, set[str]] = {}
    for reference, names in ctx.parsed.names().items():
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
        return ctx.entity_of.get(next(iter(refs)))

    for entry, old in entries:
        subject = ctx.entity_of[entry.reference]
        locator = ctx.locator(entry.reference)
        new_links = {_link_key(x.__dict__): x.__dict__ for x in entry.links}
        old_links = {_link_key(link): link for link in (old or {}).get("links", [])}
        for k, link in new_links.items():
            if k in old_links:
                continue
            target = target_of(link, entry.reference)
            if target is None or target == subject:
                ctx.difference(
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
                subject not in ctx.new_entities
                and Relationship.objects.filter(
                    subject_id=subject, kind=link["kind"], object_id=target
                ).exists()
            ):
                continue
            created.add(key)
            ctx.writer.create(
                Relationship,
                locator=locator,
                subject_id=subject,
                kind=link["kind"],
                object_id=target,
                description=link["text"],
            )
            if old is not None:
                ctx.difference(
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
                remove(ctx, record, entity, "links", link, entry.reference)
