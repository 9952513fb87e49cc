"""Sources and citations: constraints, ``cite()`` for every citable record, and hashes."""

import hashlib

import pytest

from entities.models import Measure
from sources.choices import SourceKind
from sources.models import CITABLE_FIELDS, Citation, Source, cite
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    CitationFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    IdentifierFactory,
    ProgrammeFactory,
    RelationshipFactory,
    SourceFactory,
    TargetedActivityFactory,
)
from tests.sanctions_tracker import rejected_by_database, validation_errors

pytestmark = pytest.mark.django_db


# Source -------------------------------------------------------------------------------------
def test_database_refuses_a_source_without_title():
    """``source_title_not_blank``."""
    with rejected_by_database("source_title_not_blank"):
        Source.objects.create(kind=SourceKind.NEWS_ARTICLE, title="")


def test_validation_refuses_a_source_without_title():
    """full_clean refuses a blank title on the title field."""
    source = Source(kind=SourceKind.NEWS_ARTICLE, title="")
    assert validation_errors(source) == {"title": ["This field cannot be blank."]}


SHA = hashlib.sha256(b"the article").hexdigest()


def test_database_refuses_two_sources_with_one_hash():
    """``source_unique_sha256``: one document is one source."""
    SourceFactory(sha256=SHA)
    with rejected_by_database("source_unique_sha256", sqlite_unique="sources_source.sha256"):
        Source.objects.create(kind=SourceKind.NEWS_ARTICLE, title="Again", sha256=SHA)


def test_validation_refuses_two_sources_with_one_hash():
    """full_clean refuses the duplicate with the constraint's message."""
    SourceFactory(sha256=SHA)
    duplicate = Source(kind=SourceKind.NEWS_ARTICLE, title="Again", sha256=SHA)
    assert validation_errors(duplicate) == {
        "__all__": ["This document is already recorded as a source."]
    }


def test_many_sources_may_have_no_hash():
    """A blank hash is not a value: any number of sources may have none."""
    SourceFactory(sha256="")
    SourceFactory(sha256="")
    third = Source(kind=SourceKind.NEWS_ARTICLE, title="Third", sha256="")
    third.full_clean()
    third.save()
    assert Source.objects.filter(sha256="").count() == 3


