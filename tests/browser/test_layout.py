"""No horizontal scrolling at 1366 px: every admin page (the index, each registered model's
changelist and add page, a change and a history page per model with rows) and the workspace's
pages, measured in Chromium on data from every importer and the seed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from entities.models import Entity
from tests.admin.admin_pages import admin_pages, first_object_ids
from tests.browser.conftest import WIDTH
from tests.importer.review_data import two_candidates

pytestmark = pytest.mark.browser

# A changelist's table may not be wider than its box either (the page can fit while the
# table scrolls inside it, hiding columns).
OVERFLOW = """() => {
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
    - document.documentElement.clientWidth;
  const boxes = [...document.querySelectorAll('.results, .module table')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => (el.id || el.className || el.tagName) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  return {page, boxes};
}"""


def _workspace_pages(ndc: Entity) -> list[tuple[str, str]]:
    return [
        ("dossier", reverse("workspace:dossier", args=[ndc.pk])),
        ("compare", reverse("workspace:compare") + "?bodies=US-DOS,US-OFAC"),
        ("screening", reverse("workspace:screening") + "?name=NDC+Islamabad"),
    ]


def test_no_page_scrolls_sideways_at_1366_px(analyst_page, seeded):
    two_candidates()  # the NDC excerpt imported, with a proposed match to review
    ndc = Entity.objects.get(name="National Development Complex")
    pages = admin_pages(first_object_ids(prefer={Entity: ndc.pk})) + _workspace_pages(ndc)
    assert len(pages) > 60  # every registered model's pages are there

    too_wide = []
    for label, url in pages:
        response = analyst_page.goto(url)
        assert response.status == 200, f"{label} ({url}) answered {response.status}"
        measured = analyst_page.evaluate(OVERFLOW)
        if measured["page"] > 0:
            too_wide.append(f"{label} ({url}): {measured['page']} px too wide")
        if measured["boxes"]:
            too_wide.append(f"{label} ({url}): {measured['boxes']}")
    assert not too_wide, f"Wider than the {WIDTH} px window:\n" + "\n".join(too_wide)
