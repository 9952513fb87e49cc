"""CSV columns of events."""

from django.db.models import F, OuterRef, Value
from django.db.models.functions import Concat

from entities.models import Designation
from events.models import EventParticipant
from sanctions_tracker.csv_export import Column, CsvExport, Joined, partial_date_columns

EVENT_EXPORT = CsvExport(
    name="events",
    columns=[
        Column.id(),
        Column("uid", "uid", str),
        Column.attr("kind"),
        Column.attr("title"),
        *partial_date_columns("occurred", "date"),
        Column.attr("country"),
        Column(
            "participants",
            Joined(
                EventParticipant.objects.filter(event=OuterRef("pk")),
                Concat(F("entity__name"), Value(" ("), F("role"), Value(")")),
            ),
            description="name (role)",
        ),
        Column("designation_ids", Joined(Designation.objects.filter(events=OuterRef("pk")), "pk")),
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
