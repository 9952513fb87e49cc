"""OpenAPI: every operation documents its errors, and every list its CSV form."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from jobs.api import JobSerializer

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "description": "What went wrong.",
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "The reasons, per field or query parameter (`non_field_errors` for the "
    "record as a whole).",
    "example": {"listed": ["2024-13 is not a date: write YYYY, YYYY-MM or YYYY-MM-DD."]},
}
CSV_DESCRIPTION = (
    "With `?format=csv` or `Accept: text/csv`: every matching row (not one page), streamed, "
    "UTF-8 with a byte-order mark and a header row; several values in a cell are joined by "
    "`; `; a cell starting with =, +, -, @, tab or CR is prefixed with an apostrophe. "
    "`Content-Disposition` names the resource and the day. Exports have their own rate limit."
)


JOB_LOCATION_DESCRIPTION = (
    "The job's URL (`/api/v1/jobs/{id}/`): poll it until `status` is `succeeded` (then "
    "download `result_url`) or `failed` (then read `error`)."
)
# For a view whose 202 starts a job: `parameters=[JOB_LOCATION]` in its extend_schema.
JOB_LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[202],
    description=JOB_LOCATION_DESCRIPTION,
)
EXPORT_JOB_DESCRIPTION = (
    "With `?format=csv` or `Accept: text/csv`, when the rows are `EXPORT_JOB_MIN_ROWS` or "
    "more (default 100000): the export runs as a background job of the signed-in user "
    "(anonymous clients get 401), and its CSV is the job's result file. The body is the job."
)


def _error(description: str, schema=None) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema or ERROR_SCHEMA}},
    }


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the version the change was made from (`"v3"`), or `*` for '
    "whatever version is current.",
)


class CuratedAutoSchema(AutoSchema):
    def _export_job_response(self) -> dict:
        job = self.resolve_serializer(JobSerializer, "response")
        return {
            "description": EXPORT_JOB_DESCRIPTION,
            "headers": {
                "Location": {
                    "schema": {"type": "string", "format": "uri"},
                    "description": JOB_LOCATION_DESCRIPTION,
                }
            },
            "content": {"application/json": {"schema": job.ref}},
        }

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH"):
            parameters.append(IF_MATCH)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        view = self.view
        if self.method == "GET" and self._is_list_view() and getattr(view, "csv_export", None):
            ok = responses.get("200")
            if ok is not None:
                columns = ", ".join(view.csv_export.headers)
                ok.setdefault("content", {})["text/csv"] = {
                    "schema": {"type": "string", "description": f"Columns: {columns}."}
                }
                ok["description"] = CSV_DESCRIPTION
            responses.setdefault("202", self._export_job_response())
        responses.setdefault(
            "400", _error("A malformed or unknown parameter, or a bad write.", FIELD_ERRORS_SCHEMA)
        )
        responses.setdefault("401", _error("Not signed in (send `Authorization: Token ...`)."))
        responses.setdefault("403", _error("Signed in without the permission this needs."))
        responses.setdefault("429", _error("Too many requests; retry after `Retry-After` seconds."))
        if "{" in self.path:
            responses.setdefault("404", _error("No such record."))
        if self.method in ("PUT", "PATCH"):
            responses.setdefault(
                "412",
                _error(
                    "`If-Match` names an older version (ETag) than the current one: someone "
                    "changed the record since you read it. Nothing was written."
                ),
            )
            responses.setdefault(
                "428", _error("No `If-Match` header (send the ETag you read, or `*`).")
            )
        if self.method == "DELETE":
            responses.setdefault("409", _error("Other records depend on this one."))
        return responses


class LabelledChoiceFieldExtension(OpenApiSerializerFieldExtension):
    """Choices are read as ``{value, label}`` and written as the value."""

    target_class = "sanctions_tracker.api.serializers.LabelledChoiceField"

    def map_serializer_field(self, auto_schema, direction):
        value = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            return value
        return {
            "type": "object",
            "nullable": True,
            "properties": {"value": value, "label": {"type": "string"}},
        }


class LabelledSlugRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Vocabulary records (measures) are read as ``{value, label}`` and written as the code."""

    target_class = "sanctions_tracker.api.serializers.LabelledSlugRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        value = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            return value
        return {"type": "object", "properties": {"value": value, "label": {"type": "string"}}}
