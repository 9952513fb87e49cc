"""Two analysts editing the same record: the later, stale save is refused, never silent."""

from __future__ import annotations

import pytest
from django.test import Client

from entities.models import Alias, Entity
from sanctions_tracker.forms import CuratedModelForm
from tests import factories as f
from tests.admin import admin_url, inline_formset, post_data_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(second_analyst):
    client = Client()
    client.force_login(second_analyst)
    return client


@pytest.fixture
def entity():
    entity = f.EntityFactory(name="Original name", notes="original notes")
    f.AliasFactory(entity=entity, name="Original alias")
    return entity


def _open(client, record) -> dict:
    """GET the change form and return what posting it back unchanged would send."""
    return post_data_from(client.get(admin_url(record)))


def _alias_key(data: dict, field: str) -> str:
    [key] = [k for k in data if k.startswith("aliases-0-") and k.endswith(f"-{field}")]
    return key


def _current(record):
    return type(record).objects.get(pk=record.pk)


# ---------------------------------------------------------------------------------------------
# Refused at the form check
# ---------------------------------------------------------------------------------------------


def test_stale_entity_form_is_refused_naming_the_colleague(
    admin_client_logged_in, colleague_client, entity
):
    """A's form, opened before B saved through the admin, comes back with an error naming B;
    B's value stays."""
    a_form = _open(admin_client_logged_in, entity)
    b_form = _open(colleague_client, entity)
    assert (
        colleague_client.post(admin_url(entity), {**b_form, "name": "B's name"}).status_code == 302
    )

    response = admin_client_logged_in.post(admin_url(entity), {**a_form, "name": "A's name"})

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert error.startswith("colleague (at ")
    assert "saved this entity (now version 2) after you opened it (version 1)" in error
    assert "Nothing was saved" in error
    assert "saved this entity (now version 2)" in response.content.decode()
    assert (_current(entity).name, _current(entity).version) == ("B's name", 2)


def test_stale_entity_form_after_a_direct_save_is_refused(admin_client_logged_in, entity):
    """A's form, opened before someone saved the entity with the ORM, is refused; their value
    stays."""
    a_form = _open(admin_client_logged_in, entity)
    theirs = _current(entity)
    theirs.name = "Their name"
    theirs.save()

    response = admin_client_logged_in.post(admin_url(entity), {**a_form, "name": "A's name"})

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert error.startswith(
        "Someone else saved this entity (now version 2) after you opened it (version 1)."
    )
    assert _current(entity).name == "Their name"


def test_stale_alias_row_is_refused_and_nothing_is_saved(admin_client_logged_in, entity):
    """An alias row changed by someone else after A opened the entity refuses A's whole form:
    the alias keeps their name and the entity keeps its notes."""
    a_form = _open(admin_client_logged_in, entity)
    theirs = Alias.objects.get(entity=entity)
    theirs.name = "Their alias"
    theirs.save()
    a_form[_alias_key(a_form, "name")] = "A's alias"

    response = admin_client_logged_in.post(admin_url(entity), {**a_form, "notes": "A's notes"})

    assert response.status_code == 200
    [error] = inline_formset(response, "aliases").forms[0].non_field_errors()
    assert error.startswith(
        "Someone else saved this alias (now version 2) after you opened it (version 1)."
    )
    assert _current(theirs).name == "Their alias"
    assert (_current(entity).notes, _current(entity).version) == ("original notes", 1)


def test_stale_alias_row_refusal_names_the_colleague(
    admin_client_logged_in, colleague_client, entity
):
    """When B changed the alias through the admin, A's refusal on the alias row names B."""
    a_form = _open(admin_client_logged_in, entity)
    b_form = _open(colleague_client, entity)
    b_form[_alias_key(b_form, "name")] = "B's alias"
    assert colleague_client.post(admin_url(entity), b_form).status_code == 302
    a_form[_alias_key(a_form, "name")] = "A's alias"

    response = admin_client_logged_in.post(admin_url(entity), a_form)

    assert response.status_code == 200
    [error] = inline_formset(response, "aliases").forms[0].non_field_errors()
    assert error.startswith("colleague (at ")
    assert "saved this alias (now version 2)" in error
    assert Alias.objects.get(entity=entity).name == "B's alias"


