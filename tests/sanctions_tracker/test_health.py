"""/healthz (the process answers) and /readyz (the database answers, migrations applied)."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration

pytestmark = pytest.mark.django_db


def _refuse_connections(monkeypatch):
    def cursor(*args, **kwargs):
        raise OperationalError("connection refused\n\tIs the server running?")

    monkeypatch.setattr(connections["default"], "cursor", cursor)


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    """Alive: 200 JSON and not one query, so a database outage restarts no web process."""
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_stays_up_when_the_database_is_down(client, monkeypatch):
    _refuse_connections(monkeypatch)

    assert client.get("/healthz").status_code == 200


def test_readyz_is_ready_with_the_database_migrated(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_with_the_database_down_is_503_json_one_log_line(client, monkeypatch, caplog):
    """Unreachable database: 503 JSON with Retry-After, and one warning line (no traceback)."""
    _refuse_connections(monkeypatch)

    with caplog.at_level(logging.WARNING):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "status": "unavailable",
        "problems": ["database unreachable: OperationalError"],
    }
    [record] = caplog.records  # not also django.request's "Service Unavailable"
    assert record.name == "sanctions_tracker.outage"
    assert record.getMessage().endswith("connection refused Is the server running?")
    assert record.exc_info is None


def test_readyz_with_migrations_not_applied_is_503_naming_them(client, monkeypatch):
    """An instance whose database is behind its code (migrate not run yet) is not ready."""
    pending = [(Migration(f"00{n}_new", "entities"), False) for n in range(1, 8)]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: pending)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["problems"] == [
        "7 migrations not applied: entities.001_new, entities.002_new, entities.003_new, "
        "entities.004_new, entities.005_new and 2 more"
    ]


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_health_checks_only_read(client, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200
