"""Changelists, add and change pages of every registered model; query counts that do not
grow with the page; the entity and designation filters; the folded entity search."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult, get_date_max
from rest_framework.authtoken.models import Token, TokenProxy

from entities.choices import CountryRole, EntityKind
from entities.models import (
    Alias,
    Body,
    Designation,
    Entity,
    Measure,
    Programme,
    Relationship,
)
from events.models import Event
from jobs.models import Job
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation, Source
from tests import factories as f
from tests.admin import admin_url

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _label(model) -> str:
    return model._meta.label


def result_pks(response) -> set[int]:
    return {obj.pk for obj in response.context["cl"].result_list}


# ---------------------------------------------------------------------------------------------
# Every registered model: changelist, add page, change page
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_answers_200(admin_client_logged_in, model):
    """Every registered model's changelist opens for a superuser."""
    response = admin_client_logged_in.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_add_page_answers_200_unless_adding_is_refused(
    admin_client_logged_in, superuser, rf, model
):
    """Every registered model's add page opens; the fixed vocabulary of measures refuses it."""
    request = rf.get("/")
    request.user = superuser
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403

    response = admin_client_logged_in.get(admin_url(model, "add"))

    assert response.status_code == expected


def test_only_measures_and_imports_refuse_the_add_page(admin_client_logged_in):
    """Measures and import records are the registered models that cannot be added."""
    refused = [
        _label(model)
        for model in REGISTERED
        if admin_client_logged_in.get(admin_url(model, "add")).status_code == 403
    ]

    # Imports are written by the import command only.
    # Sign-in attempts are recorded by django-axes only.
    assert refused == [
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "django_tasks_database.DBTaskResult",  # the queue's records, written by it
        "entities.Measure",
        "importer.ImportDifference",
        "importer.ImportRun",
        "importer.ListEntryState",
        "importer.ProposedMatch",  # made by imports
        "jobs.Job",  # started by an upload or an export
    ]


def _full_entity():
    entity = f.EntityFactory()
    f.AliasFactory(entity=entity)
    f.EntityCountryFactory(entity=entity)
    f.EntityDateFactory(entity=entity, date="1960/1965")
    f.AddressFactory(entity=entity)
    f.IdentifierFactory(entity=entity)
    f.DesignationFactory(entity=entity)
    f.RelationshipFactory(subject=entity)
    f.RelationshipFactory(object=entity)
    f.CitationFactory(entity=entity)
    return entity


_SIGN_IN = {"ip_address": "192.0.2.1", "username": "someone", "user_agent": "test"}

RECORD_BUILDERS = {
    "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
        **_SIGN_IN, get_data="", post_data="", failures_since_start=3
    ),
    "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(**_SIGN_IN, locked_out=True),
    "axes.AccessLog": lambda: AccessLog.objects.create(**_SIGN_IN),
    "auth.Group": lambda: Group.objects.create(name="analysts"),
    "auth.User": lambda: get_user_model().objects.create_user("someone", "x@example.org", "pw"),
    "authtoken.TokenProxy": lambda: TokenProxy.objects.get(
        key=Token.objects.create(
            user=get_user_model().objects.create_user("client", "c@example.org", "pw")
        ).key
    ),
    "entities.Address": f.AddressFactory,
    "entities.Alias": lambda: f.CitationFactory(entity=None, alias=f.AliasFactory()).alias,
    "entities.Body": lambda: f.BodyFactory(parent=f.BodyFactory()),
    "entities.Designation": lambda: (
        f.CitationFactory(
            entity=None, designation=f.DesignationFactory(measures=["asset_freeze"])
        ).designation
    ),
    "entities.Entity": _full_entity,
    "entities.EntityCountry": f.EntityCountryFactory,
    "entities.EntityDate": lambda: (
        f.CitationFactory(
            entity=None, entity_date=f.EntityDateFactory(date="1960/1965")
        ).entity_date
    ),
    "entities.Identifier": f.IdentifierFactory,
    "entities.Measure": lambda: Measure.objects.get(code="asset_freeze"),
    "entities.Programme": f.ProgrammeFactory,
    "entities.Relationship": f.RelationshipFactory,
    "entities.TargetedActivity": f.TargetedActivityFactory,
    "events.Event": lambda: f.EventParticipantFactory().event,
    "importer.ImportDifference": f.ImportDifferenceFactory,
    "importer.ImportRun": lambda: f.ImportDifferenceFactory().run,
    "importer.ListEntryState": f.ListEntryStateFactory,
    "importer.ProposedMatch": f.ProposedMatchFactory,
    "events.EventParticipant": f.EventParticipantFactory,
    "sources.Citation": f.CitationFactory,
    "sources.Source": lambda: f.CitationFactory().source,
    "jobs.Job": lambda: Job.objects.create(
        kind="list-upload", created_by=get_user_model().objects.create_user("j", "j@e.org")
    ),
    "django_tasks_database.DBTaskResult": lambda: DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="jobs.tasks.run_job_task",
        backend_name="default",
        run_after=get_date_max(),
    ),
}


