"""The reads people ask for: who is designated, by whom, under what, where, when, and name
search with case, accents and punctuation folded."""

import datetime as dt

import pytest

from entities.choices import CountryRole
from entities.models import Designation, Entity
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


def _ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def _names(queryset):
    return sorted(queryset.values_list("name", flat=True))


# Designation.objects.active() and delisted() ------------------------------------------------
def test_active_without_a_day_keeps_designations_with_no_delisting():
    """``active()`` keeps every designation not delisted, whatever its listing date."""
    day = DesignationFactory(listed=PartialDate.parse("2024-12-18"))
    unknown = DesignationFactory(listed=PartialDate.unknown("Thursday"))
    DesignationFactory(delisted=PartialDate.parse("2025-03-01"))
    DesignationFactory(delisted=PartialDate.unknown())
    assert _ids(Designation.objects.active()) == sorted([day.pk, unknown.pk])


@pytest.mark.parametrize(
    ("on", "active"),
    [(D(2024, 12, 17), False), (D(2024, 12, 18), True), (D(2025, 1, 1), True)],
    ids=str,
)
def test_active_on_a_day_starts_on_the_listing_day(on, active):
    """Listed 2024-12-18: not active on 2024-12-17, active on 2024-12-18 and after."""
    designation = DesignationFactory(listed=PartialDate.parse("2024-12-18"))
    assert _ids(Designation.objects.active(on=on)) == ([designation.pk] if active else [])


@pytest.mark.parametrize(
    ("on", "active"), [(D(2025, 2, 28), True), (D(2025, 3, 1), False)], ids=str
)
def test_active_on_a_day_ends_on_the_delisting_day(on, active):
    """Delisted 2025-03-01: active on 2025-02-28, no longer on 2025-03-01."""
    designation = DesignationFactory(
        listed=PartialDate.parse("2024-12-18"), delisted=PartialDate.parse("2025-03-01")
    )
    assert _ids(Designation.objects.active(on=on)) == ([designation.pk] if active else [])


@pytest.mark.parametrize(
    ("on", "active"), [(D(2024, 12, 15), False), (D(2024, 12, 31), True)], ids=str
)
def test_active_on_a_day_needs_a_month_listing_to_be_certain(on, active):
    """Listed "2024-12": not known to be in force on 2024-12-15, known on 2024-12-31."""
    designation = DesignationFactory(listed=PartialDate.parse("2024-12"))
    assert _ids(Designation.objects.active(on=on)) == ([designation.pk] if active else [])


def test_active_on_a_day_leaves_out_unknown_listing_dates():
    """A designation listed on an unknown date is in ``active()`` but in no dated question."""
    designation = DesignationFactory(listed=PartialDate.unknown("Thursday"))
    assert _ids(Designation.objects.active()) == [designation.pk]
    assert _ids(Designation.objects.active(on=D(2100, 1, 1))) == []


def test_active_on_a_day_leaves_out_an_unknown_delisting():
    """Delisted on an unknown date: not known to be in force on any day."""
    DesignationFactory(listed=PartialDate.parse("2020-01-01"), delisted=PartialDate.unknown())
    assert _ids(Designation.objects.active(on=D(2020, 6, 1))) == []


def test_delisted_keeps_designations_with_any_delisting_date():
    """``delisted()`` keeps designations delisted on a known or an unknown date."""
    DesignationFactory()
    known = DesignationFactory(delisted=PartialDate.parse("2025-03-01"))
    unknown = DesignationFactory(delisted=PartialDate.unknown("later"))
    assert _ids(Designation.objects.delisted()) == sorted([known.pk, unknown.pk])


# Entity.objects.designated() ----------------------------------------------------------------
def test_designated_keeps_entities_with_an_active_designation():
    """Only entities with an active designation; delisted and undesignated ones are out."""
    active = DesignationFactory().entity
    DesignationFactory(delisted=PartialDate.parse("2025-03-01"))
    EntityFactory()
    assert _ids(Entity.objects.designated()) == [active.pk]


def test_designated_lists_an_entity_once_however_many_designations():
    """An entity designated by two bodies appears once."""
    entity = EntityFactory()
    DesignationFactory(entity=entity)
    DesignationFactory(entity=entity)
    assert _ids(Entity.objects.designated()) == [entity.pk]


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2024, 12, 17), []), (D(2024, 12, 18), ["listed"]), (D(2025, 3, 1), ["listed"])],
    ids=str,
)
def test_designated_on_a_day(on, expected):
    """``designated(on=...)``: entities whose designation was known in force that day."""
    DesignationFactory(entity=EntityFactory(name="listed"), listed=PartialDate.parse("2024-12-18"))
    DesignationFactory(
        entity=EntityFactory(name="delisted"),
        listed=PartialDate.parse("2020-01-01"),
        delisted=PartialDate.parse("2024-01-01"),
    )
    assert _names(Entity.objects.designated(on=on)) == expected


# designated_by, designated_under ------------------------------------------------------------
@pytest.fixture
def dos_and_ofac():
    """NDC designated by US-DOS (active), Old Co. by US-DOS (delisted), Other by US-OFAC."""
    dos = BodyFactory(code="US-DOS")
    ofac = BodyFactory(code="US-OFAC")
    DesignationFactory(entity=EntityFactory(name="NDC"), body=dos)
    DesignationFactory(
        entity=EntityFactory(name="Old Co."), body=dos, delisted=PartialDate.parse("2025-01-01")
    )
    DesignationFactory(entity=EntityFactory(name="Other"), body=ofac)
    return dos, ofac


