"""What a locked-out sign-in is told (django-axes' ``AXES_LOCKOUT_CALLABLE``): a 429 with
``Retry-After``, a short page for the admin and browsable API, JSON for the API."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

from sanctions_tracker.api import is_api_request


def retry_after_seconds() -> int:
    """The cool-off: the lock ends that long after the last failed attempt."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = retry_after_seconds() // 60
    return (
        f"Sign-in locked: too many failed attempts ({settings.AXES_FAILURE_LIMIT}) from this "
        f"address or for this username. Every sign-in, the right password included, is "
        f"refused for {minutes} minutes after the last failed attempt; an administrator can "
        f"lift the lock sooner (admin: Axes, Access attempts)."
    )


def api_lockout_response() -> JsonResponse:
    response = JsonResponse({"detail": lockout_message()}, status=429)
    response["Retry-After"] = str(retry_after_seconds())
    return response


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The response to a locked-out sign-in, wherever it was tried."""
    if is_api_request(request):
        return api_lockout_response()
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Sign-in locked</title>"
        f"<h1>Sign-in locked</h1><p>{escape(lockout_message())}</p></html>"
    )
    response = HttpResponse(page, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after_seconds())
    return response
