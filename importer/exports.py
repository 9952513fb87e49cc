"""CSV columns of import runs and of their differences."""

from sanctions_tracker.csv_export import Column, CsvExport, neutralise


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _files(files: dict) -> str:
    return neutralise([f"{name} {sha}" for name, sha in sorted((files or {}).items())])


IMPORT_RUN_EXPORT = CsvExport(
    name="imports",
    columns=[
        Column.id(),
        Column.attr("source"),
        Column.attr("status"),
        Column("started_at", "started_at", _iso),
        Column("finished_at", "finished_at", _iso),
        Column("list_date", "list_date", _iso),
        Column.attr("sha256"),
        Column("files", "files", _files),
        *(
            Column.attr(name)
            for name in (
                "entries",
                "added",
                "changed",
                "delisted",
                "unchanged",
                "linked",
                "conflicts",
                "warnings",
            )
        ),
    ],
)

IMPORT_DIFFERENCE_EXPORT = CsvExport(
    name="import-differences",
    columns=[
        Column.id(),
        Column.id("run_id", "run_id"),
        Column.attr("action"),
        Column.attr("reference", "the list entry's own reference"),
        Column.id("entity_id", "entity_id"),
        Column("entity", "entity__name"),
        Column.attr("field"),
        Column.attr("before"),
        Column.attr("after"),
        Column.attr("message"),
    ],
)
