"""Delisting has one path in the admin: the delist page of a designation, or the changelist's
action, both with a date and a source. Change forms, the add form and the entity's inline
show the delisting read-only and cannot set or clear it."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests import factories as f
from tests.admin import add_inline_row, admin_url, inline_formset, post_data_from

pytestmark = pytest.mark.django_db


def _state(designation) -> tuple:
    row = Designation.objects.get(pk=designation.pk)
    return (row.delisted, Citation.objects.filter(designation=row).count())


def _delist_link(designation) -> str:
    return f'href="{admin_url(designation, "delist")}"'


# ---------------------------------------------------------------------------------------------
# The designation's change and add forms
# ---------------------------------------------------------------------------------------------


def test_change_form_shows_delisted_read_only_with_the_delist_link(admin_client_logged_in):
    """An active designation's page has no input for the delisting: it says "Active" and
    links to the delist page."""
    designation = f.DesignationFactory()

    response = admin_client_logged_in.get(admin_url(designation))

    content = response.content.decode()
    assert "delisted" not in response.context["adminform"].form.fields
    assert 'name="delisted_0"' not in content
    assert _delist_link(designation) in content


def test_change_form_cannot_delist(admin_client_logged_in):
    """A delisted date posted with the change form anyway is ignored: the other changes are
    saved, the designation stays active, and no citation is made."""
    designation = f.DesignationFactory()
    page = admin_client_logged_in.get(admin_url(designation))
    data = {**post_data_from(page), "delisted_0": "2025-03-01", "reason": "changed"}

    response = admin_client_logged_in.post(admin_url(designation), data)

    assert response.status_code == 302
    assert Designation.objects.get(pk=designation.pk).reason == "changed"
    assert _state(designation) == (PartialDate.none(), 0)


def test_change_form_of_a_delisted_designation_keeps_its_delisting(admin_client_logged_in):
    """A delisted designation's page shows the date, offers no delist link, and saving it
    (with a blank delisting posted) keeps the delisting."""
    designation = f.DesignationFactory(delisted=PartialDate.parse("2025-01", "in January"))
    page = admin_client_logged_in.get(admin_url(designation))
    assert "2025-01 (in January)" in page.content.decode()
    assert _delist_link(designation) not in page.content.decode()
    data = {**post_data_from(page), "delisted_0": "", "delisted_1": "", "notes": "checked"}

    response = admin_client_logged_in.post(admin_url(designation), data)

    assert response.status_code == 302
    row = Designation.objects.get(pk=designation.pk)
    assert (row.delisted, row.notes) == (PartialDate.parse("2025-01", "in January"), "checked")


def test_add_form_makes_an_active_designation(admin_client_logged_in):
    """The add form has no delisting input; a delisted date posted anyway is ignored: a new
    designation is active."""
    programme = f.ProgrammeFactory()
    entity = f.EntityFactory()
    page = admin_client_logged_in.get(admin_url(Designation, "add"))
    assert 'name="delisted_0"' not in page.content.decode()
    data = {
        **post_data_from(page),
        "entity": str(entity.pk),
        "body": str(programme.body_id),
        "programme": str(programme.pk),
        "listed_0": "2025-01-01",
        "delisted_0": "2025-03-01",
    }

    response = admin_client_logged_in.post(admin_url(Designation, "add"), data)

    assert response.status_code == 302
    designation = Designation.objects.get(entity=entity)
    assert designation.is_active


# ---------------------------------------------------------------------------------------------
# The entity's designation inline
# ---------------------------------------------------------------------------------------------


def test_entity_inline_shows_delisted_read_only_and_keeps_it(admin_client_logged_in):
    """The entity's designation rows show the delisting read-only (a delist link for the
    active one); saving the entity, with delisted dates posted anyway, changes neither."""
    entity = f.EntityFactory()
    active = f.DesignationFactory(entity=entity)
    delisted = f.DesignationFactory(entity=entity, delisted=PartialDate.parse("2025-01"))
    page = admin_client_logged_in.get(admin_url(entity))
    content = page.content.decode()
    assert "delisted" not in inline_formset(page, "designations").forms[0].fields
    assert "-delisted_0" not in content
    assert _delist_link(active) in content
    data = post_data_from(page)
    for index in range(2):
        data[f"designations-{index}-delisted_0"] = "2026-01-01"

    response = admin_client_logged_in.post(admin_url(entity), {**data, "notes": "checked"})

    assert response.status_code == 302
    assert _state(active) == (PartialDate.none(), 0)
    assert _state(delisted) == (PartialDate.parse("2025-01"), 0)


def test_entity_inline_adds_an_active_designation(admin_client_logged_in):
    """A designation added in the entity's inline is active, whatever delisting is posted."""
    entity = f.EntityFactory()
    programme = f.ProgrammeFactory()
    page = admin_client_logged_in.get(admin_url(entity))
    data = post_data_from(page)
    add_inline_row(
        data,
        page,
        "designations",
        body=str(programme.body_id),
        programme=str(programme.pk),
        listed_0="2025-01-01",
        delisted_0="2025-03-01",
    )

    response = admin_client_logged_in.post(admin_url(entity), data)

    assert response.status_code == 302
    assert entity.designations.get().is_active