def test_a_fresh_form_after_the_refusal_saves(admin_client_logged_in, entity):
    """After a refusal, reopening the form and saving again works, over the newer version."""
    stale = _open(admin_client_logged_in, entity)
    theirs = _current(entity)
    theirs.notes = "their notes"
    theirs.save()
    refused = admin_client_logged_in.post(admin_url(entity), {**stale, "name": "A's name"})
    assert refused.status_code == 200

    fresh = _open(admin_client_logged_in, entity)
    response = admin_client_logged_in.post(admin_url(entity), {**fresh, "name": "A's name"})

    assert response.status_code == 302
    current = _current(entity)
    assert (current.name, current.notes, current.version) == ("A's name", "their notes", 3)


# ---------------------------------------------------------------------------------------------
# A save between the form check and the write
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def check_passed_before_their_save(monkeypatch):
    """The form's version check as if it ran before the colleague saved: it compares nothing
    but still hands the opened version to the save, which must then catch the newer one.

    (Skipping the check entirely would not simulate the race: the admin loads the record
    afresh on POST, so without the opened version the save would carry the current one.)
    """

    def carry_opened_version(self, submitted):
        if self.instance.pk is not None and submitted is not None:
            self.instance.version = submitted

    monkeypatch.setattr(CuratedModelForm, "_check_version", carry_opened_version)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_save_racing_a_colleague_redirects_with_an_error(
    admin_client_logged_in, entity, check_passed_before_their_save
):
    """If the entity changes between the check and the save, the analyst is sent back to the
    form with an error, and the colleague's value stays."""
    a_form = _open(admin_client_logged_in, entity)
    theirs = _current(entity)
    theirs.name = "Their name"
    theirs.save()
    url = admin_url(entity)

    response = admin_client_logged_in.post(url, {**a_form, "name": "A's name"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert _messages(response) == [
        f"The entity {entity.pk} was changed by someone else after you opened it (your version "
        "1, now version 2); your changes were not saved. Reload it to see their changes, then "
        "make yours again."
    ]
    assert (_current(entity).name, _current(entity).version) == ("Their name", 2)


def test_save_racing_a_colleague_on_an_inline_writes_nothing(
    admin_client_logged_in, entity, check_passed_before_their_save
):
    """If an alias row changes between the check and the save, the entity's own change (saved
    first) is rolled back with it: nothing is half-written, not even history."""
    a_form = _open(admin_client_logged_in, entity)
    theirs = Alias.objects.get(entity=entity)
    theirs.name = "Their alias"
    theirs.save()
    a_form[_alias_key(a_form, "name")] = "A's alias"
    history_rows = entity.history.count()

    response = admin_client_logged_in.post(
        admin_url(entity), {**a_form, "notes": "A's notes"}, follow=True
    )

    assert response.redirect_chain == [(admin_url(entity), 302)]
    assert _messages(response)[0].startswith(
        f"The alias {theirs.pk} was changed by someone else after you opened it"
    )
    current = _current(entity)
    assert (current.notes, current.version) == ("original notes", 1)
    assert entity.history.count() == history_rows
    assert _current(theirs).name == "Their alias"
    assert Entity.objects.count() == 1


def test_form_without_its_loaded_version_is_refused(admin_client_logged_in, entity):
    """A change form posted without ``loaded_version`` cannot prove it is not stale: it is
    refused and nothing is saved (regression: it skipped the check)."""
    data = _open(admin_client_logged_in, entity)
    data.pop("loaded_version")

    response = admin_client_logged_in.post(admin_url(entity), {**data, "name": "Unchecked"})

    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    assert _current(entity).name == "Original name"
