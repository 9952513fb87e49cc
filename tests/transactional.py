"""Helpers of the tests that commit (``pytest.mark.django_db(transaction=True)``).

Those tests see what a real request or command leaves in the database: nothing wraps them in
a transaction, so a write that is not atomic, or ``select_for_update`` outside a transaction
(PostgreSQL), shows. The database is emptied after each of them, rows written by data
migrations included (the groups, the measures): these helpers make what a test needs itself.
"""

from __future__ import annotations

import importlib

from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from entities.models import Measure
from sanctions_tracker import throttle_counters


def restore_measures() -> None:
    """The vocabulary of measures, as its data migration writes it (a flush removed it)."""
    migration = importlib.import_module("entities.migrations.0002_measures")
    for code, name, description in migration.MEASURES:
        Measure.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


# The data migrations that give the groups their permissions, in migration order; a migration
# that grants more must be listed here too (tests/test_transactional_helpers.py compares).
GROUP_MIGRATIONS = (
    ("sanctions_tracker.migrations.0001_groups", "create_groups"),
    ("sanctions_tracker.migrations.0002_groups_entity_dates_and_imports", "grant"),
    ("importer.migrations.0004_proposed_match_permissions", "grant"),
)


def restore_groups() -> None:
    """The groups (readers, curators) with their permissions, as the migrations write them:
    their own functions, run with the models of the fully migrated state (they mark the app
    configs they are given, which must not be the live registry's)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state_apps = MigrationLoader(connection).project_state().apps
    for module, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(state_apps, None)


def restore_data_migrations() -> None:
    """Every row a data migration writes: what `make run` starts from."""
    restore_measures()
    restore_groups()


def user_with_permissions(django_user_model, username: str, *codenames: str):
    """A signed-up user holding exactly the given permissions (no group: flushed too)."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def token_client(user) -> APIClient:
    """An API client authenticated as ``user`` by token; throttle counters start at zero."""
    throttle_counters.clear()
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
