"""Filters of /api/v1/entities/: one test per filter (and per notable value), each against a
small set of records where the filter separates the matching from the others.

Also home of :func:`exercises`, with which every filter test declares the filters it
exercises; ``test_filtersets_others.test_every_filter_is_exercised`` compares the
declarations with the FilterSets of the API (NetBox style).
"""

from __future__ import annotations

import datetime as dt

import pytest

from entities.choices import CountryRole, EntityDateKind, EntityKind
from entities.filtersets import EntityFilterSet
from entities.models import Entity
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    IdentifierFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities/"

# FilterSet class -> names of the filters some test exercises (filled by @exercises).
EXERCISED: dict[type, set[str]] = {}


def exercises(filterset: type, *names: str):
    """Declare that the decorated test exercises these filters of ``filterset``."""

    def declare(test):
        EXERCISED.setdefault(filterset, set()).update(names)
        return test

    return declare


def list_ids(client, url: str, params: dict) -> list[int]:
    """The ids a list returns for these parameters, in the order returned (one page)."""
    response = client.get(url, {**params, "page_size": 1000})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return [row["id"] for row in body["results"]]


def ids(client, params: dict, url: str = URL) -> set[int]:
    return set(list_ids(client, url, params))


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


# q -------------------------------------------------------------------------------------------
@exercises(EntityFilterSet, "q")
def test_q_finds_an_alias_written_in_another_case(anon_client):
    """``q`` searches aliases too, whatever their case: ``ndc`` finds the entity aliased NDC."""
    ndc = EntityFactory(name="National Development Complex")
    AliasFactory(entity=ndc, name="NDC")
    EntityFactory(name="Acme Trading LLC")
    assert ids(anon_client, {"q": "ndc"}) == {ndc.pk}


@exercises(EntityFilterSet, "q")
def test_q_folds_case_of_the_primary_name(anon_client):
    """``q=NATIONAL DEVELOPMENT COMPLEX`` finds "National Development Complex"."""
    ndc = EntityFactory(name="National Development Complex")
    EntityFactory(name="National Defence Complex")
    assert ids(anon_client, {"q": "NATIONAL DEVELOPMENT COMPLEX"}) == {ndc.pk}


@exercises(EntityFilterSet, "q")
@pytest.mark.parametrize(
    "text", ["نیشنل ڈویلپمنٹ کمپلیکس", "国家发展综合体"], ids=["urdu", "chinese"]
)
def test_q_finds_aliases_in_other_scripts(anon_client, text):
    """A name written in Urdu or Chinese script finds the entity with that alias."""
    ndc = EntityFactory(name="National Development Complex")
    AliasFactory(entity=ndc, name="نیشنل ڈویلپمنٹ کمپلیکس")
    AliasFactory(entity=ndc, name="国家发展综合体")
    other = EntityFactory(name="Ministry of Foreign Affairs")
    AliasFactory(entity=other, name="وزارت خارجہ")
    assert ids(anon_client, {"q": text}) == {ndc.pk}


@exercises(EntityFilterSet, "q")
def test_q_folds_accents(anon_client):
    """``q=societe generale`` finds "Société Générale"."""
    societe = EntityFactory(name="Société Générale")
    EntityFactory(name="Generale Bank")
    assert ids(anon_client, {"q": "societe generale"}) == {societe.pk}


@exercises(EntityFilterSet, "q")
def test_q_folds_punctuation(anon_client):
    """``q=N.D.C.`` finds the entity whose alias is written NDC."""
    ndc = EntityFactory(name="National Development Complex")
    AliasFactory(entity=ndc, name="NDC")
    other = EntityFactory(name="National Defence College")
    AliasFactory(entity=other, name="N.D.")
    assert ids(anon_client, {"q": "N.D.C."}) == {ndc.pk}


@exercises(EntityFilterSet, "q")
def test_q_expands_abbreviations_and_drops_parenthesised_parts(anon_client):
    """``q=Natl. Development Complex (NDC)`` finds "National Development Complex" (no alias
    needed): abbreviations are expanded and the parenthesised acronym is optional."""
    ndc = EntityFactory(name="National Development Complex")
    EntityFactory(name="National Defence Complex")
    assert ids(anon_client, {"q": "Natl. Development Complex (NDC)"}) == {ndc.pk}


