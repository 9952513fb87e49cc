"""Reads from the replica, writes to the primary, and an analyst reads their own writes.

The test settings always define ``replica`` (a test mirror of the database under test, sharing
the default connection: tests/conftest.py), so every API test goes through the router; here
its decisions are recorded, and the transactional tests give the replica a connection of its
own to see which database answered.
"""

from __future__ import annotations

import logging
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache.backends.db import DatabaseCache
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from entities.models import Entity
from sanctions_tracker import db_router
from sanctions_tracker.db_router import (
    PIN_COOKIE,
    REPLICA,
    PrimaryReplicaRouter,
    reads_from_replica,
)
from sanctions_tracker.throttle_counters import ThrottleCounter
from tests import factories as f
from tests.transactional import token_client, user_with_permissions

router = PrimaryReplicaRouter()


def _cache_model():
    return DatabaseCache("cache_table", {}).cache_model_class


# ---------------------------------------------------------------------------------------------
# The router's decisions
# ---------------------------------------------------------------------------------------------


def test_reads_go_to_the_primary_outside_a_request():
    """Commands, the worker and the shell read what they are about to write from."""
    assert router.db_for_read(Entity) == "default"


def test_a_read_only_context_reads_from_the_replica():
    with reads_from_replica():
        assert router.db_for_read(Entity) == REPLICA
    assert router.db_for_read(Entity) == "default"


def test_after_a_write_the_same_context_reads_from_the_primary():
    with reads_from_replica():
        assert router.db_for_write(Entity) == "default"
        assert router.db_for_read(Entity) == "default"


def test_without_a_replica_reads_go_to_the_primary(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: False)
    with reads_from_replica():
        assert router.db_for_read(Entity) == "default"


@pytest.mark.parametrize(
    "model", [ThrottleCounter, AccessAttempt, _cache_model()], ids=lambda m: m.__name__
)
def test_bookkeeping_always_uses_the_primary_and_is_not_a_write(model):
    """Rate-limit counters and sign-in attempts read from a lagging copy would undercount;
    counting a request as a write would pin every client to the primary."""
    with reads_from_replica():
        assert router.db_for_read(model) == "default"
        assert router.db_for_write(model) == "default"
        assert router.db_for_read(Entity) == REPLICA


def test_migrations_run_only_on_the_primary():
    assert router.allow_migrate(REPLICA, "entities") is False
    assert router.allow_migrate("default", "entities") is None


def test_records_of_both_aliases_may_refer_to_each_other():
    primary, copy = Entity(), Entity()
    primary._state.db, copy._state.db = "default", REPLICA
    assert router.allow_relation(primary, copy) is True


# ---------------------------------------------------------------------------------------------
# Requests: which alias served them (the router's answers recorded)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def reads(monkeypatch):
    """Every alias the router chose for a read of an entity, in order."""
    chosen: list[str] = []
    real = PrimaryReplicaRouter.db_for_read

    def db_for_read(self, model, **hints):
        alias = real(self, model, **hints)
        if model is Entity:
            chosen.append(alias)
        return alias

    monkeypatch.setattr(PrimaryReplicaRouter, "db_for_read", db_for_read)
    return chosen