def test_sha256_of_text_is_the_hash_of_its_utf8_bytes():
    """``sha256_of_text`` is the hex SHA-256 of the text encoded as UTF-8."""
    assert Source.sha256_of_text("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert Source.sha256_of_text("Société") == hashlib.sha256(b"Soci\xc3\xa9t\xc3\xa9").hexdigest()


def test_str_of_a_source_is_its_title():
    """A source reads as its title."""
    assert str(SourceFactory(title="Pakistan rejects US sanctions")) == (
        "Pakistan rejects US sanctions"
    )


# Citation constraints -----------------------------------------------------------------------
def test_database_refuses_a_citation_of_nothing():
    """``citation_exactly_one_target``: a citation with no target is refused."""
    with rejected_by_database("citation_exactly_one_target"):
        Citation.objects.create(source=SourceFactory(), quote="words")


def test_validation_refuses_a_citation_of_nothing():
    """full_clean says a citation supports exactly one record, none being chosen."""
    errors = validation_errors(Citation(source=SourceFactory(), quote="words"))
    assert "(none chosen)" in errors["__all__"][0]
    assert errors["__all__"][0].startswith("A citation supports exactly one record: choose one")


def test_database_refuses_a_citation_of_two_records():
    """``citation_exactly_one_target``: a citation with two targets is refused."""
    with rejected_by_database("citation_exactly_one_target"):
        Citation.objects.create(
            source=SourceFactory(), quote="words", entity=EntityFactory(), event=EventFactory()
        )


def test_validation_refuses_a_citation_of_two_records():
    """full_clean refuses two targets, naming the ones chosen."""
    citation = Citation(
        source=SourceFactory(), quote="words", entity=EntityFactory(), event=EventFactory()
    )
    errors = validation_errors(citation)
    assert any(m.endswith("(chosen: entity, event)") for m in errors["__all__"])


def test_database_refuses_a_citation_without_quote_or_locator():
    """``citation_quote_or_locator``."""
    with rejected_by_database("citation_quote_or_locator"):
        Citation.objects.create(source=SourceFactory(), entity=EntityFactory())


def test_validation_refuses_a_citation_without_quote_or_locator():
    """full_clean asks for the quote, or at least a locator."""
    errors = validation_errors(Citation(source=SourceFactory(), entity=EntityFactory()))
    assert errors["quote"] == ["Give the quote, or at least a locator."]


@pytest.mark.parametrize(
    ("quote", "locator"), [("the words", ""), ("", "p. 2")], ids=["quote", "locator"]
)
def test_citation_with_a_quote_or_a_locator_is_accepted(quote, locator):
    """Either the quote or the locator is enough."""
    citation = Citation(
        source=SourceFactory(), entity=EntityFactory(), quote=quote, locator=locator
    )
    citation.full_clean()
    citation.save()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_str_of_a_citation_is_source_and_quote_or_locator():
    """A citation reads "source: quote" (80 characters at most), or the locator."""
    source = SourceFactory(title="Article")
    assert str(CitationFactory(source=source, quote="x" * 100)) == "Article: " + "x" * 80
    assert str(CitationFactory(source=source, quote="", locator="p. 2")) == "Article: p. 2"


# cite() -------------------------------------------------------------------------------------
CITABLE_FACTORIES = {
    "body": BodyFactory,
    "programme": ProgrammeFactory,
    "targeted_activity": TargetedActivityFactory,
    "entity": EntityFactory,
    "alias": AliasFactory,
    "entity_country": EntityCountryFactory,
    "entity_date": EntityDateFactory,
    "address": AddressFactory,
    "identifier": IdentifierFactory,
    "relationship": RelationshipFactory,
    "designation": DesignationFactory,
    "event": EventFactory,
    "event_participant": EventParticipantFactory,
}


def test_every_citable_model_is_tested():
    """The cases below cover every citable record."""
    assert sorted(CITABLE_FACTORIES) == sorted(CITABLE_FIELDS)


@pytest.mark.parametrize("name", CITABLE_FACTORIES)
def test_cite_sets_the_target_field_of_the_record(name):
    """``cite(record)`` gives an unsaved citation of that record alone, valid and saveable."""
    record = CITABLE_FACTORIES[name]()
    source = SourceFactory()

    citation = cite(record, source=source, quote="the words", locator="p. 1", field="name")

    assert citation.pk is None
    assert getattr(citation, name) == record
    assert [n for n in CITABLE_FIELDS if getattr(citation, f"{n}_id") is not None] == [name]
    assert (citation.source, citation.quote, citation.locator, citation.field) == (
        source,
        "the words",
        "p. 1",
        "name",
    )
    citation.full_clean()
    citation.save()
    assert list(record.citations.all()) == [citation]
    assert citation.target == record


def test_cite_refuses_a_record_that_cannot_be_cited():
    """A measure is reference vocabulary, not a citable record: ValueError."""
    with pytest.raises(ValueError) as excinfo:
        cite(Measure.objects.get(code="asset_freeze"), source=SourceFactory(), quote="words")
    assert str(excinfo.value) == "entities.Measure records cannot be cited"


@pytest.mark.parametrize(
    ("quote", "locator", "enough"),
    [("", "", False), ("  ", "\n", False), ("the words", "", True), ("", "p. 2", True)],
)
def test_quote_or_locator_is_one_rule(quote, locator, enough):
    """``has_quote_or_locator`` is the rule; ``Citation.clean`` applies it (blank text is
    neither), as the delisting service, its admin form and its API serializer do."""
    from sources.models import has_quote_or_locator

    assert has_quote_or_locator(quote, locator) is enough
    citation = Citation(
        source=SourceFactory(), entity=EntityFactory(), quote=quote, locator=locator
    )
    if enough:
        citation.full_clean()
    else:
        assert "quote" in validation_errors(citation)


def test_with_targets_loads_every_target_and_what_it_prints(django_assert_num_queries):
    """``Citation.objects.with_targets()`` (the admin's and the API's) prints the source
    and every kind of target, with the relations each shows, in one query."""
    source = SourceFactory()
    for factory in CITABLE_FACTORIES.values():
        cite(factory(), source=source, quote="q").save()

    with django_assert_num_queries(1):
        printed = [(str(c.source), str(c.target)) for c in Citation.objects.with_targets()]

    assert len(printed) == len(CITABLE_FIELDS)
