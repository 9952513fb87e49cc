"""Creating thousands of records at once, with the history and citations that ``save()``
would have given each.

Rows are queued as plain dicts with their primary keys already reserved, so that a child
and its citation of the list file can point at a parent that is not written yet.
``flush()`` writes them in dependency order through :mod:`importer.fastinsert`, each table's
'+' history rows copied from it by the database.

No row is written unchecked: ``create()`` refuses a column the model does not have, and
``flush()`` checks every queued row against its model's fields as ``full_clean()`` would
(lengths, choices, required values, foreign keys), column by column, and raises
:class:`InvalidRow` naming the model, the field and the list entry (the import's transaction
then writes nothing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from entities.models import Designation, FoldedNameMixin
from entities.parts import citation_field, creation_order
from importer.fastinsert import (
    IdAllocator,
    copy_to_history,
    insert_rows,
    new_uids,
)
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation, Source

# Parents before children; citations last, since they point at everything else.
# Columns the writer fills itself.
OWN_COLUMNS = frozenset(["id", "uid", "version", "created_at", "updated_at"])


class InvalidRow(ValidationError):
    """A queued row that the database would refuse, or keep wrong (SQLite does not check
    lengths). Its message names the model, the field and the list entry."""

    def __init__(self, model: type[models.Model], field: str, locator: str, problem: str):
        self.model, self.field, self.locator = model, field, locator
        super().__init__(f"{model.__name__}.{field}: {problem} ({locator or 'no locator'})")

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class _Check:
    """What ``full_clean()`` would check of one column, in a form checked a column at a time."""

    attname: str
    default: object  # what insert_rows writes for a row without it
    nullable: bool
    required: bool  # "" refused
    max_length: int | None
    allowed: frozenset | None  # the choices

    def problem(self, values: set) -> str | None:
        """What is wrong with any of these values (a column's distinct values), or None."""
        if None in values:
            if not self.nullable:
                return "missing"
            values = values - {None}
        if self.required and "" in values:
            return "empty, but required"
        if self.allowed is not None and not values <= self.allowed:
            wrong = min((v for v in values if v not in self.allowed), key=str)
            return f"{wrong!r} is not one of its choices"
        if self.max_length is not None and values and max(map(len, values)) > self.max_length:
            longest = max(values, key=len)
            limit = self.max_length
            return f"{len(longest)} characters, more than its {limit}: {longest[:40]!r}..."
        return None


@cache
def _checks(model: type[models.Model]) -> dict[str, _Check]:
    """By column: what to check of the model's columns."""
    checks = []
    for f in model._meta.concrete_fields:
        if f.attname in OWN_COLUMNS:
            continue
        if isinstance(f, models.ForeignKey):
            if not f.null:
                checks.append(_Check(f.attname, None, False, False, None, None))
            continue
        if not isinstance(f, (models.CharField, models.TextField)):
            continue  # booleans, dates: set by the importer's own types
        choices = frozenset(v for v, _ in f.flatchoices) | ({""} if f.blank else set())
        # A non-editable field (name_folded, a partial date's words) is derived, not given.
        required = not f.blank and f.editable
        if isinstance(f, models.TextField) and not required:
            continue
        checks.append(
            _Check(
                f.attname,
                f.get_default(),
                f.null,
                required,
                f.max_length if isinstance(f, models.CharField) else None,
                choices if f.choices else None,
            )
        )
    return {c.attname: c for c in checks}


@cache
def _columns(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.attname for f in model._meta.concrete_fields) - OWN_COLUMNS


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
        if not values.keys() <= _columns(model):
            unknown = ", ".join(sorted(values.keys() - _columns(model)))
            raise InvalidRow(model, unknown, locator, "no such column")
        (pk,) = self.ids.take(model)
        # The uid comes at flush time, all at once (see new_uids).
        row = {"id": pk, "version": 1, "created_at": self.now, "updated_at": self.now}
        row.update(values)
        if issubclass(model, FoldedNameMixin):
            row["name_folded"] = model.folded_name(row["name"])
        self.pending[model].append(row)
        self.cite(model, pk, locator=locator, field=field)
        return pk

    def add_measures(self, designation_id: int, measure_ids: list[int]) -> None:
        if measure_ids:
            self.measures.append((designation_id, measure_ids))

    def cite(self, model: type[models.Model], pk: int, *, locator: str, field: str = "") -> None:
        """Queue a citation of the list file for a record (new, or one the import changed)."""
        target = citation_field(model)
        self.citations.append({"locator": locator, "field": field, f"{target}_id": pk})

    def flush(self) -> None:
        """Write every queued row (records, history, citations), each model's rows checked
        just before they are written, while they are still in the CPU's caches."""
        # The entity, then its parts, parents before children (entities.parts).
        for model in creation_order():
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            for row, uid in zip(rows, new_uids(len(rows)), strict=True):
                row["uid"] = uid
            insert_rows(model, rows, check=self._checker(model, rows))
            self._write_history(model, [row["id"] for row in rows])
            if model is Designation:
                self._write_measures({row["id"] for row in rows})
            self.created += len(rows)
        assert not self.pending, f"no creation order for {list(self.pending)}"
        self._write_citations()

    def _checker(self, model, rows: list[dict]):
        """What ``insert_rows`` calls with each column's values before writing any: raises
        InvalidRow for the first row that ``full_clean()`` would refuse.

        Column by column over the distinct values (sets and C loops) that insert_rows
        gathers anyway, since a first import writes some 300,000 rows: a model instance per
        row would cost more than the writing.
        """
        checks = _checks(model)

        def check(field: models.Field, values: list) -> None:
            c = checks.get(field.attname)
            if c is not None and c.problem(set(values)):
                self._refuse(model, rows, c)

        return check

    def _refuse(self, model, rows: list[dict], check: _Check):
        for row in rows:
            problem = check.problem({row.get(check.attname, check.default)})
            if problem is not None:
                name = model._meta.get_field(check.attname).name
                raise InvalidRow(model, name, self._locator_of(model, row), problem)

    def _locator_of(self, model, row: dict) -> str:
        """The locator the row cites (the list entry it comes from)."""
        if model is Citation:
            return row["locator"]
        key = f"{citation_field(model)}_id"
        return next((c["locator"] for c in self.citations if c.get(key) == row["id"]), "")

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
        rows = self.citations
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
        insert_rows(Citation, rows, check=self._checker(Citation, rows))
        self.citations = []
        self._write_history(Citation, ids)
        self.created += len(rows)


def _m2m_history_model(model, field_name: str):
    history_model = model.history.model
    for rel in history_model._meta.related_objects:
        related = rel.related_model
        if rel.field.name == "history" and related.__name__.endswith(f"_{field_name}"):
            return related
    raise LookupError(f"no m2m history for {model.__name__}.{field_name}")