@pytest.fixture
def curator_api(django_user_model):
    user = django_user_model.objects.create_user("curator", "curator@example.org", "pw")
    user.groups.add(Group.objects.get(name="curators"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.django_db
def test_an_api_get_reads_from_the_replica(client, reads):
    entity = f.EntityFactory()

    response = client.get(f"/api/v1/entities/{entity.pk}/")

    assert response.status_code == 200
    assert reads and set(reads) == {REPLICA}
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db
def test_a_csv_export_streams_its_rows_from_the_replica(client, reads):
    """The rows are read while the response streams, after the middleware returned."""
    f.EntityFactory.create_batch(3)

    response = client.get("/api/v1/entities/?format=csv")
    reads.clear()
    body = b"".join(response.streaming_content)

    assert body.count(b"\n") == 4
    assert reads and set(reads) == {REPLICA}


@pytest.mark.django_db
def test_the_admin_reads_from_the_primary(admin_client_logged_in, reads):
    entity = f.EntityFactory()

    response = admin_client_logged_in.get(f"/admin/entities/entity/{entity.pk}/change/")

    assert response.status_code == 200
    assert reads and set(reads) == {"default"}


@pytest.mark.django_db
def test_a_write_pins_the_client_to_the_primary_for_a_while(curator_api, reads, settings):
    """Read-your-writes: the response to a write says until when to read from the primary,
    and the client's reads in that window do; after it, they go to the replica again."""
    entity = f.EntityFactory()
    url = f"/api/v1/entities/{entity.pk}/"

    before = time.time()
    written = curator_api.patch(url, {"name": "Renamed"}, format="json", HTTP_IF_MATCH='"v1"')
    after = time.time()

    assert written.status_code == 200, written.content
    assert reads and set(reads) == {"default"}
    until = float(written.cookies[PIN_COOKIE].value)
    pin = settings.DATABASE_REPLICA_PIN_SECONDS
    # The cookie carries milliseconds, so it may round up to half a millisecond.
    assert before + pin - 0.001 <= until <= after + pin + 0.001
    assert written.cookies[PIN_COOKIE]["max-age"] == pin
    assert written.cookies[PIN_COOKIE]["httponly"]

    reads.clear()
    assert curator_api.get(url).json()["name"] == "Renamed"
    assert set(reads) == {"default"}

    reads.clear()
    curator_api.cookies[PIN_COOKIE] = f"{time.time() - 1:.3f}"  # the window has passed
    curator_api.get(url)
    assert set(reads) == {REPLICA}


@pytest.mark.django_db
def test_a_refused_write_does_not_pin(curator_api):
    entity = f.EntityFactory()

    refused = curator_api.patch(
        f"/api/v1/entities/{entity.pk}/", {"kind": "nonsense"}, format="json", HTTP_IF_MATCH="*"
    )

    assert refused.status_code == 400
    assert PIN_COOKIE not in refused.cookies


@pytest.mark.django_db
def test_a_far_future_pin_is_ignored(client, reads):
    """A forged cookie cannot send a client's reads to the primary for ever."""
    entity = f.EntityFactory()
    client.cookies[PIN_COOKIE] = f"{time.time() + 3600:.3f}"

    client.get(f"/api/v1/entities/{entity.pk}/")

    assert set(reads) == {REPLICA}


@pytest.mark.django_db
def test_signing_in_pins_the_session_to_the_primary(client, superuser, reads):
    """The new session is written on the primary: the next pages must find it there."""
    response = client.post("/admin/login/", {"username": "analyst", "password": "pw"})

    assert response.status_code == 302
    assert PIN_COOKIE in response.cookies


# ---------------------------------------------------------------------------------------------
# Committed: the replica alias with a connection of its own (a second connection to the
# database under test), so the queries show which database answered.
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def own_replica_connection():
    shared = connections[REPLICA]
    own = connections.create_connection(REPLICA)
    connections[REPLICA] = own
    yield own
    own.close()
    connections[REPLICA] = shared


@pytest.mark.django_db(transaction=True)
def test_a_get_is_served_by_the_replica_and_a_write_then_read_by_the_primary(
    own_replica_connection, django_user_model
):
    entity = f.EntityFactory(name="Before")
    url = f"/api/v1/entities/{entity.pk}/"
    curator = token_client(
        user_with_permissions(django_user_model, "curator", "view_entity", "change_entity")
    )
    primary = connections["default"]

    with (
        CaptureQueriesContext(own_replica_connection) as on_replica,
        CaptureQueriesContext(primary) as on_primary,
    ):
        response = APIClient().get(url)
    assert response.json()["name"] == "Before"
    assert any('"entities_entity"' in q["sql"] for q in on_replica.captured_queries)
    assert not any('"entities_entity"' in q["sql"] for q in on_primary.captured_queries)

    written = curator.patch(url, {"name": "After"}, format="json", HTTP_IF_MATCH='"v1"')
    assert written.status_code == 200, written.content

    with (
        CaptureQueriesContext(own_replica_connection) as on_replica,
        CaptureQueriesContext(primary) as on_primary,
    ):
        response = curator.get(url)
    assert response.json()["name"] == "After"
    assert any('"entities_entity"' in q["sql"] for q in on_primary.captured_queries)
    assert on_replica.captured_queries == []


# ---------------------------------------------------------------------------------------------
# /readyz checks the replica too
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_replica(client, monkeypatch, caplog):
    """An instance whose API reads cannot reach the replica is not ready."""

    unreachable = connections.create_connection(REPLICA)

    def cursor(*args, **kwargs):
        raise OperationalError("replica refused")

    monkeypatch.setattr(unreachable, "cursor", cursor)
    # A replica of its own (not a test mirror), and it does not answer.
    monkeypatch.setitem(django_settings.DATABASES[REPLICA]["TEST"], "MIRROR", None)
    shared = connections[REPLICA]
    connections[REPLICA] = unreachable
    try:
        with caplog.at_level(logging.WARNING):
            response = client.get("/readyz")
    finally:
        connections[REPLICA] = shared

    assert response.status_code == 503
    assert response.json()["problems"] == ["replica: database unreachable: OperationalError"]
    assert [r.getMessage() for r in caplog.records] == [
        "database unavailable (readyz, database 'replica'): OperationalError: replica refused"
    ]
