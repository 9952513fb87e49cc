"""A list uploaded in the admin is imported by the worker, as a job: the request only stores
the files and answers at once (a full list takes tens of seconds)."""

from __future__ import annotations

import datetime as dt

from importer.records import ParseError
from importer.services import ImportRefused
from importer.uploads import import_uploaded
from jobs import registry
from jobs.services import input_files, job_start

KIND = "list-upload"
OPTIONS = ("dry_run", "allow_mass_delisting", "allow_orphan_rows", "allow_warnings")


def start_list_upload(*, user, source: str, files, list_date: dt.date | None = None, **options):
    """Queue the import of the uploaded ``files`` as ``source``; the form's other fields
    (``dry_run``, ``allow_*``) pass on as they are."""
    params = {
        "source": source,
        "list_date": list_date.isoformat() if list_date else None,
        **{name: bool(options.get(name)) for name in OPTIONS},
    }
    return job_start(KIND, user, params, input_files=files)


def run_list_upload(job, progress) -> registry.JobOutput:
    params = job.parameters
    list_date = params.get("list_date")
    files = input_files(job)
    try:
        result = import_uploaded(
            source=params["source"],
            files=files,
            user=job.created_by,
            list_date=dt.date.fromisoformat(list_date) if list_date else None,
            progress=progress,
            **{name: bool(params.get(name)) for name in OPTIONS},
        )
    except (ParseError, ImportRefused) as exc:
        raise registry.JobFailed(str(exc)) from exc
    finally:
        for f in files:
            f.close()
    summary = result.summary(name=result.run.get_source_display())
    return registry.JobOutput(summary=summary, record=None if result.dry_run else result.run)


def register() -> None:
    registry.register(KIND, "list upload", run_list_upload)
