"""Writes on sources and citations: validated, with history's user and reason."""

import pytest
from django.core.exceptions import ValidationError

from sanctions_tracker.partial_dates import PartialDate
from sources.choices import SourceKind
from sources.models import Citation, Source
from sources.services import citation_create, source_create
from tests.factories import EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_source_create_validates_and_records_who_and_why(django_user_model):
    user = django_user_model.objects.create_user("importer")
    source = source_create(
        kind=SourceKind.OFFICIAL_LIST,
        title="SDN list",
        published=PartialDate.unknown("the file states no date"),
        retrieved=PartialDate.parse("2026-01-02"),
        sha256="a" * 64,
        user=user,
        reason="Imported list file",
    )
    row = source.history.get()
    assert (row.history_user, row.history_change_reason) == (user, "Imported list file")
    assert source.retrieved.iso == "2026-01-02"
    with pytest.raises(ValidationError, match="already recorded"):
        source_create(
            kind=SourceKind.OFFICIAL_LIST,
            title="Again",
            published=PartialDate.unknown(),
            sha256="a" * 64,
        )
    assert Source.objects.count() == 1


def test_citation_create_needs_a_quote_or_a_locator():
    entity, source = EntityFactory(), SourceFactory()
    with pytest.raises(ValidationError):
        citation_create(record=entity, source=source)
    citation = citation_create(record=entity, source=source, locator="p. 2", reason="cited")
    assert citation.entity == entity
    assert citation.history.get().history_change_reason == "cited"
    assert Citation.objects.count() == 1
