"""/api/v1/match/: screen one name (GET) or a batch of up to 100 (POST)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from sanctions_tracker.api.filters import refuse_unknown_parameters
from screening import services
from screening.api import serializers as s
from screening.selectors import active_designations


class CanReadEntities(BasePermission):
    """Screening reads: open while API_PUBLIC_READ, else for users who may view entities
    (a POST here is a batch of reads, not a write)."""

    def has_permission(self, request, view):
        if settings.API_PUBLIC_READ:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("entities.view_entity"))


CANDIDATE = inline_serializer(
    "MatchCandidate",
    {
        "entity": drf.DictField(help_text="id, url, display, kind"),
        "score": drf.FloatField(help_text="0 to 1."),
        "matched_name": drf.DictField(help_text="The name that matched: name, kind, weak."),
        "features": drf.ListField(
            child=drf.DictField(),
            help_text="What raised or lowered the score: name (token by token), weak_alias, "
            "country, birth_year, identifier; each says whether it agrees.",
        ),
        "designations": drf.ListField(child=drf.DictField(), help_text="Active designations."),
    },
)
ANSWER = inline_serializer(
    "MatchAnswer",
    {"query": drf.DictField(), "candidates": drf.ListField(child=CANDIDATE)},
)


GET_PARAMETERS = frozenset(s.QUERY_FIELDS + s.OPTION_FIELDS)


class MatchView(APIView):
    """Is this name on a list? Ranked candidates, each explained."""

    permission_classes = [CanReadEntities]

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str, required=True, description="The name to screen."),
            OpenApiParameter("country", str, description="ISO 3166-1 alpha-2."),
            OpenApiParameter("kind", str, description="person, organization, company..."),
            OpenApiParameter("birth_date", str, description="YYYY, YYYY-MM or YYYY-MM-DD."),
            OpenApiParameter("identifier", str, description="An exact strong identifier."),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": services.MAX_LIMIT},
                description=f"1 to {services.MAX_LIMIT}.",
            ),
            OpenApiParameter(
                "threshold",
                {"type": "number", "minimum": 0, "maximum": 1},
                description="Lowest score returned, 0 to 1.",
            ),
        ],
        responses=ANSWER,
    )
    def get(self, request):
        refuse_unknown_parameters(request, GET_PARAMETERS)
        params = s.MatchParametersSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        query = params.to_query()
        candidates = services.match(
            query,
            limit=params.validated_data["limit"],
            threshold=params.validated_data["threshold"],
        )
        return Response(_answers([(query, candidates)], request)[0])

    @extend_schema(
        request=s.MatchBatchSerializer,
        responses=inline_serializer("MatchBatchAnswer", {"results": drf.ListField(child=ANSWER)}),
    )
    def post(self, request):
        refuse_unknown_parameters(request, set())
        batch = s.MatchBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        options = batch.validated_data
        answered = []
        for item in options["queries"]:
            query = services.MatchQuery(**{k: item.get(k) or "" for k in s.QUERY_FIELDS})
            candidates = services.match(
                query, limit=options["limit"], threshold=options["threshold"]
            )
            answered.append((query, candidates))
        return Response({"results": _answers(answered, request)})


def _answers(answered, request) -> list[dict]:
    ids = {c.entity_id for _, candidates in answered for c in candidates}
    designations = active_designations(ids, request)
    return [
        {
            "query": {k: v for k, v in query.__dict__.items() if v},
            "candidates": [
                s.candidate_data(c, designations.get(c.entity_id, []), request) for c in candidates
            ],
        }
        for query, candidates in answered
    ]
