"""Changelist actions: delisting designations with a source, and the streamed CSV exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import StreamingHttpResponse
from django.utils import timezone

from entities.choices import EntityKind
from entities.models import Designation, Entity
from events.models import Event
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests import factories as f
from tests.admin import admin_url

pytestmark = pytest.mark.django_db

DESIGNATIONS_URL = admin_url(Designation, "changelist")


# ---------------------------------------------------------------------------------------------
# Delist
# ---------------------------------------------------------------------------------------------


def _delist(client, designations, **fields):
    """POST the delist action for ``designations``; ``fields`` fill the intermediate form."""
    data = {"action": "delist", ACTION_CHECKBOX_NAME: [d.pk for d in designations]}
    if fields:
        data = {"apply": "1", "delisted_1": "", "quote": "", "locator": "", **data, **fields}
    else:
        data["index"] = "0"  # the action bar of the changelist
    return client.post(DESIGNATIONS_URL, data)


def _state(designation):
    designation.refresh_from_db()
    return (designation.delisted, designation.version, designation.history.count())


def test_delist_action_shows_the_intermediate_form(admin_client_logged_in):
    """Choosing ``delist`` shows the page asking for the date and the source of the delisting."""
    first, second = f.DesignationFactory(), f.DesignationFactory()

    response = _delist(admin_client_logged_in, [first, second])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/entities/designation/delist.html"
    assert set(response.context["form"].fields) == {"delisted", "source", "quote", "locator"}
    assert not response.context["form"].is_bound
    assert {d.pk for d in response.context["designations"]} == {first.pk, second.pk}
    content = response.content.decode()
    assert 'name="delisted_0"' in content
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{first.pk}"' in content
    assert first.is_active and second.is_active


def test_delist_action_applied_delists_with_the_date(admin_client_logged_in):
    """Applying the form delists every selected designation on the given day."""
    first, second = f.DesignationFactory(), f.DesignationFactory()
    other = f.DesignationFactory()
    source = f.SourceFactory()

    response = _delist(
        admin_client_logged_in,
        [first, second],
        delisted_0="2025-03-01",
        source=source.pk,
        quote="The designations were lifted.",
    )

    assert response.status_code == 302
    for designation in (first, second):
        designation.refresh_from_db()
        assert designation.status == "delisted"
        assert designation.delisted == PartialDate.parse("2025-03-01")
    other.refresh_from_db()
    assert other.is_active


def test_delist_action_cites_the_source_for_each_designation(admin_client_logged_in, superuser):
    """Each delisted designation gets a citation of the source for its field ``delisted``,
    written by the analyst."""
    first, second = f.DesignationFactory(), f.DesignationFactory()
    source = f.SourceFactory()

    _delist(
        admin_client_logged_in,
        [first, second],
        delisted_0="2025-03-01",
        source=source.pk,
        quote="The designations were lifted.",
        locator="para. 2",
    )

    citations = Citation.objects.filter(source=source).order_by("designation_id")
    assert [(c.designation_id, c.field, c.quote, c.locator) for c in citations] == [
        (first.pk, "delisted", "The designations were lifted.", "para. 2"),
        (second.pk, "delisted", "The designations were lifted.", "para. 2"),
    ]
    assert {c.history.get().history_user for c in citations} == {superuser}


def test_delist_action_writes_history_with_the_analyst(admin_client_logged_in, superuser):
    """The delisting is a new history row by the analyst; the row before it is still active."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    _delist(
        admin_client_logged_in,
        [designation],
        delisted_0="2025-03-01",
        source=source.pk,
        quote="Lifted.",
    )

    latest = designation.history.first()
    assert (latest.history_type, latest.history_user, latest.delisted_precision) == (
        "~",
        superuser,
        "day",
    )
    assert latest.prev_record.delisted_precision == ""


