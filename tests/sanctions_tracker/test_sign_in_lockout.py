"""Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failures for one username, or from
one address, every sign-in, the right password included, is refused with a 429 for the
cool-off: at the token endpoint in JSON, at the admin with a short page. Attempts are
recorded (and listed in the admin)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = 3


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", "a@example.org", "right-pw")


def _token(username, password, address="192.0.2.10"):
    return APIClient().post(
        TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def assert_locked_json(response):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) == 30 * 60
    assert "Sign-in locked" in response.json()["detail"]
    assert "30 minutes" in response.json()["detail"]


def test_the_token_endpoint_locks_a_user_after_the_limit(analyst):
    statuses = [_token("analyst", "wrong").status_code for _ in range(LIMIT - 1)]
    assert statuses == [400] * (LIMIT - 1)
    assert_locked_json(_token("analyst", "wrong"))  # the limit reached
    assert_locked_json(_token("analyst", "right-pw"))  # the right password too
    attempt = AccessAttempt.objects.get(username="analyst")
    assert attempt.failures_since_start >= LIMIT
    assert attempt.ip_address == "192.0.2.10"
    assert attempt.path_info == TOKEN


def test_below_the_limit_the_right_password_gets_its_token(analyst):
    for _ in range(LIMIT - 1):
        _token("analyst", "wrong")
    response = _token("analyst", "right-pw")
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_user_is_locked_whatever_the_address(analyst):
    """Failures spread over addresses still lock the username."""
    for i in range(LIMIT):
        _token("analyst", "wrong", address=f"198.51.100.{i}")
    assert_locked_json(_token("analyst", "right-pw", address="203.0.113.50"))


def test_an_address_is_locked_whatever_the_username(analyst, django_user_model):
    """Guessing many usernames from one address locks that address (for every user), not the
    users elsewhere."""
    for i in range(LIMIT):
        _token(f"guess{i}", "wrong", address="192.0.2.66")
    assert_locked_json(_token("analyst", "right-pw", address="192.0.2.66"))
    assert _token("analyst", "right-pw", address="192.0.2.67").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(analyst):
    client = APIClient()
    for i in range(LIMIT):
        client.post(
            TOKEN,
            {"username": f"guess{i}", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    response = client.post(
        TOKEN,
        {"username": "analyst", "password": "right-pw"},
        format="json",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert_locked_json(response)


def test_the_admin_login_locks_with_a_short_page(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.org", "right-pw")

    def sign_in(password):
        return client.post(ADMIN_LOGIN, {"username": "boss", "password": password})

    assert [sign_in("wrong").status_code for _ in range(LIMIT - 1)] == [200] * (LIMIT - 1)
    locked = sign_in("wrong")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "text/html; charset=utf-8"
    assert b"Sign-in locked" in locked.content
    assert int(locked["Retry-After"]) == 30 * 60
    refused = sign_in("right-pw")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="boss").failures_since_start >= LIMIT


def test_the_admin_lists_the_attempts(admin_client_logged_in):
    _token("nobody", "wrong")
    response = admin_client_logged_in.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert b"nobody" in response.content
