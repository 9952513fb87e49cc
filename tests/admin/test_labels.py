"""Choices shown by their labels in the admin: measures, an import run's files, history."""

import pytest

from entities.models import Measure
from entities.services import entity_update
from sanctions_tracker.services import record_save
from tests.admin import admin_url
from tests.factories import AliasFactory, DesignationFactory, ImportRunFactory

pytestmark = pytest.mark.django_db


def test_a_measure_is_named_by_its_label():
    assert str(Measure.objects.get(code="asset_freeze")) == "asset freeze"


def test_designation_page_and_entity_history_show_measure_labels(admin_client, superuser):
    designation = DesignationFactory(measures=["asset_freeze"])
    designation.measures.add(Measure.objects.get(code="travel_ban"))
    page = admin_client.get(admin_url(designation)).content.decode()
    assert "asset freeze" in page and ">asset_freeze<" not in page
    entity_update(entity=designation.entity, data={"notes": "x"}, user=superuser)
    history = admin_client.get(admin_url(designation.entity, "history")).content.decode()
    assert "asset freeze" in history and "travel ban" in history
    assert "asset_freeze" not in history


def test_import_run_files_are_a_readable_list(admin_client):
    run = ImportRunFactory(files={"sdn.csv": "a" * 64, "add.csv": "b" * 64})
    page = admin_client.get(admin_url(run)).content.decode()
    assert "<code>add.csv</code> SHA-256 <code>" + "b" * 64 in page
    assert '{"sdn.csv"' not in page and "{&quot;" not in page


def test_designation_changelist_shows_body_code_and_status_label(admin_client):
    designation = DesignationFactory()
    page = admin_client.get(admin_url(designation, "changelist")).content.decode()
    assert f'<td class="field-body_code">{designation.body.code}</td>' in page
    assert '<td class="field-status_display">active</td>' in page


def test_import_run_changelist_counts_in_one_column(admin_client):
    ImportRunFactory(entries=3, added=2, unchanged=1)
    page = admin_client.get("/admin/importer/importrun/").content.decode()
    assert "2 added, 0 changed, 0 delisted, 1 unchanged; 0 warnings" in page


def test_a_record_history_page_shows_choices_by_label(admin_client, superuser):
    alias = AliasFactory(kind="aka")
    record_save(instance=alias, values={"kind": "fka"}, user=superuser)
    response = admin_client.get(admin_url(alias, "history"))
    changes = {
        c["field"]: (c["old"], c["new"])
        for c in response.context["page_obj"].object_list[0].history_delta_changes
    }
    assert changes["Kind"] == ("a.k.a.", "f.k.a.")
