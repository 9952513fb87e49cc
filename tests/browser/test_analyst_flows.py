"""What an analyst does in the admin, in a real browser at 1366 px: sign in, edit (and be
refused when a colleague saved first), delist with a citation, export CSV, import a list and
follow its job."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from entities.models import Designation, Entity
from sources.models import Citation, Source

pytestmark = pytest.mark.browser


def _ndc() -> Entity:
    return Entity.objects.get(name="National Development Complex")


def test_sign_in_through_the_admin_form(open_page, superuser, seeded):
    page = open_page()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "wrong")
    page.click("input[type=submit]")
    expect(page.locator(".errornote")).to_contain_text("correct username and password")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text("analyst")


def test_an_edit_is_refused_when_a_colleague_saved_first(
    open_page, superuser, second_analyst, seeded
):
    """Two analysts open the same entity; the colleague saves; the analyst's save is refused
    with the colleague's name, and the colleague's value stays."""
    entity = _ndc()
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    mine, theirs = open_page(superuser), open_page(second_analyst)
    mine.goto(url)
    theirs.goto(url)

    theirs.fill("#id_notes", "Colleague's note")
    theirs.click("input[name=_continue]")
    expect(theirs.locator(".messagelist")).to_contain_text("was changed successfully")

    mine.fill("#id_notes", "My note")
    mine.click("input[name=_continue]")
    refusal = mine.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("colleague (at")
    expect(refusal).to_contain_text("Nothing was saved")
    assert Entity.objects.get(pk=entity.pk).notes == "Colleague's note"


def test_delist_a_designation_with_its_citation(analyst_page, seeded):
    designation = Designation.objects.get(entity=_ndc(), body__code="US-DOS")
    source = Source.objects.first()
    page = analyst_page
    page.goto(reverse("admin:entities_designation_change", args=[designation.pk]))
    page.get_by_role("link", name=re.compile("Delist", re.I)).first.click()

    page.fill("#id_delisted_0", "2026-11-30")
    page.click("#id_source + .select2 .select2-selection")  # the admin's autocomplete
    page.fill(".select2-search__field", source.title[:12])
    page.click(f".select2-results__option:has-text('{source.title[:12]}')")
    page.click("input[type=submit][value=Delist]")  # a source but no quote nor locator
    expect(page.locator(".errorlist").first).to_contain_text("locator")
    assert Designation.objects.get(pk=designation.pk).is_active

    page.fill("#id_quote", "The designation was lifted.")
    page.click("input[type=submit][value=Delist]")
    expect(page.locator(".messagelist")).to_contain_text("Delisted 1 designation(s)")
    designation.refresh_from_db()
    assert not designation.is_active
    assert designation.delisted.iso == "2026-11-30"
    assert Citation.objects.filter(designation=designation, field="delisted").count() == 1


def test_export_the_entities_as_csv(analyst_page, seeded):
    page = analyst_page
    page.goto(reverse("admin:entities_entity_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", "export_csv")
    with page.expect_download() as download:
        page.click("button[name=index]")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == Entity.objects.count()
    assert "National Development Complex" in {row["name"] for row in rows}


def test_import_a_list_and_follow_its_job(analyst_page, seeded):
    page = analyst_page
    page.goto(reverse("admin:importer_importrun_changelist"))
    page.get_by_role("link", name=re.compile("Import a list", re.I)).click()
    page.select_option("#id_source", "uk-ofsi")
    page.set_input_files("#id_files", str(settings.BASE_DIR / "tests/data/uk/conlist-sample.csv"))
    page.click("input[type=submit][value=Import]")
    expect(page).to_have_url(re.compile(r"/admin/jobs/job/\d+/change/"))
    expect(page.locator("#content")).to_contain_text(re.compile("succeeded", re.I))
    page.locator(".field-record_link a").click()  # the import run the job made
    expect(page).to_have_url(re.compile(r"/admin/importer/importrun/\d+/change/"))