@exercises(EntityFilterSet, "q")
def test_q_ignores_legal_form_words(anon_client):
    """``q=Acme Trading Pvt Ltd`` finds "Acme Trading LLC": legal forms are folded away."""
    acme = EntityFactory(kind=EntityKind.COMPANY, name="Acme Trading LLC")
    EntityFactory(kind=EntityKind.COMPANY, name="Acme Logistics LLC")
    assert ids(anon_client, {"q": "Acme Trading Pvt Ltd"}) == {acme.pk}


# kind, country -------------------------------------------------------------------------------
@exercises(EntityFilterSet, "kind")
def test_kind(anon_client):
    """``kind=person`` keeps people only."""
    person = EntityFactory(kind=EntityKind.PERSON, name="Jon Finer")
    EntityFactory(kind=EntityKind.PUBLIC_BODY, name="Ministry of Foreign Affairs")
    EntityFactory(kind=EntityKind.ORGANIZATION, name="Carnegie Endowment")
    assert ids(anon_client, {"kind": "person"}) == {person.pk}


@exercises(EntityFilterSet, "country")
@pytest.mark.parametrize("code", ["PK", "pk"])
def test_country_in_any_role_any_case(anon_client, code):
    """``country`` keeps entities tied to the country in any role; lower case is accepted."""
    located = EntityCountryFactory(country="PK", role=CountryRole.LOCATED_IN).entity
    incorporated = EntityCountryFactory(country="PK", role=CountryRole.INCORPORATED_IN).entity
    EntityCountryFactory(country="US", role=CountryRole.LOCATED_IN)
    EntityFactory()  # no country at all
    assert ids(anon_client, {"country": code}) == {located.pk, incorporated.pk}


# body, body_id -------------------------------------------------------------------------------
@pytest.fixture
def bodies_world():
    """A designated by US-DOS; B delisted by US-DOS; C designated by US-OFAC; D undesignated."""
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ofac = BodyFactory(code="US-OFAC", name="Office of Foreign Assets Control")
    a = DesignationFactory(body=dos, programme=None).entity
    b = DesignationFactory(body=dos, programme=None, delisted=day("2025-03-01")).entity
    c = DesignationFactory(body=ofac, programme=None).entity
    d = EntityFactory()
    return {"dos": dos, "ofac": ofac, "a": a, "b": b, "c": c, "d": d}


@exercises(EntityFilterSet, "body")
def test_body_by_code_keeps_active_designations_only(anon_client, bodies_world):
    """``body=US-DOS``: entities with an active designation by that body, not a past one."""
    assert ids(anon_client, {"body": "US-DOS"}) == {bodies_world["a"].pk}


@exercises(EntityFilterSet, "body_id")
def test_body_id_keeps_active_designations_only(anon_client, bodies_world):
    """``body_id``: the same question by the body's id."""
    assert ids(anon_client, {"body_id": bodies_world["ofac"].pk}) == {bodies_world["c"].pk}


# programme, programme_id ---------------------------------------------------------------------
@pytest.fixture
def programmes_world():
    """A under US-OFAC NPWMD; B under US-DOS NPWMD (same code, other body); C under US-OFAC
    SDGT; D delisted from US-OFAC NPWMD."""
    ofac = BodyFactory(code="US-OFAC", name="Office of Foreign Assets Control")
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ofac_npwmd = ProgrammeFactory(body=ofac, code="NPWMD")
    dos_npwmd = ProgrammeFactory(body=dos, code="NPWMD")
    sdgt = ProgrammeFactory(body=ofac, code="SDGT")
    a = DesignationFactory(body=ofac, programme=ofac_npwmd).entity
    b = DesignationFactory(body=dos, programme=dos_npwmd).entity
    c = DesignationFactory(body=ofac, programme=sdgt).entity
    d = DesignationFactory(body=ofac, programme=ofac_npwmd, delisted=day("2025-03-01")).entity
    return {"ofac_npwmd": ofac_npwmd, "a": a, "b": b, "c": c, "d": d}


@exercises(EntityFilterSet, "programme")
def test_programme_by_code_of_any_body(anon_client, programmes_world):
    """``programme=NPWMD``: active designations under any body's NPWMD programme."""
    w = programmes_world
    assert ids(anon_client, {"programme": "NPWMD"}) == {w["a"].pk, w["b"].pk}


