"""Shared fixtures: users for the admin, and the factories."""

import pytest
from django.db import connections
from django.test import TransactionTestCase

from sanctions_tracker.db_router import REPLICA

# The read replica (test_settings: a test mirror of the database under test) is one of the
# databases every test may use: API reads go through it.
TransactionTestCase.databases = frozenset({"default", REPLICA})


class SharedConnection:
    """The replica alias in tests: the default alias's connection under the replica's name.

    A test runs in a transaction that is rolled back, which a second connection would not see;
    through one connection the router's choice of alias is still exercised by every API read.
    Its own ``settings_dict`` keeps it a test mirror, so Django's test cases do not flush it or
    open a transaction on it a second time.
    """

    def __init__(self, target, settings_dict):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "settings_dict", settings_dict)

    def __getattr__(self, name):
        return getattr(self._target, name)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Once the test databases exist, the replica alias reads through the default connection
    (this thread's). tests/sanctions_tracker/test_db_router.py gives it a connection of its
    own where a test must see which database served a request."""
    mirror = connections[REPLICA]
    connections[REPLICA] = SharedConnection(connections["default"], mirror.settings_dict)
    yield
    connections[REPLICA] = mirror


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


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """``with run_jobs():`` around a request: the jobs it queued run when the block ends, as
    they would at its commit (the test settings' ImmediateBackend runs them inline)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded inputs and job results in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