def test_delist_action_without_quote_or_locator_changes_nothing(admin_client_logged_in):
    """Without a quote and without a locator the form comes back with an error; no change."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()
    before = _state(designation)

    response = _delist(
        admin_client_logged_in, [designation], delisted_0="2025-03-01", source=source.pk
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give the source's words (quote) or a locator."
    ]
    assert _state(designation) == before
    assert not Citation.objects.exists()


def test_delist_action_before_the_listing_changes_nothing(admin_client_logged_in):
    """A delisting date before the listing is refused with the reason; nothing changes."""
    designation = f.DesignationFactory()  # listed 2024-12-18
    source = f.SourceFactory()
    before = _state(designation)

    response = _delist(
        admin_client_logged_in,
        [designation],
        delisted_0="2024-01-01",
        source=source.pk,
        quote="Lifted.",
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith(str(designation))
    assert "The delisting (2024-01-01) cannot come before the listing (2024-12-18)." in errors[0]
    assert _state(designation) == before
    assert not Citation.objects.exists()


def test_delist_action_with_an_already_delisted_one_changes_neither(admin_client_logged_in):
    """Selecting an already delisted designation with an active one delists neither."""
    active = f.DesignationFactory()
    delisted = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))
    source = f.SourceFactory()
    before = (_state(active), _state(delisted))

    response = _delist(
        admin_client_logged_in,
        [active, delisted],
        delisted_0="2025-03-01",
        source=source.pk,
        quote="Lifted.",
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{delisted}: already delisted (2025-01)."
    ]
    assert (_state(active), _state(delisted)) == before
    assert not Citation.objects.exists()


def test_delist_action_with_an_unknown_date_keeps_the_source_words(admin_client_logged_in):
    """``unknown`` with the source's words delists on an unknown date that keeps the words."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    _delist(
        admin_client_logged_in,
        [designation],
        delisted_0="unknown",
        delisted_1="last week",
        source=source.pk,
        locator="list entry 12",
    )

    designation.refresh_from_db()
    assert designation.delisted == PartialDate.unknown("last week")
    assert designation.status == "delisted"


