"""Comparison across authorities: which bodies list which entities, who is missing from
whose list, and how long one body took to follow another. One selector for the page, the
API and its CSV.

An entity is *listed by* a body when it has a designation by that body matching the
filters: by default an active one (the entity is currently designated by it); with
``active_only`` off, any designation, delisted or not. The filters narrow the entities: a
programme (the entity has such a designation under it), a kind, a country (in any role).
``listed_by`` and ``not_listed_by`` narrow the list of entities only, not the pairs' counts:
the entities behind a count ("listed by US-OFAC and not by UK-OFSI").

*Since when* a body lists it, and the lags between bodies, are workspace.lags' rule (each
body's earliest listing of the entity, whatever the programme or status): not re-derived
here. A lag between two bodies is counted for an entity both list.

The whole comparison costs a fixed number of queries however many entities it holds: the
bodies (1), the programme if one is given (1), the designations that make the lists (1,
with each entity's name and kind), the first listings (1).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, OuterRef
from rest_framework.exceptions import ValidationError

from entities.active import active_q
from entities.choices import EntityKind
from entities.filtersets import programmes_by_code
from entities.models import Body, Designation, EntityCountry
from sanctions_tracker.api.filters import StrictBooleanField, country_code_parameter
from sanctions_tracker.partial_dates import PartialDate
from workspace.lags import Lag, first_listings, lags_between

# The query parameters the API and the page understand.
PARAMETERS = ("bodies", "programme", "kind", "country", "active_only", "listed_by", "not_listed_by")

# Lag buckets, in days from the pair's first body's listing to the other's (a ranged lag by
# its middle, Lag.days): (label, lowest, highest), None for no bound.
BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("more than 365 days before", None, -366),
    ("91 to 365 days before", -365, -91),
    ("31 to 90 days before", -90, -31),
    ("8 to 30 days before", -30, -8),
    ("1 to 7 days before", -7, -1),
    ("same day", 0, 0),
    ("1 to 7 days after", 1, 7),
    ("8 to 30 days after", 8, 30),
    ("31 to 90 days after", 31, 90),
    ("91 to 365 days after", 91, 365),
    ("more than 365 days after", 366, None),
)


class CompareRefused(Exception):
    """The parameters cannot be compared: the reasons, per parameter (a flat field map)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class CompareQuery:
    """What to compare, checked: body codes (in the order given), and the filters."""

    bodies: tuple[str, ...]
    programme: str = ""
    kind: str = ""
    country: str = ""
    active_only: bool = True
    # The entity list only (not the pairs' counts): listed by all of these, by none of those.
    listed_by: tuple[str, ...] = ()
    not_listed_by: tuple[str, ...] = ()
    # The programmes ``programme`` names (a queryset, read as a subquery).
    programmes: object = field(default=None, compare=False, repr=False)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every pair of bodies, each once, in the order the bodies were given."""
        return list(combinations(self.bodies, 2))

    def parameters(self) -> dict[str, str]:
        """The query as query parameters (for links to the API, its CSV, the page)."""
        params = {"bodies": ",".join(self.bodies)}
        if self.programme:
            params["programme"] = self.programme
        if self.kind:
            params["kind"] = self.kind
        if self.country:
            params["country"] = self.country
        if not self.active_only:
            params["active_only"] = "false"
        if self.listed_by:
            params["listed_by"] = ",".join(self.listed_by)
        if self.not_listed_by:
            params["not_listed_by"] = ",".join(self.not_listed_by)
        return params

    def lists(self, bodies: set[str]) -> bool:
        """An entity listed by ``bodies`` belongs to the entity list."""
        return set(self.listed_by) <= bodies and not bodies & set(self.not_listed_by)


def split_codes(values: Iterable[str]) -> list[str]:
    """Body codes from ``bodies=A,B`` or ``bodies=A&bodies=B`` (or both), upper-cased, each
    once, in order."""
    codes: list[str] = []
    for value in values:
        for code in value.split(","):
            code = code.strip().upper()
            if code and code not in codes:
                codes.append(code)
    return codes


def read_query(
    bodies: Iterable[str],
    *,
    programme: str = "",
    kind: str = "",
    country: str = "",
    active_only: str | bool = "",
    listed_by: Iterable[str] = (),
    not_listed_by: Iterable[str] = (),
) -> CompareQuery:
    """The comparison asked for, or CompareRefused naming each parameter at fault: the API
    filters' own rules for a programme, a country and a boolean. Costs one query (the
    bodies), two with a programme."""
    bodies, listed_by, not_listed_by = list(bodies), list(listed_by), list(not_listed_by)
    given = {
        "bodies": bodies,
        "programme": [programme or ""],
        "kind": [kind or ""],
        "country": [country or ""],
        "active_only": [active_only if isinstance(active_only, str) else ""],
        "listed_by": listed_by,
        "not_listed_by": not_listed_by,
    }
    errors = _null_characters(given)
    if errors:
        raise CompareRefused(errors)
    codes = split_codes(bodies)
    if len(codes) < 2:
        errors["bodies"] = ["Give at least two body codes, comma-separated (US-OFAC,UK-OFSI)."]
    else:
        known = set(Body.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["bodies"] = [
                f"No body has the code {', '.join(unknown)} (e.g. US-OFAC, UK-OFSI, UN-SC)."
            ]
    programme = (programme or "").strip()
    programmes = None
    if programme:
        programmes = _checked(errors, "programme", programmes_by_code, programme)
    kind = (kind or "").strip()
    if kind and kind not in EntityKind.values:
        errors["kind"] = [f"{kind!r} is not a kind: use one of {', '.join(EntityKind.values)}."]
    country = (country or "").strip()
    if country:
        country = _checked(errors, "country", country_code_parameter, country)
    active = active_only
    if not isinstance(active_only, bool):
        try:
            active = StrictBooleanField().to_python(active_only)
        except forms.ValidationError as exc:
            errors["active_only"] = exc.messages
    narrowed = {}
    for name, given in (("listed_by", listed_by), ("not_listed_by", not_listed_by)):
        narrowed[name] = tuple(split_codes(given))
        strangers = [code for code in narrowed[name] if code not in codes]
        if strangers:
            errors[name] = [
                f"{', '.join(strangers)} is not among the bodies compared "
                f"({', '.join(codes) or 'none given'})."
            ]
    if errors:
        raise CompareRefused(errors)
    return CompareQuery(
        tuple(codes),
        programme,
        kind,
        country,
        True if active is None else active,
        programmes=programmes,
        **narrowed,
    )


def _null_characters(given: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The parameters holding a NUL character, in Django forms' words: no code or name holds
    one, and PostgreSQL refuses to compare such text (a 500 before this check)."""
    message = str(ProhibitNullCharactersValidator.message)
    return {name: [message] for name, values in given.items() if any("\x00" in v for v in values)}


