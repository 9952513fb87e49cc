"""OpenAPI: every operation documents its errors, and every list its CSV form."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

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


# The body of a 202 that started a job: the job as /api/v1/jobs/{id}/ shows it.
JOB_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "kind": {"type": "string"},
        "kind_label": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
        "progress": {
            "type": "object",
            "properties": {
                "stage": {"type": "string"},
                "done": {"type": "integer"},
                "total": {"type": "integer"},
            },
        },
        "created_by": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": {"type": "string", "format": "date-time", "nullable": True},
        "finished_at": {"type": "string", "format": "date-time", "nullable": True},
        "parameters": {"type": "object", "additionalProperties": {}},
        "summary": {"type": "string"},
        "error": {"type": "string"},
        "result_url": {"type": "string", "format": "uri", "nullable": True},
        "result_record": {"type": "object", "nullable": True, "additionalProperties": {}},
    },
}
JOB_LOCATION = {
    "Location": {
        "schema": {"type": "string", "format": "uri"},
        "description": "The job's URL (`/api/v1/jobs/{id}/`): poll it until `status` is "
        "`succeeded` (then download `result_url`) or `failed` (then read `error`).",
    }
}


def job_accepted(description: str) -> dict:
    """A 202 answer that started a background job."""
    return {
        "description": description,
        "headers": JOB_LOCATION,
        "content": {"application/json": {"schema": JOB_SCHEMA}},
    }


EXPORT_JOB_RESPONSE = job_accepted(
    "With `?format=csv` or `Accept: text/csv`, when the rows are `EXPORT_JOB_MIN_ROWS` or "
    "more (default 100000): the export runs as a background job of the signed-in user "
    "(anonymous clients get 401), and its CSV is the job's result file."
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
            responses.setdefault("202", EXPORT_JOB_RESPONSE)
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
