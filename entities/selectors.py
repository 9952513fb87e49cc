"""Reads that combine several records: an entity's timeline and its change history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from entities.models import (
    Address,
    Alias,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Relationship,
)
from events.models import Event
from sanctions_tracker.history import IGNORED_IN_DIFFS
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation


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


# History -------------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    record_type: str
    record_id: int
    record: str
    action: str  # created, changed, deleted
    at: dt.datetime
    user: str
    reason: str
    changes: list[dict]
    history_id: int | None = None  # the history row's own id (the admin's "as of" view)


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history_rows(model, q: Q):
    return list(
        model.history.filter(q)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )


def entity_history(entity: Entity) -> list[HistoryEntry]:
    """Every change to the entity and to what is part of it (aliases, countries, dates,
    addresses, identifiers, designations, relationships either way, its citations), newest
    first, each with who, when and the values before and after."""
    sources = [
        (Entity, Q(id=entity.pk)),
        (Alias, Q(entity_id=entity.pk)),
        (EntityCountry, Q(entity_id=entity.pk)),
        (EntityDate, Q(entity_id=entity.pk)),
        (Address, Q(entity_id=entity.pk)),
        (Identifier, Q(entity_id=entity.pk)),
        (Designation, Q(entity_id=entity.pk)),
        (Relationship, Q(subject_id=entity.pk) | Q(object_id=entity.pk)),
        (Citation, Q(entity_id=entity.pk)),
    ]
    entries: list[HistoryEntry] = []
    for model, q in sources:
        fields = [
            f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED_IN_DIFFS
        ]
        previous = {}
        for row in _history_rows(model, q):
            before = previous.get(row.id)
            changes = [
                {
                    "field": name,
                    "before": None if before is None else _plain(getattr(before, name)),
                    "after": None if row.history_type == "-" else _plain(getattr(row, name)),
                }
                for name in fields
                if _shows(name, before, row)
            ]
            previous[row.id] = row
            entries.append(
                HistoryEntry(
                    record_type=model._meta.model_name,
                    record_id=row.id,
                    record=_label(model, row),
                    action=_ACTIONS[row.history_type],
                    at=row.history_date,
                    user=row.history_user.get_username() if row.history_user else "",
                    reason=row.history_change_reason or "",
                    changes=changes,
                    history_id=row.history_id,
                )
            )
    return sorted(entries, key=lambda e: (e.at, e.record_type, e.record_id), reverse=True)


def _label(model, row) -> str:
    """A history row's record, named without loading its relations."""
    name = getattr(row, "name", "")
    return name or f"{model._meta.verbose_name} {row.id}"


def _shows(name: str, before, row) -> bool:
    """A field belongs in an entry when it changed, or when it is set on creation."""
    if before is None:
        return row.history_type != "-" and getattr(row, name) not in (None, "")
    return getattr(before, name) != getattr(row, name)


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "code"):  # a django-countries Country
        return value.code
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
