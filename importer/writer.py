"""Creating thousands of records at once, with the history and citations that ``save()``
would have given each.

Rows are queued as plain dicts with their primary keys already reserved, so that a child
and its citation of the list file can point at a parent that is not written yet.
``flush()`` writes them in dependency order through :mod:`importer.fastinsert`, each table's
'+' history rows copied from it by the database.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, models
from django.utils import timezone

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
from importer.fastinsert import (
    IdAllocator,
    copy_to_history,
    insert_rows,
    new_uids,
)
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.text import fold
from sources.models import CITABLE, Citation, Source

# Parents before children; citations last, since they point at everything else.
ORDER = [Entity, Alias, EntityCountry, EntityDate, Address, Identifier, Designation, Relationship]
CITATION_FIELD = {label: name for name, label in CITABLE}


def date_columns(name: str, date: PartialDate) -> dict:
    return {
        f"{name}_precision": date.precision,
        f"{name}_earliest": date.earliest,
        f"{name}_latest": date.latest,
        f"{name}_text": date.text,
    }


class BulkWriter:
    def __init__(self, *, source: Source, user=None, reason: str):
        self.source = source
        self.user_id = getattr(user, "pk", None)
        self.reason = reason
        self.now = timezone.now()
        self.ids = IdAllocator()
        self.pending: dict[type[models.Model], list[dict]] = defaultdict(list)
        self.citations: list[dict] = []
        self.measures: list[tuple[int, list[int]]] = []  # (designation id, measure ids)
        self.created = 0

    def create(self, model: type[models.Model], *, locator: str, field: str = "", **values) -> int:
        """Queue one new record citing the list file at ``locator``; return its id."""
        (pk,) = self.ids.take(model)
        # The uid comes at flush time, all at once (see new_uids).
        row = {"id": pk, "version": 1, "created_at": self.now, "updated_at": self.now}
        row.update(values)
        if model in (Entity, Alias):
            row["name_folded"] = fold(row["name"])
        self.pending[model].append(row)
        self.cite(model, pk, locator=locator, field=field)
        return pk

    def add_measures(self, designation_id: int, measure_ids: list[int]) -> None:
        if measure_ids:
            self.measures.append((designation_id, measure_ids))

    def cite(self, model: type[models.Model], pk: int, *, locator: str, field: str = "") -> None:
        """Queue a citation of the list file for a record (new, or one the import changed)."""
        target = CITATION_FIELD[model._meta.label]
        self.citations.append({"locator": locator, "field": field, f"{target}_id": pk})

    def flush(self) -> None:
        for model in ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            for row, uid in zip(rows, new_uids(len(rows)), strict=True):
                row["uid"] = uid
            insert_rows(model, rows)
            self._write_history(model, [row["id"] for row in rows])
            if model is Designation:
                self._write_measures({row["id"] for row in rows})
            self.created += len(rows)
        assert not self.pending, f"no creation order for {list(self.pending)}"
        self._write_citations()

    def _write_history(self, model, ids: list[int]) -> None:
        copy_to_history(model, ids, when=self.now, reason=self.reason, user_id=self.user_id)

    def _write_measures(self, designations: set[int]) -> None:
        """The m2m rows of new designations, and the same rows in their '+' history."""
        links = [(d, m) for d, measures in self.measures if d in designations for m in measures]
        self.measures = [(d, m) for d, m in self.measures if d not in designations]
        if not links:
            return
        through = Designation.measures.through
        ids = self.ids.take(through, len(links))
        insert_rows(
            through,
            [
                {"id": i, "designation_id": d, "measure_id": m}
                for i, (d, m) in zip(ids, links, strict=True)
            ],
        )
        # Each m2m history row points at its designation's '+' history row, just written:
        # those rows carry this import's time stamp (an index scan; a list of ids is not).
        history = Designation.history.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT "id", "history_id" FROM "{history}" '
                'WHERE "history_date" = %s AND "history_type" = %s',
                [connection.ops.adapt_datetimefield_value(self.now), "+"],
            )
            history_of = {d: h for d, h in cursor.fetchall() if d in designations}
        insert_rows(
            _m2m_history_model(Designation, "measures"),
            [
                {"id": i, "designation_id": d, "measure_id": m, "history_id": history_of[d]}
                for i, (d, m) in zip(ids, links, strict=True)
            ],
        )

    def _write_citations(self) -> None:
        rows, self.citations = self.citations, []
        if not rows:
            return
        ids = self.ids.take(Citation, len(rows))
        for row, pk, uid in zip(rows, ids, new_uids(len(rows)), strict=True):
            row.update(
                id=pk,
                uid=uid,
                version=1,
                created_at=self.now,
                updated_at=self.now,
                source_id=self.source.pk,
                quote="",
            )
        insert_rows(Citation, rows)
        self._write_history(Citation, ids)
        self.created += len(rows)


def _m2m_history_model(model, field_name: str):
    history_model = model.history.model
    for rel in history_model._meta.related_objects:
        related = rel.related_model
        if rel.field.name == "history" and related.__name__.endswith(f"_{field_name}"):
            return related
    raise LookupError(f"no m2m history for {model.__name__}.{field_name}")