def test_delist_action_without_a_date_is_a_form_error(admin_client_logged_in):
    """Leaving the delisting date blank shows an error on the date; nothing changes."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    response = _delist(
        admin_client_logged_in, [designation], delisted_0="", source=source.pk, quote="Lifted."
    )

    assert response.status_code == 200
    assert response.context["form"].errors["delisted"] == ["Give the delisting date, or 'unknown'."]
    designation.refresh_from_db()
    assert designation.is_active


# ---------------------------------------------------------------------------------------------
# CSV export
# ---------------------------------------------------------------------------------------------

ENTITY_HEADERS = [
    "id",
    "uid",
    "kind",
    "name",
    "unnamed",
    "aliases",
    "countries",
    "dates",
    "addresses",
    "identifiers",
    "active_designations",
    "past_designations",
    "notes",
    "updated_at",
]
DESIGNATION_HEADERS = [
    "id",
    "uid",
    "entity_id",
    "entity",
    "entity_kind",
    "entity_countries",
    "body",
    "programme",
    "status",
    "listed",
    "listed_precision",
    "listed_text",
    "delisted",
    "delisted_precision",
    "delisted_text",
    "measures",
    "measures_text",
    "reason",
    "reference",
    "updated_at",
]
EVENT_HEADERS = [
    "id",
    "uid",
    "kind",
    "title",
    "date",
    "date_precision",
    "date_text",
    "country",
    "participants",
    "designation_ids",
    "description",
]


def _export(client, model, records, *, query: str = "", select_across: bool = False):
    data = {
        "action": "export_csv",
        "index": "0",
        ACTION_CHECKBOX_NAME: [r.pk for r in records],
        "select_across": "1" if select_across else "0",
    }
    return client.post(f"{admin_url(model, 'changelist')}{query}", data)


def _rows(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _by_header(rows) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize(
    ("model", "name"),
    [(Entity, "entities"), (Designation, "designations"), (Event, "events")],
)
def test_csv_export_is_a_streamed_attachment_named_after_resource_and_day(
    admin_client_logged_in, model, name
):
    """The export streams a CSV attachment called ``<resource>-<today>.csv``."""
    record = {
        Entity: f.EntityFactory,
        Designation: f.DesignationFactory,
        Event: f.EventFactory,
    }[model]()
    days = {timezone.localdate()}

    response = _export(admin_client_logged_in, model, [record])

    days.add(timezone.localdate())
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] in {
        f'attachment; filename="{name}-{day.isoformat()}.csv"' for day in days
    }


def test_entity_csv_export_has_the_documented_columns_and_one_row_per_selected(
    admin_client_logged_in,
):
    """Entities export with the documented header and exactly the selected rows, filled in."""
    ndc = f.EntityFactory(name="National Development Complex", notes="Islamabad")
    f.AliasFactory(entity=ndc, name="NDC")
    f.EntityCountryFactory(entity=ndc, country="PK")
    f.EntityDateFactory(entity=ndc, kind="established", date="1998")
    f.IdentifierFactory(entity=ndc, scheme="registration_number", value="R-1", country="PK")
    body = f.BodyFactory(code="US-DOS")
    f.DesignationFactory(entity=ndc, body=body, programme=f.ProgrammeFactory(body=body, code="NP"))
    other = f.EntityFactory(name="Also selected")
    f.EntityFactory(name="Not selected")

    rows = _rows(_export(admin_client_logged_in, Entity, [ndc, other]))

    assert rows[0] == ENTITY_HEADERS
    by_id = {row["id"]: row for row in _by_header(rows)}
    assert set(by_id) == {str(ndc.pk), str(other.pk)}
    assert {k: by_id[str(ndc.pk)][k] for k in ENTITY_HEADERS if k != "updated_at"} == {
        "id": str(ndc.pk),
        "uid": str(ndc.uid),
        "kind": "organization",
        "name": "National Development Complex",
        "unnamed": "false",
        "aliases": "NDC [aka]",
        "countries": "PK (located_in)",
        "dates": "established 1998",
        "addresses": "",
        "identifiers": "registration_number: R-1 (PK)",
        "active_designations": "US-DOS NP",
        "past_designations": "",
        "notes": "Islamabad",
    }


def test_designation_csv_export_has_the_documented_columns_and_one_row_per_selected(
    admin_client_logged_in,
):
    """Designations export with the documented header and exactly the selected rows."""
    chosen = f.DesignationFactory(delisted=PartialDate.parse("2025-03"), measures=["asset_freeze"])
    also = f.DesignationFactory()
    f.DesignationFactory()

    rows = _rows(_export(admin_client_logged_in, Designation, [chosen, also]))

    assert rows[0] == DESIGNATION_HEADERS
    by_id = {row["id"]: row for row in _by_header(rows)}
    assert set(by_id) == {str(chosen.pk), str(also.pk)}
    row = by_id[str(chosen.pk)]
    assert (row["status"], row["listed"], row["listed_precision"]) == (
        "delisted",
        "2024-12-18",
        "day",
    )
    assert (row["delisted"], row["delisted_precision"], row["measures"]) == (
        "2025-03",
        "month",
        "asset_freeze",
    )
    assert (row["body"], row["programme"]) == (chosen.body.code, chosen.programme.code)


def test_event_csv_export_has_the_documented_columns_and_one_row_per_selected(
    admin_client_logged_in,
):
    """Events export with the documented header and exactly the selected rows."""
    tests = f.EventFactory(title="Nuclear tests", occurred=PartialDate.parse("1998"), country="PK")
    f.EventParticipantFactory(event=tests, entity=f.EntityFactory(name="Pakistan"), role="actor")
    f.EventFactory(title="Not selected")

    rows = _rows(_export(admin_client_logged_in, Event, [tests]))

    assert rows[0] == EVENT_HEADERS
    [row] = _by_header(rows)
    assert {k: row[k] for k in ("id", "title", "date", "date_precision", "country")} == {
        "id": str(tests.pk),
        "title": "Nuclear tests",
        "date": "1998",
        "date_precision": "year",
        "country": "PK",
    }
    assert row["participants"] == "Pakistan (actor)"


def test_csv_export_select_across_exports_every_filtered_row(admin_client_logged_in, monkeypatch):
    """With "select all" and ``?kind=person``, every person is exported, across pages, and no
    one else."""
    monkeypatch.setattr(admin.site._registry[Entity], "list_per_page", 2)
    people = [f.EntityFactory(kind=EntityKind.PERSON) for _ in range(5)]
    for _ in range(3):
        f.EntityFactory(kind=EntityKind.ORGANIZATION)
    page = admin_client_logged_in.get(f"{admin_url(Entity, 'changelist')}?kind=person")
    on_first_page = list(page.context["cl"].result_list)
    assert len(on_first_page) == 2

    response = _export(
        admin_client_logged_in, Entity, on_first_page, query="?kind=person", select_across=True
    )

    exported = [int(row["id"]) for row in _by_header(_rows(response))]
    assert sorted(exported) == sorted(p.pk for p in people)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_defuses_formula_cells_in_names_and_aliases(admin_client_logged_in, prefix):
    """An entity name or alias that starts like a formula is written with a leading ``'``."""
    entity = f.EntityFactory(name=f"{prefix}HYPERLINK(1)")
    f.AliasFactory(entity=entity, name=f"{prefix}cmd|' /C calc'!A0")

    [row] = _by_header(_rows(_export(admin_client_logged_in, Entity, [entity])))

    assert row["name"] == f"'{prefix}HYPERLINK(1)"
    assert row["aliases"] == f"'{prefix}cmd|' /C calc'!A0 [aka]"
