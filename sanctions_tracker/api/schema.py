"""OpenAPI: every operation documents its errors, and every list its CSV form; parameters
and write bodies say what the server accepts (ids and pages from 1, the orderings a list
knows, related records by id), so that a client built from the schema is not refused."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from jobs.api import JobSerializer
from sanctions_tracker.api.fields import BRIEF_SCHEMA, PARTIAL_DATE_SCHEMA
from sanctions_tracker.api.pagination import MAX_PAGE_SIZE
from sanctions_tracker.outage import RETRY_AFTER_SECONDS

MAX_ID = 2**63 - 1

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "description": "What went wrong.",
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "The reasons, per field or query parameter (`non_field_errors` for the "
    "record as a whole, or a body that is not valid JSON); a nested field is keyed by its "
    "path (`queries[1].name`).",
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


def _describe_streamed_files(ok: dict, renderers) -> None:
    """A list's other streamed files (the entity list's FollowTheMoney lines): a renderer
    with an ``openapi_description`` is a text of its media type, not the JSON page."""
    for renderer in renderers:
        description = getattr(renderer, "openapi_description", "")
        if description and renderer.media_type in ok.get("content", {}):
            ok["content"][renderer.media_type] = {
                "schema": {"type": "string", "description": description}
            }
            ok["description"] += f" With `?format={renderer.format}`: {description}"


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
    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            self._narrow(parameter)
        return parameters

    def _narrow(self, parameter: dict) -> None:
        """What the server refuses, the schema does not offer: ids and pages start at 1,
        ``ordering`` names one of the list's fields, and no query value is empty."""
        schema = parameter.get("schema")
        name, where = parameter["name"], parameter["in"]
        if not isinstance(schema, dict):
            return
        if name == "id" and where == "path":
            # lookup_value_regex made it a string of digits: it is a record id.
            schema.pop("pattern", None)
            schema.update(type="integer", minimum=1, maximum=MAX_ID)
            parameter.setdefault("description", "The record's id.")
        elif (
            where == "query"
            and name.endswith("_id")
            and schema.get("type") in ("integer", "number")
        ):
            schema.update(type="integer", minimum=1, maximum=MAX_ID)
        elif where == "query" and name == "page":
            schema.update(minimum=1)
        elif where == "query" and name == "page_size":
            schema.update(minimum=1, maximum=MAX_PAGE_SIZE)
        elif where == "query" and name == "ordering":
            fields = list(getattr(self.view, "ordering_fields", None) or [])
            if fields:
                schema["enum"] = [order for f in fields for order in (f, f"-{f}")]
                parameter["description"] = (
                    "Order by this field (prefix - for descending); several, comma-separated, "
                    "are also understood. Ties are broken by id."
                )
        if (
            where == "query"
            and schema.get("type") == "string"
            and "enum" not in schema
            and "format" not in schema
        ):
            schema.setdefault("minLength", 1)

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
                _describe_streamed_files(ok, view.get_renderers())
            responses.setdefault("202", self._export_job_response())
        responses.setdefault(
            "400", _error("A malformed or unknown parameter, or a bad write.", FIELD_ERRORS_SCHEMA)
        )
        responses.setdefault("401", _error("Not signed in (send `Authorization: Token ...`)."))
        responses.setdefault("403", _error("Signed in without the permission this needs."))
        responses.setdefault("429", _error("Too many requests; retry after `Retry-After` seconds."))
        responses.setdefault(
            "406",
            _error(
                "`Accept` asks for a type this operation does not write (it writes "
                "application/json, text/csv on lists, application/x-ndjson on the entity list)."
            ),
        )
        responses.setdefault(
            "503",
            _error(
                "The database is unavailable for the moment; nothing was done. Retry after "
                f"`Retry-After` seconds ({RETRY_AFTER_SECONDS})."
            ),
        )
        if "{" in self.path:
            responses.setdefault("404", _error("No such record."))
        elif self.method == "GET" and self._is_list_view() and getattr(view, "paginator", None):
            responses.setdefault("404", _error("No such page: past the last one."))
        if self.method in ("POST", "PUT", "PATCH"):
            responses.setdefault(
                "415", _error("The body is in a type this operation does not read (send JSON).")
            )
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


class PartialDateFieldExtension(OpenApiSerializerFieldExtension):
    """Read as an object; written as the ISO partial string or ``{value, text}``."""

    target_class = "sanctions_tracker.api.fields.PartialDateField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return PARTIAL_DATE_SCHEMA
        return {
            "oneOf": [
                {
                    "type": "string",
                    "description": "`1998`, `2024-12`, `2024-12-19`, a range `1960/1965`, "
                    "or `unknown`.",
                    "example": "2024-12",
                },
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": "string", "example": "2024-12"},
                        "text": {"type": "string", "example": "December 2024"},
                    },
                    "required": ["value"],
                    "additionalProperties": False,
                },
            ],
            "description": PARTIAL_DATE_SCHEMA["description"],
            "example": "2024-12",
        }


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Read in brief (id, url, display); written as the id, or ``{"id": ...}``."""

    target_class = "sanctions_tracker.api.fields.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return BRIEF_SCHEMA
        record_id = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return {
            "oneOf": [
                record_id,
                {"type": "object", "properties": {"id": record_id}, "required": ["id"]},
            ],
            "description": "The related record's id (or an object with its `id`).",
        }
