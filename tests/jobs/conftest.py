"""Jobs tests: files in a folder of their own; users with and without staff rights."""

import pytest

from tests.transactional import token_client


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "pw")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", "bob@example.org", "pw")


@pytest.fixture
def alice_api(alice):
    return token_client(alice)


@pytest.fixture
def bob_api(bob):
    return token_client(bob)
