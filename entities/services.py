"""Writes on designations and entities that carry domain rules."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Source, cite, require_quote_or_locator


def truncate(text: str, length: int) -> str:
    return Truncator(text).chars(length)


@transaction.atomic
def designations_delist(
    *,
    designations: Iterable[Designation],
    delisted: PartialDate,
    source: Source,
    quote: str = "",
    locator: str = "",
    user=None,
) -> list[Designation]:
    """Delist designations on a date (possibly unknown), citing the source that says so.

    All or nothing, in one transaction: the designations are locked until it commits, so two
    delistings of the same designation never both apply (the later one finds it already
    delisted). If any designation cannot be delisted (already delisted, or the date is
    before its listing), or a citation is refused, none is, and the ValidationError says
    which and why.
    A designation is never deleted; its history keeps who delisted it and when.
    """
    if not delisted.is_set:
        raise ValidationError({"delisted": "Give the delisting date, or 'unknown'."})
    require_quote_or_locator(
        quote, locator, "Give the source's words or a locator for the delisting."
    )
    ids = [d.pk for d in designations]
    locked = list(
        # Lock only the designations: PostgreSQL cannot lock the nullable side of the
        # outer join to programme.
        Designation.objects.select_for_update(of=("self",))
        .select_related("entity", "body", "programme")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    problems = []
    for designation in locked:
        if not designation.is_active:
            problems.append(f"{designation}: already delisted ({designation.delisted}).")
            continue
        designation.delisted = delisted
        try:
            designation.full_clean()
        except ValidationError as exc:
            problems.append(f"{designation}: {'; '.join(exc.messages)}")
    if problems:
        raise ValidationError(problems)
    for designation in locked:
        designation._history_user = user
        # The history column holds 100 characters; a source's title can hold 500.
        designation._change_reason = truncate(f"Delisted, citing {source}", 100)
        designation.save()
        citation = cite(
            designation,
            source=source,
            quote=quote.strip(),
            locator=locator.strip(),
            field="delisted",
        )
        citation.full_clean()
        citation._history_user = user
        citation.save()
    return locked
