"""Errors as clients should see them: a reason per field, never a 500 for bad input."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from sanctions_tracker import outage
from sanctions_tracker.concurrency import StaleRecordError, etag


class UploadTooLarge(APIException):
    """413: the upload passed UPLOAD_MAX_SIZE_MB while it streamed (sanctions_tracker.uploads;
    a Content-Length above the limit is answered by its middleware)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "upload_too_large"


def api_exception_handler(exc, context):
    if outage.is_outage(exc):
        return outage.answer_outage(context["request"], exc)
    if isinstance(exc, ParseError):
        # A body that cannot be read is a bad write like any other: one 400 shape, a map of
        # reasons (here for the record as a whole), as the schema documents.
        exc = ValidationError({"non_field_errors": [str(exc.detail)]})
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = ValidationError(detail)
    # ProtectedError and RestrictedError are IntegrityErrors: they come first.
    elif isinstance(exc, ProtectedError | RestrictedError):
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        blockers = sorted({f"{o._meta.verbose_name} {o.pk}" for o in blocking})[:10]
        return Response(
            {
                "detail": "Other records depend on this one, so it was not deleted: "
                + ", ".join(blockers)
                + ". A designation ends by delisting, never by deletion."
            },
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IntegrityError):
        exc = ValidationError(
            {"non_field_errors": [f"This write breaks a rule of the database: {exc}".strip()]}
        )
    elif isinstance(exc, StaleRecordError):
        detail = exc.message
        if exc.current is not None:
            detail += f" Its current ETag is {etag(exc.current)}."
        return Response({"detail": detail}, status=status.HTTP_412_PRECONDITION_FAILED)
    response = exception_handler(exc, context)
    if isinstance(exc, ValidationError) and response is not None:
        response.data = field_errors(exc.detail)
    return response


def field_errors(detail) -> dict[str, list[str]]:
    """Every 400 in one flat shape, as documented: ``{"field": ["reason", ...]}``.

    Nested serializers answer nested errors (``{"queries": [{}, {"name": [...]}]}``); they
    are keyed by path instead (``queries[1].name``), the errors of a nested record as a whole
    by its own name (``queries``), and a bare list of reasons by ``non_field_errors``.
    """
    flat: dict[str, list[str]] = {}
    _flatten(detail, "", flat)
    return flat


def _flatten(detail, path: str, flat: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors" and path:
                _flatten(value, path, flat)
            elif path and str(key).isdigit():  # the items of a list, by position
                _flatten(value, f"{path}[{key}]", flat)
            else:
                _flatten(value, f"{path}.{key}" if path else str(key), flat)
    elif isinstance(detail, list) and not all(isinstance(item, str) for item in detail):
        for index, item in enumerate(detail):
            if item:
                _flatten(item, f"{path}[{index}]", flat)
    else:
        reasons = detail if isinstance(detail, list) else [detail]
        flat.setdefault(path or "non_field_errors", []).extend(str(r) for r in reasons)


@csrf_exempt  # it changes nothing; a write to an unknown address is told 404, not CSRF 403
def api_not_found(request, unmatched: str = ""):
    """Any address under /api/ that names no resource (``/api/v1/nothing/``, a record id that
    is not a whole number) is a JSON 404 like every other API error, not Django's HTML page.
    A GET that lacks only the trailing slash is redirected, as Django's APPEND_SLASH would."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and request.method in ("GET", "HEAD"):
        with_slash = _resolves_to_a_view(f"{path}/")
        if with_slash:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(
        {"detail": f"No such address: {path}. The API's addresses are listed at /api/docs/."},
        status=status.HTTP_404_NOT_FOUND,
    )


def _resolves_to_a_view(path: str) -> bool:
    try:
        return resolve(path).func is not api_not_found
    except Resolver404:
        return False
