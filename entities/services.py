"""Writes on designations and entities that carry domain rules."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from entities.models import Alias, Body, Designation, Entity, Programme
from entities.parts import part_of
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.services import validated_save
from sources.models import Source, require_quote_or_locator
from sources.services import citation_create


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
        citation_create(
            record=designation,
            source=source,
            quote=quote.strip(),
            locator=locator.strip(),
            field="delisted",
            user=user,
        )
    return locked


# One function per write of a curated record: each validates the record (``full_clean``)
# and gives its history row the user and the reason. Thousands of new records at once go
# through the importer's ``BulkWriter`` instead, which checks its rows itself.


def _save(record, *, user, reason: str):
    # name_folded is derived by save(), after this; a name of punctuation only folds to "".
    exclude = ["name_folded"] if hasattr(record, "name_folded") else None
    return validated_save(record, user=user, reason=reason, exclude=exclude)


def _set(record, data: dict) -> None:
    for name, value in data.items():
        if not hasattr(type(record), name):
            raise ValueError(f"{type(record).__name__} has no field {name!r}")
        setattr(record, name, value)


def body_create(
    *,
    code: str,
    name: str,
    short_name: str = "",
    jurisdiction: str = "",
    url: str = "",
    user=None,
    reason: str = "",
) -> Body:
    body = Body(code=code, name=name, short_name=short_name, jurisdiction=jurisdiction, url=url)
    return _save(body, user=user, reason=reason)


def programme_create(
    *,
    body: Body,
    code: str,
    name: str,
    legal_basis: str = "",
    url: str = "",
    user=None,
    reason: str = "",
) -> Programme:
    programme = Programme(body=body, code=code, name=name, legal_basis=legal_basis, url=url)
    return _save(programme, user=user, reason=reason)


def entity_update(*, entity: Entity, data: dict, user=None, reason: str = "") -> Entity:
    """Set the entity's fields named in ``data`` and save it, validated."""
    _set(entity, data)
    return _save(entity, user=user, reason=reason)


def programme_update(*, programme: Programme, data: dict, user=None, reason: str = "") -> Programme:
    _set(programme, data)
    return _save(programme, user=user, reason=reason)


def alias_update(*, alias: Alias, data: dict, user=None, reason: str = "") -> Alias:
    _set(alias, data)
    return _save(alias, user=user, reason=reason)


def designation_update(
    *, designation: Designation, data: dict, user=None, reason: str = ""
) -> Designation:
    """Change a designation's fields, but not its delisting: that is ``designations_delist``,
    which requires the date and the source that says so."""
    if any(name == "delisted" or name.startswith("delisted_") for name in data):
        raise ValidationError(
            {"delisted": "A designation is delisted through designations_delist, citing a source."}
        )
    _set(designation, data)
    return _save(designation, user=user, reason=reason)


def entity_part_delete(*, record, user=None, reason: str = "") -> None:
    """Delete one part of an entity (an alias, an address, a relationship...), with history.

    A designation is never deleted (it is delisted), nor is an entity through this.
    """
    if isinstance(record, Designation):
        raise ValidationError("A designation is never deleted: delist it.")
    if part_of(type(record)) is None:
        raise ValueError(f"{type(record).__name__} is not a part of an entity")
    record._history_user = user
    record._change_reason = reason
    record.delete()
