"""The analyst's workspace in a real browser at 1366 px: the start page, search with typos,
the NDC dossier (timeline, graph, lags), the comparison across authorities, screening a name
and reviewing a proposed match. The dossier and comparison tests also take the README's
screenshots (``screenshot_dir``: test-results/screenshots, or docs/screenshots through
`make screenshots`)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from entities.models import Entity
from importer.models import ProposedMatch
from tests.browser.conftest import readme_screenshot
from tests.importer.review_data import two_candidates

pytestmark = pytest.mark.browser

UN_SAMPLE = "tests/data/un/un-consolidated-sample.xml"
UK_SAMPLE = "tests/data/uk/conlist-sample.csv"


def _ndc() -> Entity:
    return Entity.objects.get(name="National Development Complex")


@pytest.fixture
def reader(django_user_model, seeded):
    """A staff member of the readers group: reads everything, changes nothing."""
    user = django_user_model.objects.create_user(
        "reader", "reader@example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="readers"))
    return user


def test_the_start_page_says_what_changed(analyst_page, ndc):
    page = analyst_page
    page.goto(reverse("admin:index"))
    expect(page.locator("#start-imports tr[data-source='ofac-sdn']")).to_contain_text("applied")
    expect(page.locator("#start-imports tr[data-source='un-sc']")).to_contain_text("never imported")
    expect(page.locator("#start-designations")).to_contain_text("National Development Complex")
    links = page.locator("#workspace-links a")
    expect(links.filter(has_text=re.compile("compar", re.I))).to_have_count(1)
    expect(links.filter(has_text=re.compile("screen", re.I))).to_have_count(1)


def test_search_with_typos_falls_back_to_screening(analyst_page, seeded):
    call_command("import_list", "un-sc", str(settings.BASE_DIR / UN_SAMPLE), verbosity=0)
    page = analyst_page
    page.goto(reverse("admin:entities_entity_changelist"))
    page.fill("#searchbar", "al zawahri")
    page.press("#searchbar", "Enter")
    expect(page.locator(".messagelist")).to_contain_text("No exact match")
    expect(page.locator("#result_list")).to_contain_text(re.compile("Zawahiri", re.I))


def test_the_ndc_dossier_from_its_change_page(open_page, reader, ndc, screenshot_dir):
    """A reader opens the dossier from the entity's page: both designations as timeline bars,
    the article's events as marks, the graph with its neighbours, the lag between the bodies."""
    entity = _ndc()
    page = open_page(reader)
    page.goto(reverse("admin:entities_entity_change", args=[entity.pk]))
    page.locator("a.dossierlink").click()
    expect(page).to_have_url(re.compile(rf"/admin/workspace/entities/{entity.pk}/dossier/$"))

    timeline = page.locator("svg#dossier-timeline")
    expect(timeline.locator("g.timeline-bar[data-body='US-DOS']")).to_have_count(1)
    expect(timeline.locator("g.timeline-bar[data-body='US-OFAC']")).to_have_count(1)
    expect(timeline.locator("g.timeline-event")).not_to_have_count(0)
    graph = page.locator("svg#dossier-graph")
    expect(graph.locator(f"g.graph-node[data-entity-id='{entity.pk}']")).to_have_count(1)
    assert graph.locator("g.graph-node").count() >= 2
    assert graph.locator("g.graph-edge").count() >= 1
    lag = page.locator("table#dossier-lags tr[data-pair='US-DOS/US-OFAC']")
    # Neither list dates these listings: the lag is said to be unknown, and why.
    expect(lag).to_contain_text("Lag not known")
    expect(page.locator("#dossier-citations")).not_to_be_empty()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    readme_screenshot(page, screenshot_dir / "dossier.png")

    # Printed (to a PDF from the browser): the admin's menus are left out, the pictures stay.
    page.emulate_media(media="print")
    expect(page.locator("#nav-sidebar")).to_be_hidden()
    expect(page.locator("#header")).to_be_hidden()
    expect(timeline).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.emulate_media(media="screen")

    # A mark of the graph leads to the neighbour's own dossier.
    neighbour = graph.locator(f"a:has(g.graph-node:not([data-entity-id='{entity.pk}']))").first
    neighbour.click()
    expect(page).to_have_url(re.compile(r"/admin/workspace/entities/\d+/dossier/$"))
    expect(page.locator("svg#dossier-timeline")).to_have_count(1)


@pytest.fixture
def three_lists(ndc):
    """The seed, the NDC excerpt, and the UN and UK samples: four entities are on both the
    UN and the UK list, each with its listing dates (lags from 1 to 42 days)."""
    for source, path in (("un-sc", UN_SAMPLE), ("uk-ofsi", UK_SAMPLE)):
        call_command("import_list", source, str(settings.BASE_DIR / path), verbosity=0)


def test_compare_the_authorities(analyst_page, three_lists, screenshot_dir):
    page = analyst_page
    page.goto(reverse("workspace:compare"))
    form = page.locator("#compare-form")
    for body in ("UN-SC", "UK-OFSI", "US-DOS", "US-OFAC"):
        form.locator(f"input[name=bodies][value='{body}']").check()
    form.locator("input[type=submit]").click()

    uk_un = page.locator("#compare-pairs tr", has_text=re.compile(r"UK-OFSI\s*UN-SC"))
    expect(uk_un.locator("svg.compare-chart")).to_be_visible()  # four known lags
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    readme_screenshot(page, screenshot_dir / "compare.png", height=1000)

    # The count of entities both US bodies list leads to them: NDC among them.
    us = page.locator("#compare-pairs tr", has_text=re.compile(r"US-DOS\s*US-OFAC"))
    us.locator("a[title='Entities listed by both']").click()
    expect(page.locator("#compare-narrowed")).to_contain_text("listed by US-DOS and US-OFAC")
    expect(page.locator("#compare-entities")).to_contain_text("National Development Complex")
    with page.expect_download() as download:
        page.locator("#compare-csv").click()
    assert "National Development Complex" in download.value.path().read_text(encoding="utf-8")


def test_screen_a_name_in_the_admin(analyst_page, ndc):
    page = analyst_page
    page.goto(reverse("workspace:screening"))
    page.fill("#id_name", "NDC Islamabad")
    page.locator("#screening-form [type=submit]").click()

    first = page.locator("#screening-results tr.candidate").first
    expect(first).to_have_attribute("data-entity-id", str(_ndc().pk))
    expect(first.locator("td.why")).to_contain_text("Islamabad")
    first.locator("a.dossier-link").click()
    expect(page).to_have_url(re.compile(rf"/admin/workspace/entities/{_ndc().pk}/dossier/$"))


def test_review_a_proposed_match(analyst_page, seeded):
    proposed = two_candidates()
    page = analyst_page
    page.goto(reverse("admin:importer_proposedmatch_changelist"))
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#proposal-status")).to_have_attribute("data-status", "open")

    page.locator(f"button[name=link][value='{proposed.first.pk}']").click()  # no reason yet
    expect(page.locator(".errorlist").first).to_be_visible()
    assert ProposedMatch.objects.get(pk=proposed.proposal.pk).is_open

    page.fill("#id_reason", "Same tax ID and NESCOM's known alias NDC.")
    page.locator(f"button[name=link][value='{proposed.first.pk}']").click()
    expect(page.locator("#proposal-status")).to_have_attribute("data-status", "linked")
    proposal = ProposedMatch.objects.get(pk=proposed.proposal.pk)
    assert proposal.chosen_id == proposed.first.pk
    assert not Entity.objects.filter(pk=proposed.created.pk).exists()