# ---------------------------------------------------------------------------------------------
# The delist page of one designation
# ---------------------------------------------------------------------------------------------


def test_delist_page_asks_for_the_date_and_the_source(admin_client_logged_in):
    """The page linked from the change form has the action's form, for this designation."""
    designation = f.DesignationFactory()

    response = admin_client_logged_in.get(admin_url(designation, "delist"))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/entities/designation/delist.html"
    assert set(response.context["form"].fields) == {"delisted", "source", "quote", "locator"}
    assert list(response.context["designations"]) == [designation]
    content = response.content.decode()
    assert f'href="{admin_url(designation)}"' in content  # the breadcrumb back
    assert ACTION_CHECKBOX_NAME not in content


def test_delist_page_delists_with_the_citation(admin_client_logged_in, superuser):
    """Posting the page delists the designation through the service: the date, a citation
    for the field 'delisted', history under the analyst; back to the designation."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    response = admin_client_logged_in.post(
        admin_url(designation, "delist"),
        {"delisted_0": "unknown", "delisted_1": "last week", "source": source.pk, "quote": "q"},
        follow=True,
    )

    assert response.redirect_chain == [(admin_url(designation), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Delisted 1 designation(s) on unknown (last week)."
    ]
    assert _state(designation) == (PartialDate.unknown("last week"), 1)
    citation = Citation.objects.get(designation=designation)
    assert (citation.source, citation.field, citation.quote) == (source, "delisted", "q")
    assert designation.history.order_by("-history_id").first().history_user == superuser


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"delisted_0": "", "quote": "q"}, "delisting date"),
        ({"delisted_0": "2025-03-01"}, "locator"),
    ],
)
def test_delist_page_needs_the_date_and_a_citation(admin_client_logged_in, fields, error):
    """Without a date, or without a quote or a locator, the page says so; nothing changes."""
    designation = f.DesignationFactory()
    data = {"delisted_1": "", "quote": "", "locator": "", "source": f.SourceFactory().pk}

    response = admin_client_logged_in.post(admin_url(designation, "delist"), {**data, **fields})

    assert response.status_code == 200
    messages = [m for errors in response.context["form"].errors.values() for m in errors]
    assert any(error in message for message in messages), messages
    assert _state(designation) == (PartialDate.none(), 0)


def test_delist_page_of_a_delisted_designation_is_refused(admin_client_logged_in):
    designation = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))

    response = admin_client_logged_in.post(
        admin_url(designation, "delist"),
        {"delisted_0": "2025-03-01", "source": f.SourceFactory().pk, "quote": "again"},
    )

    assert response.status_code == 200
    assert (
        f"{designation}: already delisted (2025-01)." in response.context["form"].non_field_errors()
    )
    assert _state(designation) == (PartialDate.parse("2025-01"), 0)


def test_delist_page_of_a_missing_designation_redirects(admin_client_logged_in):
    response = admin_client_logged_in.get("/admin/entities/designation/999999/delist/")

    assert response.status_code == 302


# ---------------------------------------------------------------------------------------------
# Who may delist
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(client, django_user_model):
    """A staff user who may only view designations."""
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_designation"))
    client.force_login(user)
    return client


def test_a_viewer_cannot_delist(viewer_client):
    """Delisting needs the change permission: a viewer gets 403 on the delist page, is not
    offered the action, and a forged action changes nothing."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    page = viewer_client.get(admin_url(designation, "delist"))
    changelist = viewer_client.get(admin_url(Designation, "changelist"))
    forged = viewer_client.post(
        admin_url(Designation, "changelist"),
        {
            "action": "delist",
            ACTION_CHECKBOX_NAME: [designation.pk],
            "apply": "1",
            "delisted_0": "2025-03-01",
            "source": source.pk,
            "quote": "q",
        },
    )

    assert page.status_code == 403
    assert "delist" not in dict(changelist.context["action_form"].fields["action"].choices)
    assert forged.status_code in (200, 302)
    assert _state(designation) == (PartialDate.none(), 0)
