"""CSV columns of events."""

from django.db.models import F, Value
from django.db.models.functions import Concat

from entities.models import Designation
from events.models import EventParticipant
from sanctions_tracker.csv_export import (
    Column,
    CsvExport,
    Joined,
    partial_date_columns,
    uid_column,
)

EVENT_EXPORT = CsvExport(
    name="events",
    columns=[
        Column.id(),
        uid_column(),
        Column.attr("kind"),
        Column.attr("title"),
        *partial_date_columns("occurred", "date"),
        Column.attr("country"),
        Column(
            "participants",
            Joined(
                EventParticipant.objects.all(),
                "event",
                Concat(F("entity__name"), Value(" ("), F("role"), Value(")")),
            ),
            description="name (role)",
        ),
        Column("designation_ids", Joined(Designation.objects.all(), "events", "pk")),
        Column.attr("description"),
    ],
)


EVENT_PARTICIPANT_EXPORT = CsvExport(
    name="event-participants",
    columns=[
        Column.id(),
        Column.id("event_id", "event_id"),
        Column("event", "event__title"),
        Column.id("entity_id", "entity_id"),
        Column("entity", "entity__name"),
        Column.attr("role"),
        Column.attr("description"),
    ],
)
