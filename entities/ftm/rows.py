"""What the FtM export reads of the entities, a chunk at a time, as plain rows.

One query streams the entities (``values()`` over the caller's queryset: its filters and
order kept); for each chunk of them, one query per part reads that part of every entity of
the chunk (``entity_id IN (...)``, in the part's own order), grouped by entity. No model
object and no queryset per entity is made: Django's ``prefetch_related`` builds both for
every row, which was three quarters of the export's time (docs/BENCHMARKS.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace

from django.db.models import QuerySet

from entities.active import is_active
from entities.choices import DesignationStatus
from entities.models import (
    Address,
    Alias,
    Designation,
    EntityCountry,
    EntityDate,
    Identifier,
    Relationship,
)
from sanctions_tracker.partial_dates import PartialDate, sort_key
from sources.models import Citation

Row = SimpleNamespace
STAMPS = ("uid", "created_at", "updated_at")


def chunks(queryset: QuerySet, size: int) -> Iterator[list[Row]]:
    """The entities of ``queryset`` with their parts, ``size`` entities at a time."""
    entities = queryset.prefetch_related(None).values("pk", *STAMPS, "kind", "name", "notes")
    # A filtered export holds some entities only: the links to others are left out.
    exported = queryset.order_by().values("pk") if queryset.query.where else None
    chunk = []
    for entity in entities.iterator(chunk_size=size):
        chunk.append(Row(**entity))
        if len(chunk) == size:
            yield _with_parts(chunk, exported)
            chunk = []
    if chunk:
        yield _with_parts(chunk, exported)


def _with_parts(entities: list[Row], exported: QuerySet | None) -> list[Row]:
    ids = [e.pk for e in entities]
    parts = {
        "aliases": _grouped(Alias.objects.order_by("name", "id"), ids, "name", "kind", "is_weak"),
        "countries": _grouped(
            EntityCountry.objects.order_by("country", "role", "id"), ids, "country", "role"
        ),
        "dates": _grouped(
            EntityDate.objects.order_by("kind", *sort_key("date"), "id"), ids, "kind", "date"
        ),
        "addresses": _grouped(
            Address.objects.order_by("id"),
            ids,
            *STAMPS,
            "street",
            "city",
            "region",
            "postal_code",
            "country",
            "full",
        ),
        "identifiers": _grouped(
            Identifier.objects.order_by("scheme", "value", "id"),
            ids,
            *STAMPS,
            "scheme",
            "value",
            "country",
            "label",
        ),
        "designations": _designations(ids),
        "relationships": _relationships(ids, exported),
    }
    for entity in entities:
        for name, rows in parts.items():
            setattr(entity, name, rows.get(entity.pk, []))
    return entities


def _grouped(
    queryset: QuerySet, ids: list[int], *fields: str, key: str = "entity_id"
) -> dict[int, list[Row]]:
    """The rows of ``queryset`` that belong to these entities, by entity, in its order; a
    partial date named among ``fields`` (``date``) is read as a PartialDate."""
    dates = [f for f in fields if f in _PARTIAL_DATES]
    columns = [c for f in fields for c in (_date_columns(f) if f in dates else (f,))]
    grouped = defaultdict(list)
    rows = queryset.filter(**{f"{key}__in": ids}).values(key, *columns)
    for values in rows:
        for name in dates:
            values[name] = PartialDate.from_columns(*(values.pop(c) for c in _date_columns(name)))
        grouped[values.pop(key)].append(Row(**values))
    return grouped


_PARTIAL_DATES = {"date", "listed", "delisted", "started", "ended"}


def _date_columns(name: str) -> tuple[str, ...]:
    return (f"{name}_precision", f"{name}_earliest", f"{name}_latest", f"{name}_text")


def _designations(ids: list[int]) -> dict[int, list[Row]]:
    """Each designation with its body, programme, measures' codes and citations' URLs."""
    grouped = _grouped(
        Designation.objects.order_by(*sort_key("listed"), "id"),
        ids,
        "id",
        *STAMPS,
        "body__name",
        "body__jurisdiction",
        "programme__name",
        "programme__code",
        "programme__url",
        "listed",
        "delisted",
        "reason",
        "measures_text",
        "reference",
    )
    designations = {d.id: d for rows in grouped.values() for d in rows}
    for d in designations.values():
        d.status = (
            DesignationStatus.ACTIVE if is_active(_Delisting(d)) else DesignationStatus.DELISTED
        )
        d.measures, d.citations = [], []
    measures = Designation.measures.through.objects.filter(designation_id__in=list(designations))
    for designation_id, code in measures.order_by("measure__code").values_list(
        "designation_id", "measure__code"
    ):
        designations[designation_id].measures.append(code)
    citations = Citation.objects.filter(designation_id__in=list(designations), source__url__gt="")
    for designation_id, url in citations.order_by("source_id", "id").values_list(
        "designation_id", "source__url"
    ):
        designations[designation_id].citations.append(url)
    return grouped


class _Delisting:
    """What ``entities.active.is_active`` reads of a designation, from its row."""

    def __init__(self, row: Row):
        self.delisted_precision = row.delisted.precision


def _relationships(ids: list[int], exported: QuerySet | None) -> dict[int, list[Row]]:
    """The relationships of which these entities are the subject (and whose object is
    exported), with the object's uid and kind."""
    relationships = Relationship.objects.order_by("kind", "object_id", "id")
    if exported is not None:
        relationships = relationships.filter(object__in=exported)
    return _grouped(
        relationships,
        ids,
        *STAMPS,
        "kind",
        "object__uid",
        "object__kind",
        "started",
        "ended",
        "description",
        key="subject_id",
    )
