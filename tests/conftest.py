"""Shared fixtures: users for the admin, and the factories."""

import pytest


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("analyst", "analyst@example.org", "pw")


@pytest.fixture
def admin_client_logged_in(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def second_analyst(django_user_model):
    return django_user_model.objects.create_superuser("colleague", "colleague@example.org", "pw")
