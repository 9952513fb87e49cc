"""Management commands: the local admin account, and load_seed on an empty folder."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from entities.models import Entity

pytestmark = pytest.mark.django_db

PASSWORD = re.compile(r"password '([^']+)'")


def _run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_ensure_local_admin_creates_the_superuser_admin():
    """With no superuser, the command creates the superuser ``admin``."""
    _run("ensure_local_admin")

    users = get_user_model().objects.all()
    assert [(u.username, u.is_superuser, u.is_staff) for u in users] == [("admin", True, True)]


def test_ensure_local_admin_prints_a_password_that_logs_in(client):
    """The password printed once logs in to the admin."""
    out, _ = _run("ensure_local_admin")

    [password] = PASSWORD.findall(out)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": password}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_ensure_local_admin_second_run_creates_nothing_and_prints_no_password():
    """Run again, it creates no account and prints no password."""
    first, _ = _run("ensure_local_admin")
    [password] = PASSWORD.findall(first)
    user = get_user_model().objects.get()

    second, _ = _run("ensure_local_admin")

    assert second.strip() == "A superuser exists already; no account created."
    assert password not in second
    assert "password" not in second.lower()
    assert list(get_user_model().objects.values_list("pk", flat=True)) == [user.pk]
    user.refresh_from_db()
    assert user.check_password(password)


def test_ensure_local_admin_leaves_an_existing_superuser_alone(superuser):
    """With a superuser already there, no ``admin`` account is created."""
    out, _ = _run("ensure_local_admin")

    assert not PASSWORD.search(out)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["analyst"]


def test_load_seed_on_an_empty_folder_says_there_is_nothing(tmp_path):
    """``load_seed --fixtures-dir <empty folder>`` says there are no fixtures and loads nothing."""
    out, err = _run("load_seed", "--fixtures-dir", str(tmp_path))

    output = out + err
    assert "No fixtures" in output
    assert str(tmp_path) in output
    assert not Entity.objects.exists()
    assert not Entity.history.exists()