def _checked(errors: dict[str, list[str]], parameter: str, check, value: str):
    """``check(parameter, value)``, the API filters' own reading of the value; its refusal
    (a 400 there) becomes this parameter's error."""
    try:
        return check(parameter, value)
    except ValidationError as exc:
        errors[parameter] = [str(message) for message in exc.detail[parameter]]
        return None


def read_parameters(params: Mapping[str, list[str]]) -> CompareQuery:
    """read_query from query parameters (each name to its list of values)."""

    def one(name: str) -> str:
        values = params.get(name) or [""]
        return values[-1]

    return read_query(
        params.get("bodies") or [],
        programme=one("programme"),
        kind=one("kind"),
        country=one("country"),
        active_only=one("active_only"),
        listed_by=params.get("listed_by") or [],
        not_listed_by=params.get("not_listed_by") or [],
    )


@dataclass(frozen=True)
class EntityRow:
    """One entity of the comparison: each listing body's first listing, and the lag for each
    pair of bodies that both list it on known dates: in ``lags`` read from the pair's first
    body (for numbers: may be negative), in ``told`` as lags_between gives it, the body that
    listed first first (for words)."""

    id: int
    name: str
    kind: str
    listings: dict[str, PartialDate]
    lags: dict[tuple[str, str], Lag]
    told: dict[tuple[str, str], Lag]

    def lag(self, first: str, then: str) -> Lag | None:
        return self.lags.get((first, then))

    def lag_text(self, first: str, then: str) -> str:
        """The pair's lag in words ("UK-OFSI followed US-OFAC after 41 days")."""
        lag = self.told.get((first, then))
        return str(lag) if lag is not None else ""


