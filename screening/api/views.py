"""/api/v1/match/: screen one name (GET) or a batch of up to 100 (POST);
/api/v1/match/file/: screen every row of an uploaded CSV file, as a background job."""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api import JobSerializer, accepted_body, job_url
from sanctions_tracker.api.exceptions import UploadTooLarge
from sanctions_tracker.api.filters import refuse_unknown_parameters
from sanctions_tracker.api.schema import JOB_LOCATION
from sanctions_tracker.api.throttling import ScreeningRateThrottle
from sanctions_tracker.uploads import upload_refusal
from screening import jobs, services
from screening.api import serializers as s
from screening.permissions import may_screen
from screening.selectors import active_designations


class CanReadEntities(BasePermission):
    """Screening reads: open while API_PUBLIC_READ, else for users who may view entities
    (a POST here is a batch of reads, not a write)."""

    def has_permission(self, request, view):
        return may_screen(request.user)


CANDIDATE = inline_serializer(
    "MatchCandidate",
    {
        "entity": drf.DictField(help_text="id, url, display, kind"),
        "score": drf.FloatField(help_text="0 to 1."),
        "matched_name": drf.DictField(help_text="The name that matched: name, kind, weak."),
        "features": drf.ListField(
            child=drf.DictField(),
            help_text="What raised or lowered the score: name (token by token), weak_alias, "
            "country, city (a query word naming a place of one of its addresses, left out of "
            "the name score), birth_year, identifier; each says whether it agrees.",
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
    """Is this name on a list? Ranked candidates, each explained. Besides the request rates,
    the names screened are counted against the ``screening`` rate."""

    permission_classes = [CanReadEntities]

    def get_throttles(self):
        return [*super().get_throttles(), ScreeningRateThrottle()]

    def screening_cost(self, request) -> int:
        """One unit per name: a batch's queries (at most a batch's worth), else one."""
        if request.method != "POST":
            return 1
        data = request.data
        queries = data.get("queries") if isinstance(data, dict) else None
        if not isinstance(queries, list):
            return 1
        return max(1, min(len(queries), services.MAX_BATCH))

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


class MatchFileView(APIView):
    """Screen every row of an uploaded CSV file in the background: 202 and the job, whose
    result is a CSV of each row's candidates."""

    permission_classes = [IsAuthenticated, CanReadEntities]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "MatchFileUpload",
                {
                    "file": drf.FileField(
                        help_text="CSV, UTF-8, header row: name (required), country, kind, "
                        "birth_date, identifier."
                    ),
                    "limit": drf.IntegerField(required=False, min_value=1),
                    "threshold": drf.FloatField(required=False, min_value=0, max_value=1),
                },
            )
        },
        parameters=[JOB_LOCATION],
        responses={
            202: OpenApiResponse(
                JobSerializer,
                description="The file is queued for screening as a job of yours (`Location`): "
                "its result is a CSV with a row per candidate (row, query_name, rank, score, "
                "entity_id, entity_name, entity_kind, matched_name, matched_name_kind, weak_alias, "
                "active_designations), and a row without candidates for a name that has none.",
            )
        },
    )
    def post(self, request):
        refuse_unknown_parameters(request, set())
        files, data = request.FILES, request.data
        refused = upload_refusal(request)
        if refused:
            raise UploadTooLarge(refused)
        unknown = sorted(set(data) - {"file", "limit", "threshold"})
        if unknown:
            raise ValidationError(
                {key: ["Unknown field. Known: file, limit, threshold."] for key in unknown}
            )
        upload = files.get("file")
        if upload is None:
            raise ValidationError({"file": ["Upload the CSV file to screen in the field file."]})
        options = s.MatchOptionsSerializer(
            data={k: data[k] for k in ("limit", "threshold") if k in data}
        )
        options.is_valid(raise_exception=True)
        try:
            job = jobs.start_match_file(user=request.user, upload=upload, **options.validated_data)
        except jobs.FileRefused as exc:
            raise ValidationError({"file": [str(exc)]}) from exc
        return Response(
            accepted_body(job, request),
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": request.build_absolute_uri(job_url(job))},
        )
