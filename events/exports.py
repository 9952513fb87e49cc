"""CSV columns of events."""

from sanctions_tracker.csv_export import Column, CsvExport, partial_date_columns

EVENT_EXPORT = CsvExport(
    name="events",
    columns=[
        Column("id", lambda e: e.pk),
        Column("uid", lambda e: e.uid),
        Column("kind", lambda e: e.kind),
        Column("title", lambda e: e.title),
        *partial_date_columns("occurred", "date"),
        Column("country", lambda e: e.country.code),
        Column(
            "participants",
            lambda e: [f"{p.entity.name} ({p.role})" for p in e.participants.all()],
            "name (role)",
        ),
        Column("designation_ids", lambda e: [d.pk for d in e.designations.all()]),
        Column("description", lambda e: e.description),
    ],
    prefetch_related=("participants__entity", "designations"),
)
