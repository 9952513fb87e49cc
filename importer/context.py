"""What the steps of one import share: the list and its file as a source, the writer, and
what the run has found so far (counts, differences, the entity each entry became).

:mod:`importer.run` builds one :class:`ImportContext` per run and hands it to each step
(:mod:`importer.add`, :mod:`importer.merge`, :mod:`importer.designate`,
:mod:`importer.links`); the steps keep no state of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.db import models

from entities.models import Body, Programme
from importer.matching import EntityMatcher
from importer.models import ImportDifference, ImportRun
from importer.records import ParsedSource
from importer.registry import ListSpec
from importer.writer import BulkWriter
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Source


@dataclass(frozen=True)
class Proposal:
    """A new entry's entity, and the existing entities that may be the same party."""

    reference: str
    name: str
    entity_id: int
    candidates: tuple[int, ...]
    reason: str


COUNTS = ("added", "changed", "delisted", "unchanged", "linked", "conflicts")


@dataclass(eq=False)
class ImportContext:
    spec: ListSpec
    parsed: ParsedSource
    list_date: dt.date | None
    user: object
    source: Source  # the list file: every record written cites it
    reason: str  # the change reason of every history row written
    writer: BulkWriter
    body: Body | None  # the body whose list it is; None: each designation names its own
    # By (body id, code), created as the list names them.
    programmes: dict[tuple[int, str], Programme]
    matcher: EntityMatcher
    run: ImportRun
    measure_ids: list[int] | None = None  # of every designation; looked up when first needed
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    differences: list[ImportDifference] = field(default_factory=list)
    entity_of: dict[str, int] = field(default_factory=dict)  # reference -> entity id
    new_entities: set[int] = field(default_factory=set)  # created by this run
    # A list of many bodies: authority names -> body (importer.authorities).
    authorities: dict[tuple[str, ...], Body] = field(default_factory=dict)
    designated: set[tuple[int, int]] = field(default_factory=set)  # (entity, programme) ids
    # New entries that may be existing entities (see importer.review), written at the end.
    proposals: list[Proposal] = field(default_factory=list)

    def locator(self, reference: str) -> str:
        return f"{self.spec.key} entry {reference}"

    def difference(
        self, action, reference, *, entity=None, field="", before="", after="", message=""
    ) -> None:
        """Record one difference of the run (``entity``: the record or its id)."""
        related = {"entity_id": entity} if isinstance(entity, int) else {"entity": entity}
        self.differences.append(
            ImportDifference(
                action=action,
                reference=reference,
                field=field,
                before=str(before),
                after=str(after),
                message=message,
                **related,
            )
        )


def iso(date: PartialDate) -> str:
    return date.iso if date.is_known else ""


def partial(value: str, text: str = "") -> PartialDate:
    return PartialDate.parse(value, text) if value else PartialDate.unknown(text)


@cache
def max_length(model: type[models.Model], name: str) -> int:
    """The model field's length: what a list's longer value is cut to."""
    return model._meta.get_field(name).max_length


def show(item: dict) -> str:
    """A part of an entry (as the list's data gives it) in a few words, for a difference."""
    for key in ("name", "value", "full", "date", "country", "target"):
        if item.get(key):
            return str(item[key])
    return str(item)
