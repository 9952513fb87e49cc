"""CSV columns of events."""

from sanctions_tracker.csv_export import Column, CsvExport, partial_date_columns

EVENT_EXPORT = CsvExport(
    name="events",
    columns=[
        Column("id", lambda e: e.pk),
        Column.attr("uid"),
        Column.attr("kind"),
        Column.attr("title"),
        *partial_date_columns("occurred", "date"),
        Column("country", lambda e: e.country.code),
        Column(
            "participants",
            lambda e: [f"{p.entity.name} ({p.role})" for p in e.participants.all()],
            "name (role)",
        ),
        Column("designation_ids", lambda e: [d.pk for d in e.designations.all()]),
        Column.attr("description"),
    ],
    prefetch_related=("participants__entity", "designations"),
)


EVENT_PARTICIPANT_EXPORT = CsvExport(
    name="event-participants",
    columns=[
        Column("id", lambda p: p.pk),
        Column.attr("event_id"),
        Column("event", lambda p: p.event.title),
        Column.attr("entity_id"),
        Column("entity", lambda p: p.entity.name),
        Column.attr("role"),
        Column.attr("description"),
    ],
    select_related=("event", "entity"),
)