def test_every_registered_model_has_a_record_builder():
    """The change-page test below covers every registered model (a new one needs a builder)."""
    assert sorted(_label(model) for model in REGISTERED) == sorted(RECORD_BUILDERS)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_change_page_of_a_record_answers_200(admin_client_logged_in, model):
    """The change page of a factory-made record (with its inline rows) opens."""
    record = RECORD_BUILDERS[_label(model)]()
    assert isinstance(record, model)

    response = admin_client_logged_in.get(admin_url(record))

    assert response.status_code == 200
    assert response.context["original"] == record


# ---------------------------------------------------------------------------------------------
# Query counts: one row costs as many queries as a full page of 100
# ---------------------------------------------------------------------------------------------


def _entity_row():
    entity = f.EntityFactory()
    f.AliasFactory(entity=entity)
    f.EntityCountryFactory(entity=entity)
    f.DesignationFactory(entity=entity)


def _event_row():
    f.EventParticipantFactory(event=f.EventFactory())


def _source_row():
    f.CitationFactory(source=f.SourceFactory())


def _body_row():
    f.BodyFactory(parent=f.BodyFactory())


# (model, builder of one row, pinned number of queries for a page of 100 rows)
QUERY_COUNT_CASES = [
    pytest.param(Entity, _entity_row, 9, id="Entity"),
    pytest.param(Designation, f.DesignationFactory, 8, id="Designation"),
    pytest.param(Event, _event_row, 5, id="Event"),
    pytest.param(Source, _source_row, 5, id="Source"),
    pytest.param(Citation, f.CitationFactory, 6, id="Citation"),
    pytest.param(Alias, f.AliasFactory, 5, id="Alias"),
    pytest.param(Relationship, f.RelationshipFactory, 5, id="Relationship"),
    pytest.param(Body, _body_row, 5, id="Body"),
    pytest.param(Programme, f.ProgrammeFactory, 6, id="Programme"),
]


@pytest.mark.parametrize(("model", "build_row", "pinned"), QUERY_COUNT_CASES)
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client_logged_in, django_assert_num_queries, model, build_row, pinned
):
    """A changelist of 100 rows runs exactly as many queries as one of 1 row (pinned)."""
    url = admin_url(model, "changelist")
    admin_client_logged_in.get(url)  # warm the session and the content-type caches
    build_row()
    with CaptureQueriesContext(connection) as one_row:
        response = admin_client_logged_in.get(url)
    first_count = response.context["cl"].result_count
    rows_after_one = model.objects.count()
    for _ in range(99):
        build_row()

    with django_assert_num_queries(pinned) as full_page:
        response = admin_client_logged_in.get(url)

    assert len(response.context["cl"].result_list) == 100
    assert first_count == rows_after_one >= 1
    assert len(full_page) == len(one_row)


