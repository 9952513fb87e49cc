"""Batch screening of an uploaded CSV file, as a job: one row per name to screen (columns
``name`` and optionally ``country``, ``kind``, ``birth_date``, ``identifier``); the result
is a CSV of every row's candidates."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django.utils import timezone

from jobs import registry
from jobs.services import input_files, job_start
from sanctions_tracker.csv_export import neutralise, stream_csv
from screening import services
from screening.api.serializers import QUERY_FIELDS, MatchQuerySerializer
from screening.selectors import active_designations

KIND = "match-file"
BATCH = 200  # rows screened between two looks at the designations (one query)
MAX_ERRORS_SHOWN = 10
RESULT_HEADERS = [
    "row",
    "query_name",
    "rank",
    "score",
    "entity_id",
    "entity_name",
    "entity_kind",
    "matched_name",
    "matched_name_kind",
    "weak_alias",
    "active_designations",
]


class FileRefused(ValueError):
    """The file cannot be screened; the message says where and why."""


def check_header(upload) -> None:
    """Refuse a file whose first line is not a CSV header naming ``name`` and only known
    columns; reads the first line only, and rewinds."""
    upload.seek(0)
    first = upload.readline()
    upload.seek(0)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("The file is not UTF-8 text (line 1).") from None
    header = [h.strip() for h in next(csv.reader([text]), [])]
    _check_columns(header)


def _check_columns(header: list[str]) -> None:
    unknown = [h for h in header if h not in QUERY_FIELDS]
    if "name" not in header or unknown:
        raise FileRefused(
            f"Line 1 must be a header with the columns {', '.join(QUERY_FIELDS)} (name "
            f"required, the others optional); found: {', '.join(header) or 'nothing'}."
        )


def start_match_file(*, user, upload, limit: int, threshold: float):
    check_header(upload)
    return job_start(KIND, user, {"limit": limit, "threshold": threshold}, input_files=[upload])


def read_queries(handle) -> list[tuple[int, services.MatchQuery]]:
    """Every row as a query, with its line number; JobFailed naming the rows refused."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    queries, errors = [], []
    try:
        _check_columns([h.strip() for h in reader.fieldnames or []])
        for row in reader:
            line = reader.line_num
            values = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            if not any(values.values()):
                continue
            serializer = MatchQuerySerializer(data=values)
            if serializer.is_valid():
                queries.append((line, serializer.to_query()))
            else:
                reasons = "; ".join(
                    f"{field}: {' '.join(str(m) for m in messages)}"
                    for field, messages in serializer.errors.items()
                )
                errors.append(f"line {line}: {reasons}")
    except UnicodeDecodeError:
        raise registry.JobFailed("The file is not UTF-8 text.") from None
    except (FileRefused, csv.Error) as exc:
        raise registry.JobFailed(str(exc)) from exc
    if errors:
        more = len(errors) - MAX_ERRORS_SHOWN
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN]) + (f"; and {more} more" if more > 0 else "")
        raise registry.JobFailed(f"{len(errors)} rows cannot be screened, nothing was: {shown}.")
    if not queries:
        raise registry.JobFailed("The file has no row to screen.")
    return queries


def run_match_file(job, progress) -> registry.JobOutput:
    (upload,) = input_files(job)
    with upload:
        queries = read_queries(upload.file)
    limit, threshold = job.parameters["limit"], job.parameters["threshold"]
    total = len(queries)
    progress("screened", 0, total)
    found = 0
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", suffix=".csv", delete=False
    ) as out:
        path = Path(out.name)
        try:
            rows = _result_rows(queries, limit, threshold, progress)
            for line in stream_csv(RESULT_HEADERS, rows):
                out.write(line)
                found += 1
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return registry.JobOutput(
        summary=f"{total:,} names screened: {found - 1:,} result rows",
        file=path,
        filename=f"screening-{timezone.localdate().isoformat()}.csv",
    )


def _result_rows(queries, limit, threshold, progress):
    for start in range(0, len(queries), BATCH):
        batch = [
            (line, query, services.match(query, limit=limit, threshold=threshold))
            for line, query in queries[start : start + BATCH]
        ]
        designations = active_designations({c.entity_id for *_, cs in batch for c in cs})
        for line, query, candidates in batch:
            if not candidates:
                yield [str(line), neutralise(query.name)] + [""] * (len(RESULT_HEADERS) - 2)
            for rank, c in enumerate(candidates, 1):
                listed = "; ".join(
                    " ".join(filter(None, [d["body"], d["programme"], d["reference"]]))
                    for d in designations.get(c.entity_id, [])
                )
                cells = [line, query.name, rank, f"{c.score:.3f}", c.entity_id, c.name, c.kind]
                cells += [c.matched_name, c.matched_kind, "yes" if c.weak else "no", listed]
                yield [neutralise(cell) for cell in cells]
        progress("screened", min(start + BATCH, len(queries)), len(queries))


def register() -> None:
    registry.register(KIND, "batch screening of a file", run_match_file)