@exercises(EntityFilterSet, "programme")
@pytest.mark.parametrize("value", ["US-OFAC:NPWMD", "us-ofac:NPWMD"])
def test_programme_by_body_and_code(anon_client, programmes_world, value):
    """``programme=US-OFAC:NPWMD`` picks that body's programme (the body code in any case)."""
    assert ids(anon_client, {"programme": value}) == {programmes_world["a"].pk}


@exercises(EntityFilterSet, "programme_id")
def test_programme_id(anon_client, programmes_world):
    """``programme_id``: active designations under the programme with this id."""
    w = programmes_world
    assert ids(anon_client, {"programme_id": w["ofac_npwmd"].pk}) == {w["a"].pk}


# designated, active_on -----------------------------------------------------------------------
@pytest.fixture
def designated_world():
    """Active: designated now; past: delisted only; never: no designation at all."""
    active = DesignationFactory().entity
    past = DesignationFactory(delisted=day("2025-03-01")).entity
    never = EntityFactory()
    return {"active": active, "past": past, "never": never}


@exercises(EntityFilterSet, "designated")
def test_designated_true(anon_client, designated_world):
    """``designated=true``: entities with an active designation."""
    assert ids(anon_client, {"designated": "true"}) == {designated_world["active"].pk}


@exercises(EntityFilterSet, "designated")
def test_designated_false(anon_client, designated_world):
    """``designated=false``: entities with none (delisted ones and never designated ones)."""
    w = designated_world
    assert ids(anon_client, {"designated": "false"}) == {w["past"].pk, w["never"].pk}


@exercises(EntityFilterSet, "active_on")
@pytest.mark.parametrize(
    ("on", "in_force"),
    [
        ("2024-12-17", False),
        ("2024-12-18", True),
        ("2025-02-28", True),
        ("2025-03-01", False),
    ],
)
def test_active_on(anon_client, on, in_force):
    """``active_on``: listed 2024-12-18 and delisted 2025-03-01, the entity is known to be
    designated from 2024-12-18 up to 2025-02-28. A designation listed on an unknown date is
    in no dated answer."""
    entity = DesignationFactory(listed=day("2024-12-18"), delisted=day("2025-03-01")).entity
    DesignationFactory(listed=PartialDate.unknown("Thursday"))
    DesignationFactory(listed=day("2025-06-01"))
    assert ids(anon_client, {"active_on": on}) == ({entity.pk} if in_force else set())


# identifier, changed_since -------------------------------------------------------------------
@exercises(EntityFilterSet, "identifier")
@pytest.mark.parametrize("value", ["ab-1234", "AB-1234", " Ab-1234 "])
def test_identifier_is_exact_in_any_case(anon_client, value):
    """``identifier``: an identifier with exactly this value, in any case (not a prefix)."""
    entity = IdentifierFactory(value="AB-1234").entity
    IdentifierFactory(value="AB-12345")
    IdentifierFactory(value="XY-1234")
    assert ids(anon_client, {"identifier": value}) == {entity.pk}


@exercises(EntityFilterSet, "changed_since")
def test_changed_since(anon_client):
    """``changed_since``: entities changed at or after this time."""
    old, edge, new = EntityFactory.create_batch(3)
    for entity, when in [
        (old, dt.datetime(2024, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
        (edge, dt.datetime(2025, 1, 1, tzinfo=dt.UTC)),
        (new, dt.datetime(2025, 6, 1, tzinfo=dt.UTC)),
    ]:
        Entity.objects.filter(pk=entity.pk).update(updated_at=when)
    assert ids(anon_client, {"changed_since": "2025-01-01T00:00:00Z"}) == {edge.pk, new.pk}


# birth_date_after, birth_date_before ---------------------------------------------------------
@pytest.fixture
def born():
    """People born in 1960, between 1960 and 1965, on 1970-05-04, in 1950 or (alternative
    date) 1980, on an unknown date; an organisation established in 1962."""

    def person(name, *dates):
        entity = EntityFactory(kind=EntityKind.PERSON, name=name)
        for date in dates:
            EntityDateFactory(entity=entity, kind=EntityDateKind.BIRTH, date=date)
        return entity

    established = EntityFactory(name="Established 1962")
    EntityDateFactory(entity=established, kind=EntityDateKind.ESTABLISHED, date="1962")
    return {
        "1960": person("Born 1960", "1960"),
        "range": person("Born 1960-1965", "1960/1965"),
        "1970": person("Born 1970-05-04", "1970-05-04"),
        "1950|1980": person("Born 1950 or 1980", "1950", "1980"),
        "unknown": person("Born unknown", PartialDate.unknown("unknown")),
        "established": established,
    }


@exercises(EntityFilterSet, "birth_date_after")
@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("1965-12-31", {"range", "1970", "1950|1980"}),
        ("1966-01-01", {"1970", "1950|1980"}),
        ("1990-01-01", set()),
    ],
)
def test_birth_date_after(anon_client, born, after, expected):
    """``birth_date_after``: a date of birth that may fall on or after the day (a range
    matches up to its last day); dates of establishment and unknown dates never match."""
    assert ids(anon_client, {"birth_date_after": after}) == {born[k].pk for k in expected}


