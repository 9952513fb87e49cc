"""Reads that combine events with the entity side: an entity's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from entities.models import Designation, Entity
from events.models import Event
from sanctions_tracker.partial_dates import PartialDate


@dataclass
class TimelineItem:
    kind: str  # designation, delisting or event
    date: PartialDate
    title: str
    designation: Designation | None = None
    event: Event | None = None
    roles: list[str] = field(default_factory=list)

    def sort_key(self):
        # Known dates by first then last day; unknown dates last, in a stable order.
        unknown = self.date.earliest is None
        return (
            unknown,
            self.date.earliest or dt.date.max,
            self.date.latest or dt.date.max,
            {"designation": 0, "event": 1, "delisting": 2}[self.kind],
            self.title,
        )


def entity_timeline(entity: Entity) -> list[TimelineItem]:
    """Designations, delistings and events of an entity in date order, partial dates
    sorted by their first then last possible day, unknown dates last."""
    designations = list(
        Designation.objects.filter(entity=entity).select_related("entity", "body", "programme")
    )
    items: list[TimelineItem] = []
    for designation in designations:
        by = designation.body.code + (
            f" under {designation.programme.code}" if designation.programme_id else ""
        )
        items.append(
            TimelineItem("designation", designation.listed, f"Designated by {by}", designation)
        )
        if not designation.is_active:
            items.append(
                TimelineItem("delisting", designation.delisted, f"Delisted by {by}", designation)
            )
    events = (
        Event.objects.filter(Q(participants__entity=entity) | Q(designations__entity=entity))
        .distinct()
        .prefetch_related("participants")
    )
    for event in events:
        roles = sorted({p.role for p in event.participants.all() if p.entity_id == entity.pk})
        items.append(TimelineItem("event", event.occurred, event.title, event=event, roles=roles))
    return sorted(items, key=TimelineItem.sort_key)