@dataclass
class LagDistribution:
    """Lags of one pair of bodies: in days from ``first``'s listing to ``then``'s."""

    count: int = 0  # entities both list
    known: int = 0  # ... of which both listings are known dates
    ranged: int = 0  # ... of which the lag is a range (a partial date)
    days: list[int] = field(default_factory=list)

    @property
    def minimum(self) -> int | None:
        return min(self.days) if self.days else None

    @property
    def maximum(self) -> int | None:
        return max(self.days) if self.days else None

    @property
    def median(self) -> int | float | None:
        """A whole number of days, or a half when the middle falls between two."""
        if not self.days:
            return None
        middle = statistics.median(self.days)
        return int(middle) if middle == int(middle) else middle

    @property
    def buckets(self) -> list[tuple[str, int]]:
        return [
            (label, sum(1 for d in self.days if _within(d, low, high)))
            for label, low, high in BUCKETS
        ]


def _within(days: int, low: int | None, high: int | None) -> bool:
    return (low is None or days >= low) and (high is None or days <= high)


@dataclass
class PairSummary:
    first: str
    then: str
    only_first: int = 0
    only_then: int = 0
    both: int = 0
    lags: LagDistribution = field(default_factory=LagDistribution)


@dataclass(frozen=True)
class Comparison:
    query: CompareQuery
    pairs: list[PairSummary]
    entities: list[EntityRow]  # by name, then id; narrowed by listed_by, not_listed_by

    def pair(self, first: str, then: str) -> PairSummary:
        return next(p for p in self.pairs if (p.first, p.then) == (first, then))

    def only(self, listed_by: str, not_by: str) -> list[EntityRow]:
        """Entities listed by one body and not by the other (either order of a pair)."""
        return [e for e in self.entities if listed_by in e.listings and not_by not in e.listings]


def oriented(lag: Lag, first: str) -> Lag:
    """The lag read from ``first``'s listing: lags_between puts the earlier body first."""
    if lag.first == first:
        return lag
    return Lag(lag.then, lag.first, -lag.high, -lag.low)


def designations_compared(query: CompareQuery):
    """The designations that make the bodies' lists under the query's filters."""
    rows = Designation.objects.filter(body__code__in=query.bodies)
    if query.active_only:
        rows = rows.filter(active_q())
    if query.kind:
        rows = rows.filter(entity__kind=query.kind)
    if query.country:
        rows = rows.filter(
            Exists(
                EntityCountry.objects.filter(entity=OuterRef("entity_id"), country=query.country)
            )
        )
    if query.programmes is not None:
        under = Designation.objects.filter(
            entity=OuterRef("entity_id"), programme__in=query.programmes
        )
        if query.active_only:
            under = under.filter(active_q())
        rows = rows.filter(Exists(under))
    return rows


def compare(query: CompareQuery) -> Comparison:
    """The comparison: two queries (the lists, then the first listings)."""
    designations = designations_compared(query)
    entities: dict[int, tuple[str, str]] = {}
    listed_by: dict[int, set[str]] = {}
    for entity_id, body, name, kind in designations.values_list(
        "entity_id", "body__code", "entity__name", "entity__kind"
    ).order_by():
        entities[entity_id] = (name, kind)
        listed_by.setdefault(entity_id, set()).add(body)
    listings = first_listings(designations.values("entity_id")) if entities else {}
    pairs = [PairSummary(a, b) for a, b in query.pairs]
    rows = []
    unknown = PartialDate.unknown()  # one for every missing listing date (immutable)
    for entity_id, (name, kind) in sorted(
        entities.items(), key=lambda e: (e[1][0].casefold(), e[0])
    ):
        bodies = listed_by[entity_id]
        firsts = listings.get(entity_id, {})
        dates = {code: firsts.get(code) or unknown for code in query.bodies if code in bodies}
        by_pair = {frozenset((lag.first, lag.then)): lag for lag in lags_between(dates)}
        lags, told = {}, {}
        for pair in pairs:
            a, b = pair.first, pair.then
            if a in bodies and b in bodies:
                pair.both += 1
                pair.lags.count += 1
                lag = by_pair.get(frozenset((a, b)))
                if lag is not None:
                    told[(a, b)] = lag
                    lag = lags[(a, b)] = oriented(lag, a)
                    pair.lags.known += 1
                    pair.lags.ranged += not lag.exact
                    pair.lags.days.append(lag.days)
            elif a in bodies:
                pair.only_first += 1
            elif b in bodies:
                pair.only_then += 1
        if query.lists(bodies):
            rows.append(EntityRow(entity_id, name, kind, dates, lags, told))
    return Comparison(query, pairs, rows)
