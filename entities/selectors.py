"""Reads that combine several records: an entity's change history.

Its timeline, which needs events, is read in ``events.selectors``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from entities.models import Entity
from entities.parts import PARTS, citation_field
from sanctions_tracker.history import IGNORED_IN_DIFFS
from sources.models import Citation

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
    addresses, identifiers, designations, relationships either way) and to the citations of
    any of them, newest first, each with who, when and the values before and after.

    A part's citations are found through every id the part ever had in its history, so a
    citation of an alias deleted since still shows."""
    entries: list[HistoryEntry] = []
    cited = Q(entity_id=entity.pk)
    for model, q in [(Entity, Q(id=entity.pk)), *((p.model, p.of(entity)) for p in PARTS)]:
        rows = _history_rows(model, q)
        entries.extend(_entries(model, rows))
        if model is not Entity and rows:
            field = citation_field(model)
            cited |= Q(**{f"{field}_id__in": sorted({row.id for row in rows})})
    entries.extend(_entries(Citation, _history_rows(Citation, cited)))
    return sorted(entries, key=lambda e: (e.at, e.record_type, e.record_id), reverse=True)


def _entries(model, rows) -> list[HistoryEntry]:
    """One entry per history row (rows ordered by record, then time), with its changes."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED_IN_DIFFS]
    previous = {}
    entries = []
    for row in rows:
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
    return entries


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
