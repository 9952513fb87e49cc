"""The reads people ask for, on the querysets: who is designated, by whom, where, when."""

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q

from entities.active import active_q
from sanctions_tracker.partial_dates import known_by
from sanctions_tracker.text import search_variants


def _active_q(on: dt.date | None) -> Q:
    if on is None:
        return active_q()
    # Listed for certain by that day, and not delisted for certain by then.
    still_listed = active_q() | Q(delisted_earliest__gt=on)
    return known_by("listed", on) & still_listed


class DesignationQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        """Active now, or, given a day, known to be in force on that day.

        A designation listed in "2024-12" is known to be in force from 2024-12-31; one whose
        listing or delisting date is unknown is left out of dated questions.
        """
        return self.filter(_active_q(on))

    def delisted(self):
        return self.exclude(active_q())

    def by_body(self, code: str):
        return self.filter(body__code=code)

    def under_programme(self, code: str, body_code: str | None = None):
        q = Q(programme__code=code)
        if body_code:
            q &= Q(programme__body__code=body_code)
        return self.filter(q)


class EntityQuerySet(models.QuerySet):
    def _with_designation(self, q: Q):
        from entities.models import Designation

        return self.filter(Exists(Designation.objects.filter(q, entity=OuterRef("pk"))))

    def designated(self, on: dt.date | None = None):
        """Entities with an active designation (now, or known in force on a day)."""
        return self._with_designation(_active_q(on))

    def designated_by(self, body, *, active_only: bool = True):
        """Entities designated by a body (its code or the record)."""
        code = getattr(body, "code", body)
        q = Q(body__code=code)
        return self._with_designation(q & _active_q(None) if active_only else q)

    def designated_under(self, programme, *, active_only: bool = True):
        """Entities designated under a programme (the record, or its code)."""
        q = Q(programme=programme) if hasattr(programme, "pk") else Q(programme__code=programme)
        return self._with_designation(q & _active_q(None) if active_only else q)

    def in_country(self, code: str):
        """Entities tied to a country in any role (ISO 3166-1 alpha-2)."""
        from entities.models import EntityCountry

        return self.filter(
            Exists(EntityCountry.objects.filter(entity=OuterRef("pk"), country=code.upper()))
        )

    def search(self, text: str):
        """Entities whose primary name or any alias contains the text, all folded."""
        q = name_search_q(text)
        return self if q is None else self.filter(q)


def name_search_q(text: str) -> Q | None:
    """Primary name or any alias contains ``text``, folded (case, accents, punctuation,
    abbreviations, legal forms); None for a text that folds to nothing."""
    from entities.models import Alias

    variants = search_variants(text)
    if not variants:
        return None
    names, aliases = Q(), Q()
    for folded in variants:
        names |= Q(name_folded__contains=folded)
        aliases |= Q(name_folded__contains=folded)
    return names | Exists(Alias.objects.filter(aliases, entity=OuterRef("pk")))
