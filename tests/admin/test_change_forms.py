"""Change forms: inlines, partial dates, designation rules, refused deletion, autocomplete."""

from __future__ import annotations

import datetime as dt

import pytest

from entities.models import Designation
from events.models import Event
from sanctions_tracker.partial_dates import PartialDate
from tests import factories as f
from tests.admin import add_inline_row, admin_url, inline_formset, post_data_from

pytestmark = pytest.mark.django_db


def _form_errors(response) -> dict:
    return response.context["adminform"].form.errors


# ---------------------------------------------------------------------------------------------
# Entity with inlines
# ---------------------------------------------------------------------------------------------


def test_entity_change_form_saves_a_new_alias_and_identifier_in_one_post(admin_client_logged_in):
    """One POST of the entity form adds an alias row and an identifier row."""
    entity = f.EntityFactory(name="National Development Complex")
    page = admin_client_logged_in.get(admin_url(entity))
    data = post_data_from(page)
    add_inline_row(data, page, "aliases", name="NDC", kind="aka", is_weak="on")
    add_inline_row(
        data, page, "identifiers", scheme="registration_number", value="REG-42", country="PK"
    )

    response = admin_client_logged_in.post(admin_url(entity), data)

    assert response.status_code == 302
    assert list(entity.aliases.values_list("name", "kind", "is_weak", "name_folded")) == [
        ("NDC", "aka", True, "ndc")
    ]
    assert list(entity.identifiers.values_list("scheme", "value", "country")) == [
        ("registration_number", "REG-42", "PK")
    ]


def test_entity_with_a_relationship_saves_through_the_admin(admin_client_logged_in):
    """An entity whose relationship has no start or end date can be saved (blank = no date)."""
    entity = f.EntityFactory(name="Before")
    f.RelationshipFactory(subject=entity)
    page = admin_client_logged_in.get(admin_url(entity))
    data = {**post_data_from(page), "name": "After"}

    response = admin_client_logged_in.post(admin_url(entity), data)

    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name == "After"


def test_entity_date_inline_saves_a_range(admin_client_logged_in):
    """A date of birth typed as ``1960/1965`` in the entity's inline saves a range from
    1960-01-01 to 1965-12-31, with the source's words and "approximate"; the page shows it
    back as ``1960/1965``."""
    person = f.EntityFactory(kind="person", name="A person")
    page = admin_client_logged_in.get(admin_url(person))
    data = post_data_from(page)
    add_inline_row(
        data,
        page,
        "dates",
        kind="birth",
        date_0="1960/1965",
        date_1="BETWEEN 1960 AND 1965",
        approximate="on",
    )

    response = admin_client_logged_in.post(admin_url(person), data)

    assert response.status_code == 302
    [date] = person.dates.all()
    assert (date.kind, date.approximate) == ("birth", True)
    assert (date.date_precision, date.date_earliest, date.date_latest, date.date_text) == (
        "range",
        dt.date(1960, 1, 1),
        dt.date(1965, 12, 31),
        "BETWEEN 1960 AND 1965",
    )
    again = post_data_from(admin_client_logged_in.get(admin_url(person)))
    assert (again["dates-0-date_0"], again["dates-0-date_1"]) == (
        "1960/1965",
        "BETWEEN 1960 AND 1965",
    )


def test_entity_date_inline_refuses_a_range_that_runs_backwards(admin_client_logged_in):
    """``1965/1960`` is an error on the inline row's date, and nothing is saved."""
    person = f.EntityFactory(kind="person", name="A person")
    page = admin_client_logged_in.get(admin_url(person))
    data = post_data_from(page)
    add_inline_row(data, page, "dates", kind="birth", date_0="1965/1960")

    response = admin_client_logged_in.post(admin_url(person), data)

    assert response.status_code == 200
    [row_errors] = [e for e in inline_formset(response, "dates").errors if e]
    assert row_errors["date"] == [
        "1965/1960 is not a date range: the end, 1960, is before the start, 1965."
    ]
    assert not person.dates.exists()


