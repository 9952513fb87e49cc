"""Errors as clients should see them: a reason per field, never a 500 for bad input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from sanctions_tracker.concurrency import StaleRecordError, etag


class UploadTooLarge(APIException):
    """413: the upload passed UPLOAD_MAX_SIZE_MB while it streamed (sanctions_tracker.uploads;
    a Content-Length above the limit is answered by its middleware)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "upload_too_large"


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
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
    return exception_handler(exc, context)
