"""/api/v1/compare/: the comparison across authorities (workspace.compare) as JSON, a page of
entities at a time, or as CSV (every entity)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from entities.choices import EntityKind
from entities.models import Designation
from sanctions_tracker.api.fields import PARTIAL_DATE_SCHEMA, PartialDateField
from sanctions_tracker.api.filters import refuse_unknown_parameters
from sanctions_tracker.api.pagination import MAX_PAGE_SIZE, StablePageNumberPagination
from sanctions_tracker.api.permissions import ReadPublicWriteWithModelPermission
from sanctions_tracker.api.schema import ERROR_SCHEMA, FIELD_ERRORS_SCHEMA
from sanctions_tracker.api.throttling import ExportRateThrottle
from sanctions_tracker.api.views import CSVRenderer
from workspace import compare_csv
from workspace.compare import (
    BUCKETS,
    PARAMETERS,
    CompareRefused,
    Comparison,
    EntityRow,
    LagDistribution,
    compare,
    read_parameters,
)

_DATE = PartialDateField()

LAG_SCHEMA = {
    "type": "object",
    "description": "Days from `first`'s listing to `then`'s, `first` being the pair's first "
    "body as the request gives them (negative: `then` listed first); a range when a listing "
    "is a partial date (`low` to `high`, `days` its middle); `text` says it in words, the body "
    "that listed first first.",
    "properties": {
        "first": {"type": "string"},
        "then": {"type": "string"},
        "low": {"type": "integer"},
        "high": {"type": "integer"},
        "days": {"type": "integer"},
        "exact": {"type": "boolean"},
        "text": {"type": "string", "example": "UK-OFSI followed US-OFAC after 41 days"},
    },
}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
DISTRIBUTION_SCHEMA = {
    "type": "object",
    "description": "Lags over the entities both bodies list: `count` of them, `known` with "
    "both listings known, `ranged` of those whose lag is a range; `min`, `median`, `max` in "
    "days (a ranged lag counted at its middle); `buckets` count known lags by days.",
    "properties": {
        "count": {"type": "integer"},
        "known": {"type": "integer"},
        "ranged": {"type": "integer"},
        "min": NULLABLE_NUMBER,
        "median": NULLABLE_NUMBER,
        "max": NULLABLE_NUMBER,
        "buckets": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "label": {"type": "string", "example": "31 to 90 days after"},
                    "low": {"type": "integer", "nullable": True},
                    "high": {"type": "integer", "nullable": True},
                    "count": {"type": "integer"},
                },
            },
        },
    },
}
COMPARISON_SCHEMA = {
    "type": "object",
    "properties": {
        "bodies": {"type": "array", "items": {"type": "string"}, "example": ["US-OFAC", "US-DOS"]},
        "filters": {
            "type": "object",
            "properties": {
                "programme": {"type": "string"},
                "kind": {"type": "string"},
                "country": {"type": "string"},
                "active_only": {"type": "boolean"},
                "listed_by": {"type": "array", "items": {"type": "string"}},
                "not_listed_by": {"type": "array", "items": {"type": "string"}},
            },
        },
        "pairs": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "first": {"type": "string"},
                    "then": {"type": "string"},
                    "only_first": {"type": "integer"},
                    "only_then": {"type": "integer"},
                    "both": {"type": "integer"},
                    "lags": DISTRIBUTION_SCHEMA,
                },
            },
        },
        "entities": {
            "type": "object",
            "properties": {
                "count": {"type": "integer"},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "url": {"type": "string", "format": "uri"},
                            "name": {"type": "string"},
                            "kind": {"type": "string"},
                            "listings": {
                                "type": "object",
                                "description": "Per body code, its first listing of the "
                                "entity (workspace.lags' rule); null when it does not list it.",
                                "additionalProperties": PARTIAL_DATE_SCHEMA,
                            },
                            "lags": {"type": "array", "items": LAG_SCHEMA},
                        },
                    },
                },
            },
        },
    },
}
CSV_DESCRIPTION = (
    "With `?format=csv` or `Accept: text/csv`: every entity (not one page), UTF-8 with a "
    "byte-order mark and a header row: id, name, kind, `<BODY> listed` per body (its first "
    "listing, ISO partial form; `unknown`; empty when it does not list the entity), `lag <A> to "
    "<B> (days)` per pair (a number when exact, `between L and H` for a range, `unknown`, or "
    "empty). `Content-Disposition` names the file `compare-<day>.csv`. Exports have their own "
    "rate limit."
)


class CompareView(APIView):
    """Which bodies list which entities, who is missing from whose list, and the lags between
    bodies. Entities count as listed by a body while it designates them (active
    designations), unless `active_only=false`."""

    permission_classes = [ReadPublicWriteWithModelPermission]
    queryset = Designation.objects.none()  # the model whose view permission reading needs
    pagination_class = StablePageNumberPagination

    def get_renderers(self):
        return [*super().get_renderers(), CSVRenderer()]

    def _wants_csv(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self._wants_csv():
            throttles.append(ExportRateThrottle())
        return throttles

    def handle_exception(self, exc):
        if self._wants_csv():  # errors of a CSV request are explained in JSON
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="compare",
        parameters=[
            OpenApiParameter(
                "bodies",
                str,
                required=True,
                description="Two or more body codes, comma-separated (US-OFAC,UK-OFSI,UN-SC).",
            ),
            OpenApiParameter(
                "programme",
                str,
                description="Only entities designated under this programme (code, or BODY:CODE).",
            ),
            OpenApiParameter("kind", str, enum=EntityKind.values, description="Entity kind."),
            OpenApiParameter(
                "country", str, description="ISO 3166-1 alpha-2 code, in any role (PK)."
            ),
            OpenApiParameter(
                "active_only",
                OpenApiTypes.BOOL,
                description="Count only active designations (the default): false counts "
                "delisted ones too.",
            ),
            OpenApiParameter(
                "listed_by",
                str,
                description="The entity list only: entities listed by each of these bodies "
                "(codes among `bodies`, comma-separated). The pairs count every entity.",
            ),
            OpenApiParameter(
                "not_listed_by",
                str,
                description="The entity list only: entities listed by none of these bodies "
                "(codes among `bodies`). With `listed_by`: listed by A and not by B.",
            ),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter(
                "page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(COMPARISON_SCHEMA),
            (200, "text/csv"): OpenApiResponse({"type": "string"}, description=CSV_DESCRIPTION),
            400: OpenApiResponse(
                FIELD_ERRORS_SCHEMA, description="An unknown body, fewer than two, a bad filter."
            ),
            404: OpenApiResponse(ERROR_SCHEMA, description="No such page: past the last one."),
        },
    )
    def get(self, request):
        refuse_unknown_parameters(
            request, {*PARAMETERS, "page", "page_size"}, what="This comparison"
        )
        paginator = self.pagination_class()
        paginator.get_page_size(request)
        paginator.check_page_parameter(request)
        try:
            query = read_parameters(dict(request.query_params.lists()))
        except CompareRefused as refused:
            raise ValidationError(refused.errors) from None
        comparison = compare(query)
        if self._wants_csv():
            return compare_csv.response(comparison)
        page = paginator.paginate_queryset(comparison.entities, request, view=self)
        return Response(
            {
                **summary(comparison),
                "entities": {
                    "count": paginator.page.paginator.count,
                    "next": paginator.get_next_link(),
                    "previous": paginator.get_previous_link(),
                    "results": [entity_data(row, comparison, request) for row in page],
                },
            }
        )


def summary(comparison: Comparison) -> dict:
    query = comparison.query
    return {
        "bodies": list(query.bodies),
        "filters": {
            "programme": query.programme,
            "kind": query.kind,
            "country": query.country,
            "active_only": query.active_only,
            "listed_by": list(query.listed_by),
            "not_listed_by": list(query.not_listed_by),
        },
        "pairs": [
            {
                "first": pair.first,
                "then": pair.then,
                "only_first": pair.only_first,
                "only_then": pair.only_then,
                "both": pair.both,
                "lags": distribution_data(pair.lags),
            }
            for pair in comparison.pairs
        ],
    }


def distribution_data(lags: LagDistribution) -> dict:
    return {
        "count": lags.count,
        "known": lags.known,
        "ranged": lags.ranged,
        "min": lags.minimum,
        "median": lags.median,
        "max": lags.maximum,
        "buckets": [
            {"label": label, "low": low, "high": high, "count": count}
            for (label, low, high), (_, count) in zip(BUCKETS, lags.buckets, strict=True)
        ],
    }


def entity_data(row: EntityRow, comparison: Comparison, request) -> dict:
    return {
        "id": row.id,
        "url": reverse("entity-detail", args=[row.id], request=request),
        "name": row.name,
        "kind": row.kind,
        "listings": {
            code: _DATE.to_representation(row.listings[code]) if code in row.listings else None
            for code in comparison.query.bodies
        },
        "lags": [
            {
                "first": lag.first,
                "then": lag.then,
                "low": lag.low,
                "high": lag.high,
                "days": lag.days,
                "exact": lag.exact,
                "text": row.lag_text(first, then),
            }
            for (first, then), lag in row.lags.items()
        ],
    }
