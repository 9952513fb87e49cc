"""CSV exports too large to stream in a web request run as jobs.

A list's CSV of at least EXPORT_JOB_MIN_ROWS rows answers 202 with the job's URL; the worker
rebuilds the same queryset from the view and the request's query string kept in the job,
and writes the file the request would have streamed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from jobs import registry
from jobs.api import accepted_body, job_url
from jobs.services import job_start
from sanctions_tracker.csv_export import stream_csv

KIND = "csv-export"
PROGRESS_EVERY = 1000  # rows


def runs_as_job(queryset) -> bool:
    """Whether this export is large enough to be a job: one COUNT, which stops counting at
    the threshold (``EXPORT_JOB_MIN_ROWS``; 0 streams every export)."""
    threshold = settings.EXPORT_JOB_MIN_ROWS
    return threshold > 0 and queryset.order_by()[:threshold].count() >= threshold


def start_export_job(view, request) -> Response:
    """Queue the export ``view`` would stream for ``request``; 202 with the job."""
    if not request.user.is_authenticated:
        raise NotAuthenticated(
            f"This export has {settings.EXPORT_JOB_MIN_ROWS:,} rows or more, so it runs as a "
            "background job, and a job belongs to a user: authenticate (Authorization: Token "
            "...), or narrow the filters."
        )
    cls = type(view)
    params = {
        "view": f"{cls.__module__}.{cls.__qualname__}",
        "query": request.META.get("QUERY_STRING", ""),
        "export": view.csv_export.name,
    }
    job = job_start(KIND, request.user, params)
    # A CSV request: the answer is JSON all the same.
    request.accepted_renderer = JSONRenderer()
    request.accepted_media_type = JSONRenderer.media_type
    return Response(
        accepted_body(job, request),
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": request.build_absolute_uri(job_url(job))},
    )


def export_queryset(params: dict, user):
    """The export and the filtered queryset of the list view named in ``params``, as its
    list action builds them for ``user`` and the query string."""
    view_class = import_string(params["view"])
    http_request = HttpRequest()
    http_request.method = "GET"
    http_request.META["QUERY_STRING"] = params["query"]
    http_request.GET = QueryDict(params["query"])
    request = Request(http_request)
    request.user = user
    view = view_class(action_map={"get": "list"})
    view.request, view.args, view.kwargs = request, (), {}
    view.action, view.format_kwarg = "list", None
    return view.csv_export, view.filter_queryset(view.get_queryset())


def run_export(job, progress) -> registry.JobOutput:
    export, queryset = export_queryset(job.parameters, job.created_by)
    total = queryset.count()
    progress("exported", 0, total)
    done = 0

    def counted(rows):
        nonlocal done
        for row in rows:
            yield row
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress("exported", done, max(done, total))

    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", suffix=".csv", delete=False
    ) as out:
        path = Path(out.name)
        try:
            for line in stream_csv(export.headers, counted(export.rows(queryset))):
                out.write(line)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    progress("exported", done, done)
    return registry.JobOutput(
        summary=f"{done:,} rows of {export.name}",
        file=path,
        filename=f"{export.name}-{timezone.localdate().isoformat()}.csv",
    )


def register() -> None:
    registry.register(KIND, "CSV export", run_export)