def test_designated_by_a_body_code(dos_and_ofac):
    """``designated_by("US-DOS")``: entities actively designated by that body."""
    assert _names(Entity.objects.designated_by("US-DOS")) == ["NDC"]


def test_designated_by_a_body_record(dos_and_ofac):
    """``designated_by(body)`` takes the Body record as well as its code."""
    dos, ofac = dos_and_ofac
    assert _names(Entity.objects.designated_by(dos)) == ["NDC"]
    assert _names(Entity.objects.designated_by(ofac)) == ["Other"]


def test_designated_by_including_delisted(dos_and_ofac):
    """``active_only=False`` adds the entities the body has delisted."""
    assert _names(Entity.objects.designated_by("US-DOS", active_only=False)) == ["NDC", "Old Co."]


@pytest.fixture
def npwmd():
    """Two entities under OFAC's NPWMD (one delisted), one under the UK's programme of the
    same code."""
    programme = ProgrammeFactory(body=BodyFactory(code="US-OFAC"), code="NPWMD")
    DesignationFactory(entity=EntityFactory(name="NDC"), body=programme.body, programme=programme)
    DesignationFactory(
        entity=EntityFactory(name="Old Co."),
        body=programme.body,
        programme=programme,
        delisted=PartialDate.parse("2025-01-01"),
    )
    uk = ProgrammeFactory(body=BodyFactory(code="UK-OFSI"), code="NPWMD")
    DesignationFactory(entity=EntityFactory(name="UK listed"), body=uk.body, programme=uk)
    DesignationFactory(entity=EntityFactory(name="Elsewhere"))
    return programme


def test_designated_under_a_programme_record(npwmd):
    """``designated_under(programme)``: entities actively designated under that programme."""
    assert _names(Entity.objects.designated_under(npwmd)) == ["NDC"]


def test_designated_under_a_programme_code(npwmd):
    """``designated_under("NPWMD")`` matches the code under any body."""
    assert _names(Entity.objects.designated_under("NPWMD")) == ["NDC", "UK listed"]


def test_designated_under_including_delisted(npwmd):
    """``active_only=False`` adds the entities delisted from the programme."""
    assert _names(Entity.objects.designated_under(npwmd, active_only=False)) == ["NDC", "Old Co."]


# in_country ---------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["pk", "PK", "Pk"])
def test_in_country_matches_any_role_whatever_the_case(code):
    """``in_country`` takes the code in any case and matches any role, listing each once."""
    located = EntityCountryFactory(
        entity=EntityFactory(name="located"), country="PK", role=CountryRole.LOCATED_IN
    ).entity
    EntityCountryFactory(entity=located, country="PK", role=CountryRole.INCORPORATED_IN)
    EntityCountryFactory(
        entity=EntityFactory(name="national"), country="PK", role=CountryRole.NATIONALITY
    )
    EntityCountryFactory(entity=EntityFactory(name="chinese"), country="CN")
    assert list(
        Entity.objects.in_country(code).order_by("name").values_list("name", flat=True)
    ) == [
        "located",
        "national",
    ]


# search -------------------------------------------------------------------------------------
@pytest.fixture
def ndc():
    """The NDC, with aliases in capitals, with accents, with dots and in Urdu."""
    entity = EntityFactory(name="National Development Complex")
    AliasFactory(entity=entity, name="NDC")
    AliasFactory(entity=entity, name="N.D.C. Islamabad")
    AliasFactory(entity=entity, name="Complexe National de Développement")
    AliasFactory(entity=entity, name="قومی ترقیاتی کمپلیکس")
    EntityFactory(name="Unrelated Trading Company")
    return entity


@pytest.mark.parametrize(
    "text",
    [
        "NATIONAL DEVELOPMENT COMPLEX",
        "national development",
        "ndc",
        "n.d.c.",
        "complexe national de developpement",
        "DÉVELOPPEMENT",
        "قومی ترقیاتی",
    ],
)
def test_search_finds_the_entity_by_name_or_alias_as_people_write_it(ndc, text):
    """Case, accents, dots and other scripts are folded on both sides."""
    assert _ids(Entity.objects.search(text)) == [ndc.pk]


def test_search_lists_an_entity_once_when_several_aliases_match(ndc):
    """ "Complex" is in the name and in several aliases; the entity comes once."""
    assert list(Entity.objects.search("complex").values_list("pk", flat=True)) == [ndc.pk]


def test_search_finds_nothing_for_an_unrelated_name(ndc):
    """A name that no entity nor alias contains finds nothing."""
    assert _ids(Entity.objects.search("Shaheen")) == []


def test_search_for_text_that_folds_to_nothing_filters_nothing(ndc):
    """Punctuation alone folds to nothing, and the search leaves the queryset whole."""
    assert Entity.objects.search("...").count() == 2


def test_search_finds_an_abbreviated_spelling_of_the_name(ndc):
    """ "Natl. Development Complex (NDC)" finds the National Development Complex (DOMAIN.md)."""
    assert _ids(Entity.objects.search("Natl. Development Complex (NDC)")) == [ndc.pk]


def test_search_folds_legal_form_words():
    """A name written with another legal form (Pvt. Ltd. for Ltd) finds the entity."""
    entity = EntityFactory(name="Acme Trading Ltd")
    assert _ids(Entity.objects.search("Acme Trading Pvt. Ltd.")) == [entity.pk]
