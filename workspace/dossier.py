"""Everything the entity dossier shows, read in a fixed number of queries however much
there is: the entity and its parts, its timeline (designations, delistings, events), its
relationships to two hops, the citations of all of these, and the lags between the bodies
that list it (the rule of ``workspace.lags``).

The pictures (``workspace.timeline``, ``workspace.graph``) and the CSV tables are drawn
from the :class:`Dossier` alone: they run no query of their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse

from entities.active import active_q
from entities.models import Designation, Entity, Relationship
from events.selectors import TimelineItem, entity_timeline
from sanctions_tracker.partial_dates import PartialDate
from sources.models import CITABLE_FIELDS, Citation
from workspace.lags import Lag, first_listings, lags_between

ACTIVE, DELISTED, NEVER = "active", "delisted", "never"
STATUS_LABELS = {
    ACTIVE: "actively designated",
    DELISTED: "delisted only",
    NEVER: "never designated",
}


@dataclass(frozen=True)
class Listing:
    """A body's listing of the entity: since when (its earliest designation)."""

    body: str
    since: PartialDate
    programmes: tuple[str, ...]
    active: bool

    @property
    def since_text(self) -> str:
        return date_text(self.since)


@dataclass(frozen=True)
class LagRow:
    """Two bodies that list the entity: the lag between them, or why it is not known."""

    first: str
    then: str
    lag: Lag | None
    reason: str = ""

    @property
    def text(self) -> str:
        return str(self.lag) if self.lag else f"Lag not known: {self.reason}"


@dataclass
class Neighbour:
    """An entity in the relationship graph, ``hop`` links away from the dossier's entity."""

    entity: Entity
    hop: int
    status: str = NEVER
    via: int | None = None  # the hop-1 neighbour it was reached through (hop 2)


@dataclass
class Dossier:
    entity: Entity
    aliases: list
    identifiers: list
    addresses: list
    countries: list
    designations: list[Designation]
    timeline: list[TimelineItem]
    relationships: list[Relationship]  # to two hops, the entity's own first
    neighbours: dict[int, Neighbour]  # by entity id, the entity itself included (hop 0)
    citations: list[Citation]
    listings: list[Listing]
    lags: list[LagRow]
    cited: dict[tuple[str, int], list[Citation]] = field(default_factory=dict)

    def citations_of(self, target: str, pk: int) -> list[Citation]:
        """The citations of one record: ``("designation", 12)``."""
        return self.cited.get((target, pk), [])


def date_text(date: PartialDate) -> str:
    """A partial date as the source gives it: "2024-12", "unknown (Thursday)"."""
    return str(date) if date.is_set else ""


def admin_url(model: str, pk: int) -> str:
    """The admin change page of a record (``"events.event"``): no query."""
    app, name = model.split(".")
    return reverse(f"admin:{app}_{name}_change", args=[pk])


def build_dossier(pk: int) -> Dossier:
    """The dossier of entity ``pk`` (404 when there is none), in a fixed number of queries."""
    entity = get_object_or_404(Entity, pk=pk)
    aliases = list(entity.aliases.all())
    identifiers = list(entity.identifiers.all())
    addresses = list(entity.addresses.all())
    countries = list(entity.countries.all())
    timeline = entity_timeline(entity)
    designations = _designations_of(timeline)
    relationships, neighbours = _two_hops(entity)
    citations = list(
        Citation.objects.with_targets()
        .filter(
            _cited_q(entity, aliases, identifiers, addresses, countries, timeline, relationships)
        )
        .order_by("source__title", "id")
    )
    cited: dict[tuple[str, int], list[Citation]] = defaultdict(list)
    for citation in citations:
        target = _target_name(citation)
        cited[(target, getattr(citation, f"{target}_id"))].append(citation)
    listings = _listings(entity, designations)
    return Dossier(
        entity=entity,
        aliases=aliases,
        identifiers=identifiers,
        addresses=addresses,
        countries=countries,
        designations=designations,
        timeline=timeline,
        relationships=relationships,
        neighbours=neighbours,
        citations=citations,
        listings=listings,
        lags=_lag_rows(listings),
        cited=dict(cited),
    )


def _designations_of(timeline: list[TimelineItem]) -> list[Designation]:
    """The timeline's designations (each once), with their measures in one more query."""
    seen: dict[int, Designation] = {}
    for item in timeline:
        if item.designation is not None:
            seen.setdefault(item.designation.pk, item.designation)
    designations = sorted(seen.values(), key=lambda d: (d.body.code, _date_sort(d.listed), d.pk))
    prefetch_related_objects(designations, "measures")
    return designations


def _date_sort(date: PartialDate):
    """Known dates by first then last day, unknown ones last."""
    return (not date.is_known, date.earliest or dt.date.max, date.latest or dt.date.max)


