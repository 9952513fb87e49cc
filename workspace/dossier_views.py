"""The dossier page: a thin view over the selector (``workspace.dossier``) and the geometry
of the pictures (``workspace.timeline``, ``workspace.graph``)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from workspace.dossier import build_dossier
from workspace.dossier_tables import (
    DOWNLOADS,
    RELATIONSHIPS_HEADER,
    TIMELINE_HEADER,
    csv_response,
    relationship_rows,
    timeline_rows,
)
from workspace.graph import build_graph, legend
from workspace.timeline import build_timeline

VIEW_ENTITY = "entities.view_entity"


def dossier(request, pk: int):
    """An entity on one page: timeline, relationship graph, who lists it and since when.
    ``?download=timeline.csv`` or ``relationships.csv`` gives a table as CSV."""
    if not request.user.has_perm(VIEW_ENTITY):
        raise PermissionDenied
    download = request.GET.get("download")
    if download is not None and download not in DOWNLOADS:
        return HttpResponseBadRequest(
            f"download={download!r} is not a table of the dossier: "
            f"ask for {' or '.join(sorted(DOWNLOADS))}.",
            content_type="text/plain; charset=utf-8",
        )
    data = build_dossier(pk)
    if download:
        return csv_response(data, download, request.build_absolute_uri)
    context = {
        **admin.site.each_context(request),
        "title": f"Dossier: {data.entity.name}",
        "subtitle": None,
        "dossier": data,
        "entity": data.entity,
        "timeline": build_timeline(data),
        "timeline_header": TIMELINE_HEADER,
        "timeline_rows": timeline_rows(data),
        "graph": build_graph(
            data, lambda entity_id: reverse("workspace:dossier", args=[entity_id])
        ),
        "legend": legend(),
        "relationships_header": RELATIONSHIPS_HEADER,
        "relationship_rows": relationship_rows(data),
        "opts": data.entity._meta,
    }
    return TemplateResponse(request, "workspace/dossier.html", context)
