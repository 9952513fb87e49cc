"""Uploads: refused early above UPLOAD_MAX_SIZE_MB, streamed to disk below it.

Two checks, one limit. The middleware reads the request's ``Content-Length`` before anything
reads the body: an API request above the limit is answered 413 at once. A browser, though,
shows a reset connection rather than an answer sent before it finished sending; so for the
admin the body is read and thrown away (nothing kept in memory or on disk) and the form shows
the error. A body without a length, or with a false one, is counted as it streams
(:class:`SizeLimitUploadHandler`) and cut off at the limit the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse

from sanctions_tracker.api import is_api_request

DROP_CHUNK = 64 * 1024  # bytes read at a time from a refused body


def max_bytes() -> int:
    return settings.UPLOAD_MAX_SIZE_MB * 1024 * 1024


def too_large_message() -> str:
    return (
        f"The upload is larger than the limit of {settings.UPLOAD_MAX_SIZE_MB} MB "
        "(setting UPLOAD_MAX_SIZE_MB); nothing was kept."
    )


def upload_refusal(request) -> str:
    """The message if this request's upload was refused for its size, else ''."""
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    return getattr(request, "upload_refused", "")


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file of the request as they stream in, and stops the upload
    when they pass the limit (the rest of the body is read and dropped; fields already read,
    the CSRF token among them, are kept). Passes the data on to the next handler."""

    def __init__(self, request=None, *, limit: int, over: bool = False):
        super().__init__(request)
        self.limit = limit
        self.over = over
        self.received = 0

    def _refuse(self):
        self.request.upload_refused = too_large_message()
        self._drop_rest_of_body()
        raise StopUpload(connection_reset=False)

    def _drop_rest_of_body(self):
        """Read what is left of the body in chunks and throw it away. Django would drop it by
        iterating the request, line by line: a file without newlines came into memory
        whole (150 MB took a gunicorn worker from 82 MB to 454 MB)."""
        while self.request.read(DROP_CHUNK):
            pass

    def new_file(self, *args, **kwargs):
        if self.over:
            self._refuse()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadSizeLimitMiddleware:
    """Before anything reads the body: 413 JSON for an API request whose ``Content-Length``
    passes the limit; for others, the upload is dropped and the view told
    (:func:`upload_refusal`). Every request's files are counted as they stream."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = max_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        over = length > limit
        if over and is_api_request(request):
            return JsonResponse({"detail": too_large_message()}, status=413)
        request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit, over=over))
        return self.get_response(request)