def _two_hops(entity: Entity) -> tuple[list[Relationship], dict[int, Neighbour]]:
    """The entity and its neighbours to two hops, with every relationship among them (up to
    four queries: each hop, the links between hop-2 entities, every neighbour's designation
    status)."""
    related = ("subject", "object")
    first = list(
        Relationship.objects.filter(Q(subject=entity) | Q(object=entity)).select_related(*related)
    )
    neighbours: dict[int, Neighbour] = {entity.pk: Neighbour(entity, 0)}
    for rel in first:
        other = rel.object if rel.subject_id == entity.pk else rel.subject
        neighbours.setdefault(other.pk, Neighbour(other, 1))
    hop1 = sorted(pk for pk, n in neighbours.items() if n.hop == 1)
    second = []
    if hop1:
        second = list(
            Relationship.objects.filter(Q(subject_id__in=hop1) | Q(object_id__in=hop1))
            .exclude(pk__in=[rel.pk for rel in first])
            .select_related(*related)
        )
    for rel in second:
        for this, other in ((rel.subject, rel.object), (rel.object, rel.subject)):
            reached = this.pk in neighbours and neighbours[this.pk].hop == 1
            if reached and other.pk not in neighbours:
                neighbours[other.pk] = Neighbour(other, 2, via=this.pk)
    # Only links between entities shown (a hop-2 entity's other links lead to hop 3)...
    relationships = first + [
        rel for rel in second if rel.subject_id in neighbours and rel.object_id in neighbours
    ]
    # ...all of them: two hop-2 entities may be tied to each other too.
    hop2 = sorted(pk for pk, n in neighbours.items() if n.hop == 2)
    if hop2:
        relationships += Relationship.objects.filter(
            subject_id__in=hop2, object_id__in=hop2
        ).select_related(*related)
    statuses = (
        Designation.objects.filter(entity_id__in=list(neighbours))
        .values("entity_id")
        .annotate(active=Coalesce(Count("id", filter=active_q()), 0))
        .order_by()
        .values_list("entity_id", "active")
    )
    for entity_id, active in statuses:
        neighbours[entity_id].status = ACTIVE if active else DELISTED
    return relationships, neighbours


def _cited_q(entity, aliases, identifiers, addresses, countries, timeline, relationships) -> Q:
    events = {item.event.pk for item in timeline if item.event is not None}
    designations = {item.designation.pk for item in timeline if item.designation is not None}
    q = Q(entity_id=entity.pk)
    for name, records in (
        ("alias", aliases),
        ("identifier", identifiers),
        ("address", addresses),
        ("entity_country", countries),
    ):
        if records:
            q |= Q(**{f"{name}_id__in": [r.pk for r in records]})
    own = [r.pk for r in relationships if entity.pk in (r.subject_id, r.object_id)]
    for name, ids in (("designation", designations), ("event", events), ("relationship", own)):
        if ids:
            q |= Q(**{f"{name}_id__in": sorted(ids)})
    return q


def _target_name(citation: Citation) -> str:
    for name in CITABLE_FIELDS:
        if getattr(citation, f"{name}_id") is not None:
            return name
    raise ValueError(f"citation {citation.pk} supports no record")


def _listings(entity: Entity, designations: list[Designation]) -> list[Listing]:
    """Each body listing the entity, since its first listing (``first_listings``)."""
    since = first_listings([entity.pk]).get(entity.pk, {})
    programmes: dict[str, set[str]] = defaultdict(set)
    active: dict[str, bool] = defaultdict(bool)
    for d in designations:
        if d.programme_id:
            programmes[d.body.code].add(d.programme.code)
        active[d.body.code] |= d.is_active
    rows = [
        Listing(body, date, tuple(sorted(programmes[body])), active[body])
        for body, date in since.items()
    ]
    return sorted(rows, key=lambda row: (*_date_sort(row.since), row.body))


def _lag_rows(listings: list[Listing]) -> list[LagRow]:
    """Every pair of bodies: its lag (``lags_between``), or which listing dates are not
    known."""
    dates = {row.body: row.since for row in listings}
    lags = {(lag.first, lag.then): lag for lag in lags_between(dates)}
    rows = [LagRow(lag.first, lag.then, lag) for lag in lags.values()]
    for a, b in combinations(sorted(dates), 2):
        if (a, b) in lags or (b, a) in lags:
            continue
        unknown = [body for body in (a, b) if not dates[body].is_known]
        reason = "; ".join(
            f"{body}: listing date not known{_words(dates[body])}" for body in unknown
        )
        rows.append(LagRow(a, b, None, reason))
    return rows


def _words(date: PartialDate) -> str:
    return f" (the source says “{date.text}”)" if date.text else ""
