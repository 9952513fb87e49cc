"""A database outage: the API answers 503 JSON with Retry-After, the admin a short 503 page,
the log one warning line per failed request (no traceback, no second django.request line),
and the next request after the database returns is served."""

from __future__ import annotations

import logging

import pytest
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.db import connections as db_connections
from django.test import Client, override_settings

from sanctions_tracker import outage
from tests.factories import EntityFactory
from tests.transactional import token_client, user_with_permissions

pytestmark = pytest.mark.django_db

MESSAGE = "connection to server failed\n\tIs the server running on that host?"


def _database_down(monkeypatch, error=OperationalError):
    def cursor(*args, **kwargs):
        raise error(MESSAGE)

    monkeypatch.setattr(db_connections["default"], "cursor", cursor)


def _assert_one_outage_line(caplog):
    [record] = caplog.records  # nothing from django.request, no traceback
    assert record.name == "sanctions_tracker.outage"
    assert record.levelno == logging.WARNING
    assert "\n" not in record.getMessage()
    assert record.getMessage().endswith("Is the server running on that host?")
    assert record.exc_info is None


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_api_answers_503_json_with_retry_after(anon_client, monkeypatch, caplog, error):
    _database_down(monkeypatch, error)

    with caplog.at_level(logging.INFO):
        response = anon_client.get("/api/v1/entities/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": outage.DETAIL}
    _assert_one_outage_line(caplog)


def test_api_write_answers_503_json(curator_client, monkeypatch, caplog):
    """Token authentication itself reads the database: still a JSON 503."""
    _database_down(monkeypatch)

    with caplog.at_level(logging.INFO):
        response = curator_client.post("/api/v1/bodies/", {"code": "X"}, format="json")

    assert response.status_code == 503
    assert response.json() == {"detail": outage.DETAIL}
    _assert_one_outage_line(caplog)


def test_admin_answers_a_short_503_page(admin_client_logged_in, monkeypatch, caplog):
    _database_down(monkeypatch)

    with caplog.at_level(logging.INFO):
        response = admin_client_logged_in.get("/admin/entities/entity/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "5"
    assert b"Temporarily unavailable" in response.content
    assert b"Traceback" not in response.content
    _assert_one_outage_line(caplog)


class QueryingMiddleware:
    """Reads the database outside any view, as a session or auth middleware may."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return self.get_response(request)


@pytest.mark.parametrize(
    ("url", "content_type"), [("/api/v1/entities/", "application/json"), ("/admin/", "text/html")]
)
def test_outage_outside_a_view_is_a_503_through_handler500(
    settings, monkeypatch, caplog, url, content_type
):
    with override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, "tests.api.test_outage.QueryingMiddleware"]
    ):
        _database_down(monkeypatch)
        with caplog.at_level(logging.INFO):
            response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 503
    assert response["Content-Type"].startswith(content_type)
    assert response["Retry-After"] == "5"
    _assert_one_outage_line(caplog)


def test_other_errors_outside_views_stay_500_json_under_api(rf):
    """handler500 tells an outage from a bug: a bug is still a 500 (JSON under /api/)."""
    try:
        raise ValueError("a bug")
    except ValueError:
        response = outage.server_error(rf.get("/api/v1/entities/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Retry-After" not in response


def test_service_resumes_when_the_database_returns(anon_client, monkeypatch):
    EntityFactory()
    with monkeypatch.context() as patch:
        _database_down(patch)
        assert anon_client.get("/api/v1/entities/").status_code == 503

    response = anon_client.get("/api/v1/entities/")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_outage_is_recognised_through_a_wrapping_error():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("while saving") from exc
    except RuntimeError as wrapped:
        assert outage.is_outage(wrapped)
    assert not outage.is_outage(ValueError("no"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend")
@pytest.mark.django_db(transaction=True)
def test_postgres_backend_killed_mid_service_503_then_recovers(django_user_model, caplog):
    """The real thing: the server ends this process's connection (as a restart does). The
    request that meets the dead connection is a 503 JSON in one log line; once Django drops
    the broken connection at the end of the request (what a WSGI server does), the next
    request reconnects and is served."""
    client = token_client(user_with_permissions(django_user_model, "viewer", "view_entity"))
    EntityFactory()
    assert client.get("/api/v1/entities/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    killer = db_connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()

    with caplog.at_level(logging.INFO):
        response = client.get("/api/v1/entities/")

    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": outage.DETAIL}
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.name == "sanctions_tracker.outage"
    assert record.exc_info is None
    # The test client skips the request_finished handler a WSGI server runs.
    close_old_connections()
    response = client.get("/api/v1/entities/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