@exercises(EntityFilterSet, "birth_date_before")
@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("1960-01-01", {"1960", "range", "1950|1980"}),
        ("1959-12-31", {"1950|1980"}),
        ("1949-12-31", set()),
    ],
)
def test_birth_date_before(anon_client, born, before, expected):
    """``birth_date_before``: a date of birth that may fall on or before the day."""
    assert ids(anon_client, {"birth_date_before": before}) == {born[k].pk for k in expected}


@exercises(EntityFilterSet, "birth_date_after", "birth_date_before")
def test_birth_date_bounds_apply_to_one_and_the_same_date(anon_client, born):
    """Between 1963 and 1966: the range 1960/1965 may fall in it; the person born 1950 or
    1980 may not (neither of the two dates falls in it, though each passes one bound)."""
    params = {"birth_date_after": "1963-01-01", "birth_date_before": "1966-12-31"}
    assert ids(anon_client, params) == {born["range"].pk}


def test_birth_date_that_is_not_a_day_is_a_400(anon_client):
    """``birth_date_after=1960`` is refused: the bounds are days (YYYY-MM-DD)."""
    response = anon_client.get(URL, {"birth_date_after": "1960"})
    assert response.status_code == 400
    assert "birth_date_after" in response.json()


# ordering ------------------------------------------------------------------------------------
@pytest.fixture
def named():
    """Three entities created out of name order."""
    return [EntityFactory(name=name) for name in ("Charlie", "Alpha", "Bravo")]


def test_ordering_by_name(anon_client, named):
    """``ordering=name`` sorts by the primary name."""
    charlie, alpha, bravo = named
    assert list_ids(anon_client, URL, {"ordering": "name"}) == [alpha.pk, bravo.pk, charlie.pk]


def test_ordering_by_name_descending(anon_client, named):
    """``ordering=-name`` sorts by the primary name, descending."""
    charlie, alpha, bravo = named
    assert list_ids(anon_client, URL, {"ordering": "-name"}) == [charlie.pk, bravo.pk, alpha.pk]


def test_ordering_by_updated_at(anon_client, named):
    """``ordering=updated_at`` sorts by the time of the last change, ties by id."""
    charlie, alpha, bravo = named
    Entity.objects.filter(pk=bravo.pk).update(updated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    Entity.objects.filter(pk__in=[charlie.pk, alpha.pk]).update(
        updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    assert list_ids(anon_client, URL, {"ordering": "updated_at"}) == [
        bravo.pk,
        *sorted([charlie.pk, alpha.pk]),
    ]


# combinations --------------------------------------------------------------------------------
@exercises(EntityFilterSet, "country", "designated")
def test_country_and_designated_together(anon_client):
    """``country=PK&designated=true`` (the Done-when example): designated entities in
    Pakistan, not undesignated ones there nor designated ones elsewhere."""
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ndc = EntityFactory(kind=EntityKind.PUBLIC_BODY, name="National Development Complex")
    EntityCountryFactory(entity=ndc, country="PK")
    DesignationFactory(entity=ndc, body=dos, programme=None)
    ministry = EntityFactory(kind=EntityKind.PUBLIC_BODY, name="Ministry of Foreign Affairs")
    EntityCountryFactory(entity=ministry, country="PK")
    elsewhere = EntityFactory(name="Elsewhere Ltd")
    EntityCountryFactory(entity=elsewhere, country="CN")
    DesignationFactory(entity=elsewhere, body=dos, programme=None)
    assert ids(anon_client, {"country": "PK", "designated": "true"}) == {ndc.pk}
