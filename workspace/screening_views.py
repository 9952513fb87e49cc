"""The admin's screening page: one name, answered on the page; or a CSV file, screened as a
job whose admin page follows it and offers its result."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from rest_framework.exceptions import Throttled

from sanctions_tracker.api.throttling import ScreeningRateThrottle
from sanctions_tracker.uploads import upload_refusal
from screening import jobs, services
from screening.permissions import may_screen
from workspace.forms import ScreeningFileForm, ScreeningForm
from workspace.screening import candidate_rows


def screening(request):
    """GET with ``name``: screen it; POST: screen an uploaded file in the background."""
    if not may_screen(request.user):
        raise PermissionDenied
    form = ScreeningForm(request.GET if "name" in request.GET else None)
    posted = request.method == "POST"
    file_form = (
        ScreeningFileForm(request.POST, request.FILES, prefix="csv")
        if posted
        else ScreeningFileForm(prefix="csv")
    )
    rows = None
    status = 200
    if posted:
        refused = upload_refusal(request)
        if refused:
            file_form.add_error("file", refused)
        elif file_form.is_valid():
            try:
                job = jobs.start_match_file(
                    user=request.user, upload=file_form.cleaned_data["file"], **file_form.options
                )
            except jobs.FileRefused as exc:
                file_form.add_error("file", str(exc))
            else:
                messages.info(
                    request,
                    f"The file is queued for screening as job #{job.pk}: this page follows "
                    "it and offers the result (a CSV of every row's candidates) when it is done.",
                )
                return redirect("admin:jobs_job_change", job.pk)
    elif form.is_bound and form.is_valid():
        refused = _past_the_screening_rate(request)
        if refused:
            form.add_error(None, refused)
            status = 429
        else:
            rows = candidate_rows(services.match(form.query, **form.options))
    context = {
        **admin.site.each_context(request),
        "title": "Screen a name",
        "form": form,
        "file_form": file_form,
        "rows": rows,
        "upload_max_size_mb": settings.UPLOAD_MAX_SIZE_MB,
    }
    return TemplateResponse(request, "workspace/screening.html", context, status=status)


class _OneName:
    """What the page screens per request, in units of the API's ``screening`` rate."""

    @staticmethod
    def screening_cost(request) -> int:
        return 1


def _past_the_screening_rate(request) -> str | None:
    """The API's ``screening`` rate holds here too (the same counters): a name screened on
    the page is a name screened. The refusal in words, or None."""
    try:
        ScreeningRateThrottle().allow_request(request, _OneName())
    except Throttled as exc:
        return f"{exc.detail} Try again in {int(exc.wait or 0) + 1} s."
    return None
