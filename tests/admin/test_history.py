"""History written by admin edits, and the history page that shows it."""

from __future__ import annotations

import pytest

from entities.models import Alias, Entity
from tests import factories as f
from tests.admin import add_inline_row, admin_url, post_data_from

pytestmark = pytest.mark.django_db


def _save_entity(client, entity, **changes):
    page = client.get(admin_url(entity))
    response = client.post(admin_url(entity), {**post_data_from(page), **changes})
    assert response.status_code == 302
    return response


def test_admin_edit_writes_a_history_row_by_the_analyst(admin_client_logged_in, superuser):
    """An admin edit adds a '~' history row with the analyst as its user and the new value."""
    entity = f.EntityFactory(name="Old name")

    _save_entity(admin_client_logged_in, entity, name="New name")

    latest = entity.history.first()
    assert (latest.history_type, latest.history_user, latest.name) == ("~", superuser, "New name")


def test_the_row_before_an_admin_edit_holds_the_old_value(admin_client_logged_in):
    """The history row before the edit still holds the value the edit replaced."""
    entity = f.EntityFactory(name="Old name")

    _save_entity(admin_client_logged_in, entity, name="New name")

    latest = entity.history.first()
    assert (latest.prev_record.name, latest.prev_record.version) == ("Old name", 1)
    assert latest.version == 2
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == ["name"]


def test_history_page_shows_the_old_and_new_values(admin_client_logged_in):
    """The entity's history page answers 200 and shows the changed field's old and new values."""
    entity = f.EntityFactory(notes="notes before the edit")
    _save_entity(admin_client_logged_in, entity, notes="notes after the edit")

    response = admin_client_logged_in.get(f"/admin/entities/entity/{entity.pk}/history/")

    assert response.status_code == 200
    latest = response.context["entries"][0]
    assert ("Notes", "notes before the edit", "notes after the edit") in [
        (change.field, change.before, change.after) for change in latest.changes
    ]
    content = response.content.decode()
    assert "notes before the edit" in content
    assert "notes after the edit" in content


def test_adding_an_alias_inline_writes_an_alias_history_row(admin_client_logged_in, superuser):
    """An alias added on the entity page gets a '+' history row by the analyst."""
    entity = f.EntityFactory()
    page = admin_client_logged_in.get(admin_url(entity))
    data = add_inline_row(post_data_from(page), page, "aliases", name="NDC")

    admin_client_logged_in.post(admin_url(entity), data)

    alias = Alias.objects.get(entity=entity)
    rows = list(alias.history.values_list("history_type", "history_user", "name"))
    assert rows == [("+", superuser.pk, "NDC")]


def test_deleting_an_entity_through_the_admin_leaves_a_deletion_row(
    admin_client_logged_in, superuser
):
    """Deleting an entity in the admin keeps its history, ending with a '-' row by the analyst."""
    entity = f.EntityFactory(name="Short-lived")
    pk = entity.pk

    response = admin_client_logged_in.post(admin_url(entity, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Entity.objects.filter(pk=pk).exists()
    last = Entity.history.filter(id=pk).first()
    assert (last.history_type, last.history_user, last.name) == ("-", superuser, "Short-lived")
