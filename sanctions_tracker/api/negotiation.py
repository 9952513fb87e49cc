"""The first step of every API request: is the method one this view has, and is the format
one it can write?

DRF negotiates content before it authenticates or checks permissions, so this is the one
place that answers every API view (viewsets, /match/, the token endpoint) the same way:

- a method the view does not have (TRACE, DELETE on a read-only list) is a 405 naming the
  allowed ones, before any 401 or 403: whether a method exists is no secret;
- ``?format=`` must name a format the view writes (``json``, ``csv`` on lists, ``api`` for the
  browsable API): an unknown or empty one is a 400 naming the parameter, as for every other
  malformed parameter (DRF would answer an undocumented 404, or ignore an empty one).
"""

from __future__ import annotations

from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if view is not None:
            refuse_missing_method(request, view)
        name = self.settings.URL_FORMAT_OVERRIDE
        if not format_suffix and name and name in request.query_params:
            refuse_unknown_format(request.query_params[name], name, renderers)
        return super().select_renderer(request, renderers, format_suffix)


def refuse_missing_method(request, view) -> None:
    """405 through the view's own ``http_method_not_allowed`` (DRF's raises; a view may say
    more, as designations do), so that its message is the same whoever asks."""
    method = request.method.lower()
    if method not in view.http_method_names or not hasattr(view, method):
        view.http_method_not_allowed(request)
        raise MethodNotAllowed(request.method)


def refuse_unknown_format(value: str, name: str, renderers) -> None:
    formats = sorted({r.format for r in renderers if r.format})
    if value not in formats:
        raise ValidationError(
            {name: [f"{value!r} is not a format here: use {' or '.join(formats)}."]}
        )
