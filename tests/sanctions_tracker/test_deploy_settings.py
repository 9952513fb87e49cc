"""Production settings: with DEBUG off, HSTS, the redirect to https and secure cookies are on
by default, each can be turned off from the environment, and ``check --deploy`` finds nothing
under the documented production variables (README, "Configuration")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.sanctions_tracker.test_settings import OVERRIDDEN, PROJECT_ROOT

# The production variables the README documents (besides DATABASE_URL).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Qp2Lz9" * 6,
    "ALLOWED_HOSTS": "tracker.example.org",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
SECURITY = (
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
)
CHILD = f"""
import json
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {SECURITY!r}}}))
"""


def _run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in OVERRIDDEN and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="sanctions_tracker.settings", IGNORE_DOTENV="true")
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _security(**variables: str) -> dict:
    completed = _run(["-c", CHILD], **{**PRODUCTION, **variables})
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_check_deploy_finds_no_issue_under_the_production_variables():
    completed = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues (0 silenced)." in completed.stdout


def test_with_debug_off_https_is_on_by_default():
    found = _security()
    assert found["SECURE_HSTS_SECONDS"] == 31536000
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SECURE_PROXY_SSL_HEADER"] is None
    assert found["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$", r"^readyz$"]


def test_each_can_be_turned_off_for_plain_http():
    found = _security(
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SESSION_COOKIE_SECURE"] is False
    assert found["CSRF_COOKIE_SECURE"] is False


def test_the_proxy_ssl_header_is_read_as_header_and_value():
    found = _security(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]  # a tuple


def test_a_malformed_proxy_ssl_header_is_refused_by_name():
    completed = _run(["-c", CHILD], **PRODUCTION, SECURE_PROXY_SSL_HEADER="https")
    assert completed.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER: write a header and its value" in completed.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status"), [("/api/v1/", 301), ("/healthz", 200)])
def test_plain_http_is_redirected_except_health_checks(client, settings, path, status):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path)
    assert response.status_code == status
    if status == 301:
        assert response["Location"] == f"https://testserver{path}"


@pytest.mark.django_db
def test_behind_a_tls_proxy_its_header_says_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/api/v1/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
