"""A save from a stale version writes nothing, through the API and the admin, committed.

These tests commit (``transaction=True``): what they read back is what another connection
would see, not the inside of a test's own transaction.
"""

from __future__ import annotations

import pytest

from entities.models import Alias, Designation, Entity, Identifier
from sanctions_tracker.api import views as api_views
from sanctions_tracker.forms import CuratedModelForm
from tests import factories as f
from tests.admin import add_inline_row, admin_url, post_data_from
from tests.transactional import restore_measures, token_client, user_with_permissions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator_api(django_user_model):
    restore_measures()
    user = user_with_permissions(
        django_user_model, "curator", "view_designation", "change_designation"
    )
    return token_client(user)


@pytest.fixture
def analyst_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("analyst", password="pw"))
    return client


def _row(designation) -> tuple:
    """The committed designation: its values, measures, version and history rows."""
    row = Designation.objects.get(pk=designation.pk)
    return (
        row.reason,
        row.notes,
        sorted(row.measures.values_list("code", flat=True)),
        row.version,
        row.history.count(),
    )


def _their_save(designation) -> None:
    """Someone else saves the designation: version 2."""
    theirs = Designation.objects.get(pk=designation.pk)
    theirs.reason = "Their reason."
    theirs.save()


# ---------------------------------------------------------------------------------------------
# API: PUT and PATCH with an old If-Match
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch"])
def test_api_write_with_an_old_if_match_is_a_412_and_writes_nothing(curator_api, method):
    """A PUT or PATCH naming version 1 after someone saved version 2 is a 412; their values
    stay, and no history row is added."""
    designation = f.DesignationFactory(measures=["asset_freeze"])
    _their_save(designation)
    before = _row(designation)
    payload = {"reason": "My reason.", "notes": "Mine.", "measures": ["travel_ban"]}
    if method == "put":
        payload.update(
            entity=designation.entity_id,
            body=designation.body_id,
            programme=designation.programme_id,
            listed="2024-12-18",
        )

    response = getattr(curator_api, method)(
        f"/api/v1/designations/{designation.pk}/", payload, format="json", HTTP_IF_MATCH='"v1"'
    )

    assert response.status_code == 412, response.content
    assert _row(designation) == before
    assert before[:4] == ("Their reason.", "", ["asset_freeze"], 2)


@pytest.fixture
def if_match_passed_before_their_save(monkeypatch):
    """The If-Match check as if it ran before the other save: it compares nothing but hands
    the version the client named to the save, which must then find the newer one."""

    def as_named(header, instance):
        return int(header.strip('"v'))

    monkeypatch.setattr(api_views, "_expected_version", as_named)


def test_api_write_racing_another_save_is_a_412_and_writes_nothing(
    curator_api, if_match_passed_before_their_save
):
    """If the record changes between the If-Match check and the write, the write (record and
    measures) is refused with a 412 and nothing of it is committed."""
    designation = f.DesignationFactory(measures=["asset_freeze"])
    _their_save(designation)
    before = _row(designation)

    response = curator_api.patch(
        f"/api/v1/designations/{designation.pk}/",
        {"reason": "My reason.", "measures": ["travel_ban"]},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )

    assert response.status_code == 412, response.content
    assert "your version 1, now version 2" in response.json()["detail"]
    assert _row(designation) == before


# ---------------------------------------------------------------------------------------------
# Admin: a change form opened before someone else saved
# ---------------------------------------------------------------------------------------------


def test_admin_designation_form_from_an_old_version_writes_nothing(analyst_client):
    """The designation's change form opened at version 1 and posted after someone saved
    version 2 is refused: their values stay, no history row is added."""
    designation = f.DesignationFactory()
    opened = post_data_from(analyst_client.get(admin_url(designation)))
    assert opened["loaded_version"] == "1"
    _their_save(designation)
    before = _row(designation)

    response = analyst_client.post(
        admin_url(designation), {**opened, "reason": "My reason.", "notes": "Mine."}
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert "(now version 2) after you opened it (version 1)" in error
    assert _row(designation) == before


@pytest.fixture
def check_passed_before_their_save(monkeypatch):
    """The form's version check as if it ran before the other save (see test_stale_edits)."""

    def carry_opened_version(self, submitted):
        if self.instance.pk is not None and submitted is not None:
            self.instance.version = submitted

    monkeypatch.setattr(CuratedModelForm, "_check_version", carry_opened_version)


def test_admin_entity_form_racing_a_save_of_an_identifier_writes_nothing(
    analyst_client, check_passed_before_their_save
):
    """The entity is saved first, then its inlines in order: aliases before identifiers. If
    an identifier turns out stale at its save, the entity's change and the new alias row
    saved before it are rolled back with it: nothing of the form is committed."""
    entity = f.EntityFactory(name="Original name", notes="original notes")
    identifier = f.IdentifierFactory(entity=entity, value="REG-1")
    page = analyst_client.get(admin_url(entity))
    opened = post_data_from(page)
    theirs = Identifier.objects.get(pk=identifier.pk)
    theirs.value = "REG-2"
    theirs.save()
    add_inline_row(opened, page, "aliases", name="My alias", kind="aka")
    [value_key] = [k for k in opened if k.startswith("identifiers-0-") and k.endswith("-value")]
    history = (entity.history.count(), Alias.history.count(), Identifier.history.count())

    response = analyst_client.post(
        admin_url(entity), {**opened, value_key: "REG-3", "notes": "My notes"}, follow=True
    )

    assert response.redirect_chain == [(admin_url(entity), 302)]
    current = Entity.objects.get(pk=entity.pk)
    assert (current.notes, current.version) == ("original notes", 1)
    assert not Alias.objects.exists()
    assert list(Identifier.objects.values_list("value", "version")) == [("REG-2", 2)]
    assert (
        entity.history.count(),
        Alias.history.count(),
        Identifier.history.count(),
    ) == history