def test_partial_date_help_text_mentions_ranges(admin_client_logged_in):
    """The date box tells the analyst a range is typed with '/'."""
    page = admin_client_logged_in.get(admin_url(f.EntityFactory()))
    field = inline_formset(page, "dates").empty_form.fields["date"]
    assert "1960/1965" in field.help_text


# ---------------------------------------------------------------------------------------------
# Partial dates on events
# ---------------------------------------------------------------------------------------------


def test_event_year_saves_year_precision_and_the_whole_year(admin_client_logged_in):
    """``occurred_0=1998`` saves precision year, 1998-01-01 .. 1998-12-31, no words."""
    page = admin_client_logged_in.get(admin_url(Event, "add"))
    data = {
        **post_data_from(page),
        "kind": "nuclear_test",
        "title": "Underground nuclear tests",
        "occurred_0": "1998",
        "occurred_1": "",
    }

    response = admin_client_logged_in.post(admin_url(Event, "add"), data)

    assert response.status_code == 302
    event = Event.objects.get(title="Underground nuclear tests")
    assert (
        event.occurred_precision,
        event.occurred_earliest,
        event.occurred_latest,
        event.occurred_text,
    ) == ("year", dt.date(1998, 1, 1), dt.date(1998, 12, 31), "")


def test_event_unknown_date_keeps_the_source_words(admin_client_logged_in):
    """``unknown`` with the words ``Thursday`` saves precision unknown, no range, the words."""
    event = f.EventFactory()
    page = admin_client_logged_in.get(admin_url(event))
    data = {**post_data_from(page), "occurred_0": "unknown", "occurred_1": "Thursday"}

    response = admin_client_logged_in.post(admin_url(event), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.occurred == PartialDate(precision="unknown", text="Thursday")
    assert (event.occurred_earliest, event.occurred_latest) == (None, None)


def test_event_invalid_month_is_an_error_on_the_date_and_saves_nothing(admin_client_logged_in):
    """``2024-13`` gives an error on the date field; neither it nor the new title is saved."""
    event = f.EventFactory(title="Statement")
    history_before = event.history.count()
    page = admin_client_logged_in.get(admin_url(event))
    data = {**post_data_from(page), "title": "Changed title", "occurred_0": "2024-13"}

    response = admin_client_logged_in.post(admin_url(event), data)

    assert response.status_code == 200
    errors = _form_errors(response)
    assert list(errors) == ["occurred"]
    assert errors["occurred"][0].startswith("2024-13 is not a date on the calendar")
    event.refresh_from_db()
    assert (event.title, event.occurred.iso, event.version) == ("Statement", "2024-12-19", 1)
    assert event.history.count() == history_before


def test_event_blank_date_saves_as_unknown(admin_client_logged_in):
    """A blank date on an event (a required date) means unknown, as its help text says."""
    event = f.EventFactory()
    page = admin_client_logged_in.get(admin_url(event))
    data = {**post_data_from(page), "occurred_0": "", "occurred_1": ""}

    response = admin_client_logged_in.post(admin_url(event), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.occurred == PartialDate.unknown()


# ---------------------------------------------------------------------------------------------
# Designation rules
# ---------------------------------------------------------------------------------------------


def test_designation_listed_after_its_delisting_is_a_form_error(admin_client_logged_in):
    """Moving the listing of a delisted designation after its delisting is a form error
    (the delisting itself is read-only there), and nothing changes."""
    designation = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))  # listed 2024-12-18
    version = designation.version
    page = admin_client_logged_in.get(admin_url(designation))
    data = {**post_data_from(page), "listed_0": "2025-06-01", "reason": "changed"}

    response = admin_client_logged_in.post(admin_url(designation), data)

    assert response.status_code == 200
    assert (
        "The delisting (2025-01) cannot come before the listing (2025-06-01)."
        in _form_errors(response)["__all__"]
    )
    designation.refresh_from_db()
    assert designation.listed == PartialDate.parse("2024-12-18")
    assert (designation.reason, designation.version) == ("", version)


