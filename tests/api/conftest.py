"""API clients for each kind of caller: anonymous, reader, curator, administrator."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sanctions_tracker import throttle_counters


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Every test starts with no rate spent (and no purge of old counters due, so that
    the query counts are exact)."""
    throttle_counters.clear()
    yield


def _client_for(user) -> APIClient:
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon_client():
    return APIClient()


@pytest.fixture
def reader(django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    user.groups.add(Group.objects.get(name="readers"))
    return user


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("curator", "curator@example.org", "pw")
    user.groups.add(Group.objects.get(name="curators"))
    return user


@pytest.fixture
def admin_user_api(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def reader_client(reader):
    return _client_for(reader)


@pytest.fixture
def curator_client(curator):
    return _client_for(curator)


@pytest.fixture
def admin_api_client(admin_user_api):
    return _client_for(admin_user_api)


@pytest.fixture
def private_read(settings):
    """API_PUBLIC_READ off: only signed-in users with the view permission read."""
    settings.API_PUBLIC_READ = False
