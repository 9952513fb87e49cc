"""How long after one sanctioning body another listed the same entity: one rule for the
dossier, the comparison page, its API and its CSV.

A body's listing of an entity is its earliest designation of it (the earliest first possible
day, any programme, active or not). The lag from body A to body B is B's listing minus A's, in
days. Partial dates give a range, never a guess: "2024-12" against "2024-12-19" is between
-12 and 18 days. An unknown date gives no lag.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate


@dataclass(frozen=True)
class Lag:
    """Days from ``first``'s listing to ``then``'s: exact when ``low == high``."""

    first: str
    then: str
    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def days(self) -> int:
        """The middle of the range: for sorting and distributions, never shown alone."""
        return (self.low + self.high) // 2

    def __str__(self) -> str:
        if self.exact and self.low == 0:
            return f"{self.then} and {self.first} listed on the same day"
        if self.exact:
            return f"{self.then} followed {self.first} after {_days(self.low)}"
        if self.low >= 0:
            return f"{self.then} followed {self.first} after {self.low} to {_days(self.high)}"
        return (
            f"{self.then} listed between {_days(-self.low)} before and "
            f"{_days(self.high)} after {self.first}"
        )


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def listing_lag(first: PartialDate, then: PartialDate) -> tuple[int, int] | None:
    """Fewest and most days from ``first`` to ``then``; None when either is not known."""
    if not (first.is_known and then.is_known):
        return None
    return (then.earliest - first.latest).days, (then.latest - first.earliest).days


def first_listings(entity_ids) -> dict[int, dict[str, PartialDate]]:
    """For each entity, each body's earliest listing of it, in one query."""
    rows = (
        Designation.objects.filter(entity_id__in=entity_ids)
        .values_list(
            "entity_id",
            "body__code",
            "listed_precision",
            "listed_earliest",
            "listed_latest",
            "listed_text",
        )
        .order_by("entity_id", "body__code", "listed_earliest", "listed_latest", "id")
    )
    found: dict[int, dict[str, PartialDate]] = {}
    for entity_id, body, precision, earliest, latest, text in rows:
        bodies = found.setdefault(entity_id, {})
        date = PartialDate.from_columns(precision, earliest, latest, text)
        current = bodies.get(body)
        # Known dates first; order_by puts NULL (unknown) first on PostgreSQL, last on SQLite.
        if current is None or (not current.is_known and date.is_known):
            bodies[body] = date
    return found


def lags_between(listings: dict[str, PartialDate]) -> list[Lag]:
    """Every pair of bodies with known listings, the earlier one first (by first possible day,
    then by code), in that order."""
    known = sorted(
        ((body, date) for body, date in listings.items() if date.is_known),
        key=lambda item: (item[1].earliest, item[1].latest, item[0]),
    )
    lags = []
    for (a, first), (b, then) in combinations(known, 2):
        low, high = listing_lag(first, then)
        lags.append(Lag(a, b, low, high))
    return lags
