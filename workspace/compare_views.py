"""The comparison page: a thin view over the selector (``workspace.compare``)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse

from entities.choices import EntityKind
from workspace.compare import compare
from workspace.compare_page import (
    BAR_WIDTH,
    CHART_HEIGHT,
    CHART_WIDTH,
    CompareForm,
    count_links,
    entity_links,
    lag_bars,
    narrowed,
)

# What reading the comparison needs (group readers has both).
COMPARE_PERMISSIONS = ("entities.view_entity", "entities.view_designation")
ENTITIES_PER_PAGE = 100


def compare_view(request):
    """Bodies side by side: who lists whom, who is missing from whose list, the lags."""
    if not request.user.has_perms(COMPARE_PERMISSIONS):
        raise PermissionDenied
    form = CompareForm.from_request(request)
    query = form.query()
    context = {
        **admin.site.each_context(request),
        "title": "Comparison across authorities",
        "form": form,
        "query": query,
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bar_width": BAR_WIDTH},
    }
    if query is not None:
        comparison = compare(query)
        page = Paginator(comparison.entities, ENTITIES_PER_PAGE).get_page(request.GET.get("page"))
        kinds = dict(EntityKind.choices)
        context |= {
            "comparison": comparison,
            "pairs": [
                (pair, lag_bars(pair.lags), _count_urls(query, pair.first, pair.then))
                for pair in comparison.pairs
            ],
            "show_all_url": _with_query(reverse("workspace:compare"), narrowed(query, (), ())),
            "page": page,
            "rows": [
                {
                    "entity": row,
                    "kind": kinds.get(row.kind, row.kind),
                    "links": entity_links(row.id),
                    "listings": [row.listings.get(code) for code in query.bodies],
                    "lags": [row.lag_text(a, b) for a, b in row.lags],
                }
                for row in page
            ],
            "csv_url": _with_query(reverse("compare"), {**query.parameters(), "format": "csv"}),
            "api_url": _with_query(reverse("compare"), query.parameters()),
            "page_query": _page_query(request),
        }
    return TemplateResponse(request, "workspace/compare.html", context)


def _count_urls(query, first: str, then: str) -> dict[str, str]:
    page = reverse("workspace:compare")
    return {
        name: _with_query(page, params) for name, params in count_links(query, first, then).items()
    }


def _with_query(url: str, params: dict[str, str]) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return f"{url}?{query.urlencode(safe=',:')}"


def _page_query(request) -> str:
    """The query string without its page, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


compare_page = admin.site.admin_view(compare_view)
