"""The settings read the environment, and refuse to start without a secret key unless DEBUG.

Each case imports the real settings module in a fresh interpreter, with an environment
built for it (the test run's own SECRET_KEY, DEBUG and DATABASE_URL are left out).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OVERRIDDEN = ("SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")

CHILD = """
import json

import django
from django.core.exceptions import ImproperlyConfigured

try:
    from django.conf import settings

    settings.INSTALLED_APPS  # imports the settings module
except ImproperlyConfigured as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
else:
    db = settings.DATABASES["default"]
    print(json.dumps({
        "DEBUG": settings.DEBUG,
        "SECRET_KEY": settings.SECRET_KEY,
        "ENGINE": db["ENGINE"],
        "NAME": str(db["NAME"]),
        "HOST": db.get("HOST", ""),
        "CONN_MAX_AGE": db.get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS", False),
        "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    }))
"""


def load_settings(**variables: str) -> dict:
    """Import ``sanctions_tracker.settings`` in a subprocess with these variables; what it
    reports (the settings, or the ImproperlyConfigured error)."""
    env = {k: v for k, v in os.environ.items() if k not in OVERRIDDEN}
    env.update(
        DJANGO_SETTINGS_MODULE="sanctions_tracker.settings",
        IGNORE_DOTENV="true",
        **variables,
    )
    completed = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_without_secret_key_and_debug_off_settings_refuse_to_load():
    """DEBUG=false and no SECRET_KEY: ImproperlyConfigured, naming SECRET_KEY."""
    result = load_settings(DEBUG="false")
    assert result["error"] == "ImproperlyConfigured"
    assert "SECRET_KEY" in result["message"]


def test_debug_off_is_the_default():
    """With neither DEBUG nor SECRET_KEY set, DEBUG is off, so the settings refuse to load."""
    result = load_settings()
    assert result["error"] == "ImproperlyConfigured"
    assert "SECRET_KEY" in result["message"]


def test_without_secret_key_debug_on_loads_with_the_development_key():
    """DEBUG=true and no SECRET_KEY: the settings load, on the built-in development key."""
    result = load_settings(DEBUG="true")
    assert result["DEBUG"] is True
    assert result["SECRET_KEY"] == "insecure-local-development-key-do-not-use-in-production"


def test_with_secret_key_debug_off_loads():
    """DEBUG=false with a SECRET_KEY: the settings load, with that key."""
    result = load_settings(DEBUG="false", SECRET_KEY="a-real-secret-for-this-test")
    assert result["DEBUG"] is False
    assert result["SECRET_KEY"] == "a-real-secret-for-this-test"


def test_database_defaults_to_sqlite_beside_manage_py():
    """Without DATABASE_URL the database is db.sqlite3 in the project root."""
    result = load_settings(DEBUG="true")
    assert result["ENGINE"] == "django.db.backends.sqlite3"
    assert result["NAME"] == str(PROJECT_ROOT / "db.sqlite3")


def test_database_url_selects_postgresql():
    """DATABASE_URL=postgres://u:p@h:5432/db gives the postgresql engine, database db."""
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@h:5432/db")
    assert (result["ENGINE"], result["NAME"], result["HOST"]) == (
        "django.db.backends.postgresql",
        "db",
        "h",
    )


def test_postgresql_connections_persist_unless_the_url_says_otherwise():
    """A connection per request halves screening over HTTP: on
    PostgreSQL connections stay open 60 s, with health checks; ?conn_max_age= overrides;
    SQLite keeps Django's default."""
    default = load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@h:5432/db")
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (60, True)
    chosen = load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@h:5432/db?conn_max_age=0")
    assert chosen["CONN_MAX_AGE"] == 0
    sqlite = load_settings(DEBUG="true")
    assert sqlite["CONN_MAX_AGE"] == 0


def test_allowed_hosts_is_split_on_commas():
    """ALLOWED_HOSTS=a.example,b.example gives the two hosts."""
    result = load_settings(DEBUG="true", ALLOWED_HOSTS="a.example,b.example")
    assert result["ALLOWED_HOSTS"] == ["a.example", "b.example"]
