"""Delisting is one transaction, through its real entry points, with nothing around it.

These tests commit (``transaction=True``). A test wrapped in a transaction cannot see that
``designations_delist`` locks its rows outside a transaction (PostgreSQL refuses:
"select_for_update cannot be used outside of a transaction"), nor that a delisting failing
half-way leaves a designation delisted without its citation.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection, connections
from django.db.models.signals import post_save

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests import factories as f
from tests.admin import admin_url
from tests.transactional import token_client, user_with_permissions

pytestmark = pytest.mark.django_db(transaction=True)

DESIGNATIONS_URL = admin_url(Designation, "changelist")
TOO_LONG_LOCATOR = "p. 1, " * 50  # 300 characters: passes the forms, not the citation's column


@pytest.fixture
def delister(django_user_model):
    return user_with_permissions(
        django_user_model, "delister", "view_designation", "change_designation"
    )


@pytest.fixture
def analyst_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("analyst", password="pw"))
    return client


def _state(designation) -> tuple:
    """What a delisting changes, read back from the committed rows."""
    row = Designation.objects.get(pk=designation.pk)
    return (
        row.delisted,
        row.version,
        row.history.count(),
        Citation.objects.filter(designation=row).count(),
    )


def _api_delist(client, designation, **data):
    return client.post(f"/api/v1/designations/{designation.pk}/delist/", data, format="json")


# ---------------------------------------------------------------------------------------------
# POST /api/v1/designations/{id}/delist/
# ---------------------------------------------------------------------------------------------


def test_api_delist_commits_the_delisting_and_its_citation(delister):
    """The delisting is committed with its citation and a history row naming the curator."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    response = _api_delist(
        token_client(delister),
        designation,
        delisted="2025-03",
        source=source.pk,
        quote="The designation was lifted in March.",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delisted"
    assert _state(designation) == (PartialDate.parse("2025-03"), 2, 2, 1)
    citation = Citation.objects.get(designation=designation)
    assert (citation.source, citation.field) == (source, "delisted")
    latest = designation.history.order_by("-history_id").first()
    assert (latest.history_user, latest.delisted_precision) == (delister, "month")


def test_api_delist_failing_half_way_writes_nothing(delister):
    """A citation refused after the designation was written (its locator is too long for
    the column) is a 400, and the designation is not left delisted without its source."""
    designation = f.DesignationFactory()
    before = _state(designation)

    response = _api_delist(
        token_client(delister),
        designation,
        delisted="2025-03",
        source=f.SourceFactory().pk,
        locator=TOO_LONG_LOCATOR,
    )

    assert response.status_code == 400, response.content
    assert "locator" in str(response.json())
    assert _state(designation) == before


def test_api_delist_of_an_already_delisted_designation_is_a_400(delister):
    """Delisting again is refused, and the first delisting stays as it was."""
    designation = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))
    before = _state(designation)

    response = _api_delist(
        token_client(delister),
        designation,
        delisted="2025-03",
        source=f.SourceFactory().pk,
        quote="Lifted again.",
    )

    assert response.status_code == 400, response.content
    assert "already delisted" in response.json()["non_field_errors"][0]
    assert _state(designation) == before


# ---------------------------------------------------------------------------------------------
# The admin action "Delist the selected designations"
# ---------------------------------------------------------------------------------------------


def _action(client, designations, **fields):
    data = {"action": "delist", ACTION_CHECKBOX_NAME: [d.pk for d in designations]}
    if fields:
        data = {"apply": "1", "delisted_1": "", "quote": "", "locator": "", **data, **fields}
    else:
        data["index"] = "0"
    return client.post(DESIGNATIONS_URL, data)


def test_admin_action_delists_through_its_intermediate_form(analyst_client):
    """The action asks for the date and the source, then commits both delistings, each with
    its citation."""
    first, second = f.DesignationFactory(), f.DesignationFactory()
    source = f.SourceFactory()

    form = _action(analyst_client, [first, second])
    assert form.status_code == 200
    assert form.templates[0].name == "admin/entities/designation/delist.html"

    response = _action(
        analyst_client,
        [first, second],
        delisted_0="2025-03-01",
        source=source.pk,
        quote="The designations were lifted.",
    )

    assert response.status_code == 302, response.content
    for designation in (first, second):
        assert _state(designation) == (PartialDate.parse("2025-03-01"), 2, 2, 1)


