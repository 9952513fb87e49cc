"""Reads that combine several records: an entity's change history.

Its timeline, which needs events, is read in ``events.selectors``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
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
    linked = _linked_in_history(model, rows)
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
        for name, of_row in linked.items():
            was = None if before is None else of_row.get(before.history_id, "")
            now = None if row.history_type == "-" else of_row.get(row.history_id, "")
            if was != now and (before is not None or now):
                changes.append({"field": name, "before": was or None, "after": now or None})
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


def _linked_in_history(model, rows) -> dict[str, dict[int, str]]:
    """The many-to-many links that history keeps for ``model`` (a designation's measures):
    for each field, each history row's linked records (codes where they have one), joined.
    One query per such field."""
    if not rows:
        return {}
    linked = {}
    history_ids = [row.history_id for row in rows]
    for rel in model.history.model._meta.related_objects:
        through = rel.related_model
        if rel.field.name != "history":  # only simple-history's m2m tables point here
            continue
        name = through.__name__.split("_", 1)[1]
        target = model._meta.get_field(name).remote_field.model
        value = (
            f"{target._meta.model_name}__code"
            if _has_field(target, "code")
            else (f"{target._meta.model_name}_id")
        )
        joined: dict[int, list[str]] = defaultdict(list)
        for history_id, linked_value in (
            through.objects.filter(history_id__in=history_ids)
            .order_by(value)
            .values_list("history_id", value)
        ):
            joined[history_id].append(str(linked_value))
        linked[name] = {h: ", ".join(values) for h, values in joined.items()}
    return linked


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


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