def test_second_active_designation_under_a_programme_is_a_form_error(admin_client_logged_in):
    """Adding a second active designation of an entity under the same programme is a form
    error (not an IntegrityError), and only the first designation exists."""
    first = f.DesignationFactory()
    page = admin_client_logged_in.get(admin_url(Designation, "add"))
    data = {
        **post_data_from(page),
        "entity": str(first.entity_id),
        "body": str(first.body_id),
        "programme": str(first.programme_id),
        "listed_0": "2025-01-01",
    }

    response = admin_client_logged_in.post(admin_url(Designation, "add"), data)

    assert response.status_code == 200
    assert _form_errors(response)["__all__"] == [
        "This entity already has an active designation under this programme: "
        "delist it first, or edit it."
    ]
    assert list(Designation.objects.values_list("pk", flat=True)) == [first.pk]


def test_designation_delete_view_is_refused(admin_client_logged_in):
    """The delete page of a designation answers 403 to GET and POST; the row stays."""
    designation = f.DesignationFactory()
    url = admin_url(designation, "delete")

    assert admin_client_logged_in.get(url).status_code == 403
    assert admin_client_logged_in.post(url, {"post": "yes"}).status_code == 403
    assert Designation.objects.filter(pk=designation.pk).exists()


def test_designation_changelist_offers_no_delete_action(admin_client_logged_in):
    """The designation changelist's actions are delist and export, not delete."""
    f.DesignationFactory()

    response = admin_client_logged_in.get(admin_url(Designation, "changelist"))

    choices = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert choices == ["", "delist", "export_csv"]


def test_designation_delete_action_posted_anyway_deletes_nothing(admin_client_logged_in):
    """A forged ``delete_selected`` action on designations deletes nothing."""
    designation = f.DesignationFactory()

    admin_client_logged_in.post(
        admin_url(Designation, "changelist"),
        {"action": "delete_selected", "_selected_action": [designation.pk], "post": "yes"},
    )

    assert Designation.objects.filter(pk=designation.pk).exists()


# ---------------------------------------------------------------------------------------------
# Autocomplete
# ---------------------------------------------------------------------------------------------


def _autocomplete(client, app_label: str, model_name: str, field_name: str, term: str):
    return client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def test_designation_entity_autocomplete_finds_an_entity_by_alias(admin_client_logged_in):
    """The designation form's entity autocomplete finds an entity by a folded alias."""
    entity = f.EntityFactory(name="SG Group")
    f.AliasFactory(entity=entity, name="Société Générale")
    f.EntityFactory(name="Generali Holdings")

    response = _autocomplete(
        admin_client_logged_in, "entities", "designation", "entity", "GENERALE"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [{"id": str(entity.pk), "text": "SG Group"}],
        "pagination": {"more": False},
    }


def test_entity_autocomplete_does_not_list_unmatched_entities(admin_client_logged_in):
    """A term matching no name, alias or identifier gives no results."""
    f.EntityFactory(name="SG Group")

    response = _autocomplete(
        admin_client_logged_in, "entities", "designation", "entity", "nothing like it"
    )

    assert response.json()["results"] == []


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "make"),
    [
        (
            "entities",
            "designation",
            "entity",
            lambda title: f.EntityFactory(name=title),
        ),
        (
            "sources",
            "citation",
            "source",
            lambda title: f.SourceFactory(title=title),
        ),
        (
            "events",
            "eventparticipant",
            "event",
            lambda title: f.EventFactory(title=title, occurred=PartialDate.unknown()),
        ),
    ],
    ids=["entity", "source", "event"],
)
def test_autocomplete_pages_results_in_a_defined_order(
    admin_client_logged_in, app_label, model_name, field_name, make
):
    """The autocomplete lists its matches in the model's order (names A to Z), so that its
    pages neither repeat nor skip a record."""
    records = [make(title) for title in ("Zeta target", "Alpha target", "Mid target")]
    model = type(records[0])
    expected = [str(r.pk) for r in model.objects.filter(pk__in=[r.pk for r in records])]

    response = _autocomplete(admin_client_logged_in, app_label, model_name, field_name, "target")

    assert [result["id"] for result in response.json()["results"]] == expected