def test_admin_action_failing_half_way_writes_nothing(analyst_client):
    """If the first designation's citation is refused after the designation was written,
    neither designation is delisted and no citation exists: the form shows why."""
    first, second = f.DesignationFactory(), f.DesignationFactory()
    before = (_state(first), _state(second))

    response = _action(
        analyst_client,
        [first, second],
        delisted_0="2025-03-01",
        source=f.SourceFactory().pk,
        locator=TOO_LONG_LOCATOR,
    )

    assert response.status_code == 200
    assert "at most 255 characters" in str(response.context["form"].errors)
    assert (_state(first), _state(second)) == before
    assert not Citation.objects.exists()


def test_admin_action_with_an_already_delisted_one_writes_nothing(analyst_client):
    """An active designation selected with a delisted one is not delisted either."""
    active = f.DesignationFactory()
    delisted = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))
    before = (_state(active), _state(delisted))

    response = _action(
        analyst_client,
        [active, delisted],
        delisted_0="2025-03-01",
        source=f.SourceFactory().pk,
        quote="Lifted.",
    )

    assert response.status_code == 200
    assert f"{delisted}: already delisted (2025-01)." in response.context["form"].non_field_errors()
    assert (_state(active), _state(delisted)) == before


# ---------------------------------------------------------------------------------------------
# The admin page "Delist" of one designation
# ---------------------------------------------------------------------------------------------


def test_admin_delist_page_commits_the_delisting(analyst_client):
    """The delist page of one designation commits the delisting and its citation, then
    returns to the designation."""
    designation = f.DesignationFactory()
    url = admin_url(designation, "delist")

    response = analyst_client.post(
        url,
        {
            "delisted_0": "2025-03-01",
            "delisted_1": "",
            "source": f.SourceFactory().pk,
            "quote": "",
            "locator": "para. 2",
        },
    )

    assert response.status_code == 302, response.content
    assert response["Location"] == admin_url(designation)
    assert _state(designation) == (PartialDate.parse("2025-03-01"), 2, 2, 1)


def test_admin_delist_page_failing_half_way_writes_nothing(analyst_client):
    """A citation refused after the designation was written leaves it active, uncited."""
    designation = f.DesignationFactory()
    before = _state(designation)

    response = analyst_client.post(
        admin_url(designation, "delist"),
        {
            "delisted_0": "2025-03-01",
            "delisted_1": "",
            "source": f.SourceFactory().pk,
            "quote": "",
            "locator": TOO_LONG_LOCATOR,
        },
    )

    assert response.status_code == 200
    assert "at most 255 characters" in str(response.context["form"].errors)
    assert _state(designation) == before


# ---------------------------------------------------------------------------------------------
# Two connections delisting the same designation at once
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has no row locks (Django ignores select_for_update there) and its "
    "shared in-memory test database refuses a second writer ('database table is locked') "
    "instead of making it wait: two concurrent writers cannot be tested there. SQLite runs "
    "one writer at a time anyway; PostgreSQL runs this test.",
)
def test_concurrent_delists_of_one_designation_delist_it_once(django_user_model):
    """Two curators delist the same designation at the same moment, each on their own
    connection. The first to lock it delists it (and holds the lock a while); the other
    waits for the lock, then sees it delisted: a 400 "already delisted", not a 500 or a 412,
    and exactly one delisting citation exists."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()
    clients = [
        token_client(
            user_with_permissions(django_user_model, name, "view_designation", "change_designation")
        )
        for name in ("first", "second")
    ]
    start = threading.Barrier(len(clients))
    holding = threading.Event()

    def hold_the_lock(sender, instance, **kwargs):
        # Inside the delisting's transaction, after its UPDATE: let the other thread reach
        # the lock and wait on it before this one commits.
        if instance.pk == designation.pk and not holding.is_set():
            holding.set()
            threading.Event().wait(0.5)

    responses: dict[str, object] = {}

    def delist(index: int, client) -> None:
        try:
            start.wait(timeout=10)
            responses[index] = _api_delist(
                client,
                designation,
                delisted="2025-03",
                source=source.pk,
                quote=f"Lifted (curator {index}).",
            )
        except Exception as exc:  # reported by the assertions below
            responses[index] = exc
        finally:
            connections.close_all()

    post_save.connect(hold_the_lock, sender=Designation, dispatch_uid="hold_the_lock")
    try:
        threads = [threading.Thread(target=delist, args=(i, c)) for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        post_save.disconnect(sender=Designation, dispatch_uid="hold_the_lock")

    assert holding.is_set()
    errors = [r for r in responses.values() if isinstance(r, Exception)]
    assert not errors, errors
    statuses = sorted(r.status_code for r in responses.values())
    assert statuses == [200, 400], [r.content for r in responses.values()]
    [refused] = [r for r in responses.values() if r.status_code == 400]
    assert "already delisted" in refused.json()["non_field_errors"][0]
    assert _state(designation) == (PartialDate.parse("2025-03"), 2, 2, 1)
