"""Writes on sources and citations: one function per write, each validating the record
(``full_clean``) and giving its history row the user and the reason."""

from __future__ import annotations

from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.services import validated_save
from sources.models import Citation, Source, cite


def source_create(
    *,
    kind: str,
    title: str,
    published: PartialDate,
    publisher: str = "",
    url: str = "",
    retrieved: PartialDate | None = None,
    sha256: str = "",
    notes: str = "",
    user=None,
    reason: str = "",
) -> Source:
    source = Source(
        kind=kind,
        title=title,
        publisher=publisher,
        url=url,
        published=published,
        sha256=sha256,
        notes=notes,
    )
    if retrieved is not None:
        source.retrieved = retrieved
    return validated_save(source, user=user, reason=reason)


def citation_create(
    *,
    record,
    source: Source,
    quote: str = "",
    locator: str = "",
    field: str = "",
    user=None,
    reason: str = "",
) -> Citation:
    """Cite ``source`` for ``record`` (any citable record), with the quote or a locator."""
    citation = cite(record, source=source, quote=quote, locator=locator, field=field)
    return validated_save(citation, user=user, reason=reason)