def test_citation_changelist_of_designation_citations_does_not_grow_with_rows(
    admin_client_logged_in,
):
    """Citations of designations list with as many queries for 100 rows as for 1."""
    url = admin_url(Citation, "changelist")
    admin_client_logged_in.get(url)

    def build_row():
        f.CitationFactory(entity=None, designation=f.DesignationFactory())

    build_row()
    with CaptureQueriesContext(connection) as one_row:
        admin_client_logged_in.get(url)
    for _ in range(99):
        build_row()
    with CaptureQueriesContext(connection) as full_page:
        response = admin_client_logged_in.get(url)

    assert len(response.context["cl"].result_list) == 100
    assert len(full_page) == len(one_row)


# ---------------------------------------------------------------------------------------------
# Entity changelist filters
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def designated_world():
    """Four entities covering the filters:

    - ``person``: a person in PK, actively designated by body A under programme A1;
    - ``delisted``: an organisation in CN whose only designation (A, A1) is delisted;
    - ``mixed``: an organisation in PK, active under B/B1, delisted from A/A1;
    - ``never``: a company in US, never designated.
    """
    body_a = f.BodyFactory(code="XX-ALPHA")
    body_b = f.BodyFactory(code="XX-BETA")
    prog_a = f.ProgrammeFactory(body=body_a, code="A1")
    prog_b = f.ProgrammeFactory(body=body_b, code="B1")
    person = f.EntityFactory(kind=EntityKind.PERSON, name="Person")
    delisted = f.EntityFactory(name="Delisted org")
    mixed = f.EntityFactory(name="Mixed org")
    never = f.EntityFactory(kind=EntityKind.COMPANY, name="Never company")
    f.EntityCountryFactory(entity=person, country="PK")
    f.EntityCountryFactory(entity=delisted, country="CN")
    f.EntityCountryFactory(entity=mixed, country="PK", role=CountryRole.INCORPORATED_IN)
    f.EntityCountryFactory(entity=never, country="US")
    f.DesignationFactory(entity=person, body=body_a, programme=prog_a)
    f.DesignationFactory(
        entity=delisted, body=body_a, programme=prog_a, delisted=PartialDate.parse("2025-01")
    )
    f.DesignationFactory(entity=mixed, body=body_b, programme=prog_b)
    f.DesignationFactory(
        entity=mixed, body=body_a, programme=prog_a, delisted=PartialDate.parse("2025-02-03")
    )
    return {
        "body_a": body_a,
        "body_b": body_b,
        "prog_a": prog_a,
        "prog_b": prog_b,
        "person": person,
        "delisted": delisted,
        "mixed": mixed,
        "never": never,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=person", {"person"}),
        ("kind=organization", {"delisted", "mixed"}),
        ("country=PK", {"person", "mixed"}),
        ("country=CN", {"delisted"}),
        ("body=XX-ALPHA", {"person"}),
        ("body=XX-BETA", {"mixed"}),
        ("designated=active", {"person", "mixed"}),
        ("designated=delisted", {"delisted"}),
        ("designated=never", {"never"}),
    ],
)
def test_entity_changelist_filter(admin_client_logged_in, designated_world, query, expected):
    """Each entity filter keeps exactly the entities it describes (body: active designations)."""
    response = admin_client_logged_in.get(f"{admin_url(Entity, 'changelist')}?{query}")

    assert response.status_code == 200
    assert result_pks(response) == {designated_world[key].pk for key in expected}


@pytest.mark.parametrize(("programme", "expected"), [("prog_a", {"person"}), ("prog_b", {"mixed"})])
def test_entity_changelist_programme_filter(
    admin_client_logged_in, designated_world, programme, expected
):
    """``programme=<pk>`` keeps the entities actively designated under that programme."""
    pk = designated_world[programme].pk

    response = admin_client_logged_in.get(f"{admin_url(Entity, 'changelist')}?programme={pk}")

    assert result_pks(response) == {designated_world[key].pk for key in expected}


# ---------------------------------------------------------------------------------------------
# Designation changelist filters
# ---------------------------------------------------------------------------------------------


