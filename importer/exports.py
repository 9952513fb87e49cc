"""CSV columns of import runs and of their differences."""

from sanctions_tracker.csv_export import Column, CsvExport

IMPORT_RUN_EXPORT = CsvExport(
    name="imports",
    columns=[
        Column("id", lambda r: r.pk),
        Column.attr("source"),
        Column.attr("status"),
        Column("started_at", lambda r: r.started_at.isoformat()),
        Column("finished_at", lambda r: r.finished_at.isoformat()),
        Column("list_date", lambda r: r.list_date.isoformat() if r.list_date else ""),
        Column.attr("sha256"),
        Column("files", lambda r: [f"{name} {sha}" for name, sha in sorted(r.files.items())]),
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
        Column("id", lambda d: d.pk),
        Column.attr("run_id"),
        Column.attr("action"),
        Column.attr("reference", "the list entry's own reference"),
        Column.attr("entity_id"),
        Column("entity", lambda d: d.entity.name if d.entity_id else ""),
        Column.attr("field"),
        Column.attr("before"),
        Column.attr("after"),
        Column.attr("message"),
    ],
    select_related=("entity",),
)
