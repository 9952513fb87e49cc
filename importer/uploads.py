"""Importing list files uploaded in the admin: the same import as ``manage.py import_list``,
on the uploaded files laid out as the command reads them."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.core.files import File

from importer.registry import LISTS
from importer.services import ImportResult, import_list


def import_uploaded(
    *,
    source: str,
    files: list[File],
    user,
    list_date: dt.date | None = None,
    dry_run: bool = False,
    allow_mass_delisting: bool = False,
    allow_orphan_rows: bool = False,
    allow_warnings: bool = False,
    progress=None,
) -> ImportResult:
    """Write the files into a temporary folder under their own names (an OFAC list is a
    folder of named files) and import them. Raises what ``import_list`` raises."""
    spec = LISTS[source]
    names = [Path(f.name).name for f in files]
    origin = f"upload: {', '.join(sorted(names))}"
    with tempfile.TemporaryDirectory(prefix="list-upload-") as folder:
        for upload, name in zip(files, names, strict=True):
            with (Path(folder) / name).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        path = Path(folder) if spec.file_names else Path(folder) / names[0]
        return import_list(
            source,
            path,
            user=user,
            list_date=list_date,
            dry_run=dry_run,
            allow_mass_delisting=allow_mass_delisting,
            allow_orphan_rows=allow_orphan_rows,
            allow_warnings=allow_warnings,
            origin=origin,
            progress=progress,
        )