def _designations(world, *pairs):
    return {
        Designation.objects.get(entity=world[entity], body=world[body]).pk for entity, body in pairs
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=active", [("person", "body_a"), ("mixed", "body_b")]),
        ("status=delisted", [("delisted", "body_a"), ("mixed", "body_a")]),
        ("entity_country=PK", [("person", "body_a"), ("mixed", "body_b"), ("mixed", "body_a")]),
        ("entity_country=CN", [("delisted", "body_a")]),
    ],
)
def test_designation_changelist_filter(admin_client_logged_in, designated_world, query, expected):
    """Status and entity's-country filters keep exactly the matching designations."""
    response = admin_client_logged_in.get(f"{admin_url(Designation, 'changelist')}?{query}")

    assert response.status_code == 200
    assert result_pks(response) == _designations(designated_world, *expected)


def test_designation_changelist_body_filter(admin_client_logged_in, designated_world):
    """``body__id__exact`` keeps the designations made by that body, active or not."""
    pk = designated_world["body_a"].pk

    response = admin_client_logged_in.get(
        f"{admin_url(Designation, 'changelist')}?body__id__exact={pk}"
    )

    assert result_pks(response) == _designations(
        designated_world, ("person", "body_a"), ("delisted", "body_a"), ("mixed", "body_a")
    )


# ---------------------------------------------------------------------------------------------
# Entity search
# ---------------------------------------------------------------------------------------------


def _search(client, term: str):
    return client.get(admin_url(Entity, "changelist"), {"q": term})


def test_entity_search_finds_an_alias_in_other_case_without_accents(admin_client_logged_in):
    """``societe generale`` finds the entity whose alias is "Société Générale"."""
    entity = f.EntityFactory(name="SG Group")
    f.AliasFactory(entity=entity, name="Société Générale")
    f.EntityFactory(name="Generali Holdings")

    response = _search(admin_client_logged_in, "societe generale")

    assert result_pks(response) == {entity.pk}


def test_entity_search_folds_punctuation(admin_client_logged_in):
    """``N.D.C.`` finds the entity whose alias is "NDC"."""
    entity = f.EntityFactory(name="National Development Complex")
    f.AliasFactory(entity=entity, name="NDC")
    f.EntityFactory(name="Other complex")

    response = _search(admin_client_logged_in, "N.D.C.")

    assert result_pks(response) == {entity.pk}


def test_entity_search_finds_an_exact_identifier_value(admin_client_logged_in):
    """An identifier's exact value finds its entity (and not one with a longer value)."""
    entity = f.EntityFactory(name="Shipping company")
    f.IdentifierFactory(entity=entity, value="IMO9876543")
    f.IdentifierFactory(entity=f.EntityFactory(name="Other"), value="IMO98765432")

    response = _search(admin_client_logged_in, "IMO9876543")

    assert result_pks(response) == {entity.pk}


def test_entity_search_lists_an_entity_once_when_two_aliases_match(admin_client_logged_in):
    """An entity with two matching aliases (and a matching name) is one row, counted once."""
    entity = f.EntityFactory(name="Shaheen Industries")
    f.AliasFactory(entity=entity, name="Shaheen Works")
    f.AliasFactory(entity=entity, name="Shaheen Factory")

    response = _search(admin_client_logged_in, "shaheen")

    assert [obj.pk for obj in response.context["cl"].result_list] == [entity.pk]
    assert response.context["cl"].result_count == 1


def test_entity_changelist_with_a_malformed_filter_value_is_refused_not_a_500(
    admin_client_logged_in,
):
    """The admin's filters are the API's FilterSets: a hand-typed ?country=XX is refused the
    admin's way (a redirect with ?e=1), not a server error."""
    f.EntityCountryFactory(country="PK")  # the filter is shown once there is a country

    response = admin_client_logged_in.get("/admin/entities/entity/?country=XX")

    assert response.status_code == 302
    assert "e=1" in response["Location"]
