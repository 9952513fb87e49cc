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
