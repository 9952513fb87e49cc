"""Database outages: told apart from bugs, answered 503 with ``Retry-After``, logged in one line.

When the database cannot be reached (``OperationalError`` or ``InterfaceError``, on connect or
in the middle of a request) a client is better served by "try again in a few seconds" than by
a 500 page, and an operator by one log line per failed request than by a traceback each. Three
entry points share this module: the DRF exception handler (API views), the
``DatabaseOutageMiddleware`` (every other view: the admin), and ``server_error``, the
``handler500`` (what fails outside a view, in a middleware). ``/readyz`` logs through it too.
Recovery needs nothing here: ``CONN_HEALTH_CHECKS`` drops a dead connection before the next
request uses it.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from sanctions_tracker.api import is_api_request

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
OUTAGE_ERRORS = (OperationalError, InterfaceError)
DETAIL = (
    "The database is unavailable for the moment; nothing was done. "
    f"Retry after {RETRY_AFTER_SECONDS} seconds."
)


def is_outage(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) says the database cannot be reached."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def one_line(exc: BaseException) -> str:
    """The error's message on one line (psycopg's spans several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def log_outage(exc: BaseException, where: str) -> None:
    """One warning line, no traceback: the same failure repeats on every request."""
    logger.warning("database unavailable (%s): %s: %s", where, type(exc).__name__, one_line(exc))


def outage_response(request) -> HttpResponse:
    """503 with ``Retry-After``: JSON ``{"detail": ...}`` for the API, a short page otherwise.

    The page is rendered without a request context: the context processors would read the
    session and the user, that is, the database that is down.
    """
    if is_api_request(request):
        response = JsonResponse({"detail": DETAIL}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged once by log_outage: Django's request log would add a second line.
    response._has_been_logged = True
    return response


def answer_outage(request, exc: BaseException) -> HttpResponse:
    log_outage(exc, f"{request.method} {request.path}")
    return outage_response(request)


class DatabaseOutageMiddleware:
    """Turns a database outage raised by a view into a 503 (API views answer theirs through
    the DRF exception handler; this catches the admin and every other Django view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return answer_outage(request, exception)
        return None


def server_error(request):
    """``handler500``: an outage that escaped every view (a middleware's query) is a 503;
    any other error a 500, in JSON under /api/."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        return answer_outage(request, exc)
    if is_api_request(request):
        return JsonResponse({"detail": "Server error: the failure was logged."}, status=500)
    return defaults.server_error(request)
