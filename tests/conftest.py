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
