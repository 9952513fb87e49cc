"""The text equivalents of the dossier's pictures: the timeline and the relationships as
tables, the same rows on the page (for screen readers) and in the CSV downloads."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

from sanctions_tracker.csv_export import UTF8_BOM, neutralise
from workspace.dossier import STATUS_LABELS, Dossier, admin_url, date_text
from workspace.timeline import EVENTS_LANE

TIMELINE_HEADER = ["lane", "what", "date as given", "precision", "until", "cited", "record"]
RELATIONSHIPS_HEADER = [
    "hop",
    "subject",
    "subject status",
    "kind",
    "object",
    "object status",
    "started",
    "ended",
    "cited",
    "record",
]


def _cited(dossier: Dossier, target: str, pk: int) -> str:
    return "; ".join(
        f"{c.source.title}: “{c.quote}”" if c.quote else f"{c.source.title}, {c.locator}"
        for c in dossier.citations_of(target, pk)
    )


def timeline_rows(dossier: Dossier) -> list[list[str]]:
    """One row per designation, delisting and event, in date order (unknown dates last)."""
    rows = []
    for item in dossier.timeline:
        date = item.date
        if item.event is not None:
            lane, target, record = EVENTS_LANE, "event", item.event
            url, until = admin_url("events.event", record.pk), ""
        else:
            record = item.designation
            lane, target = record.body.code, "designation"
            url = admin_url("entities.designation", record.pk)
            until = ""
            if item.kind == "designation":
                until = date_text(record.delisted) if record.delisted.is_set else "active"
        precision = date.precision if date.is_set else ""
        as_given = date_text(date)
        rows.append(
            [lane, item.title, as_given, precision, until, _cited(dossier, target, record.pk), url]
        )
    return rows


def relationship_rows(dossier: Dossier) -> list[list[str]]:
    """One row per relationship in the graph, nearest first."""
    hops = {pk: n.hop for pk, n in dossier.neighbours.items()}
    rows = []
    for rel in sorted(
        dossier.relationships,
        key=lambda r: (max(hops[r.subject_id], hops[r.object_id]), r.subject.name, r.kind, r.pk),
    ):
        status = {
            pk: STATUS_LABELS[dossier.neighbours[pk].status]
            for pk in (rel.subject_id, rel.object_id)
        }
        rows.append(
            [
                str(max(hops[rel.subject_id], hops[rel.object_id])),
                rel.subject.name,
                status[rel.subject_id],
                rel.get_kind_display(),
                rel.object.name,
                status[rel.object_id],
                date_text(rel.started),
                date_text(rel.ended),
                _cited(dossier, "relationship", rel.pk),
                admin_url("entities.relationship", rel.pk),
            ]
        )
    return rows


DOWNLOADS = {
    "timeline.csv": (TIMELINE_HEADER, timeline_rows),
    "relationships.csv": (RELATIONSHIPS_HEADER, relationship_rows),
}


def csv_response(dossier: Dossier, name: str, absolute) -> HttpResponse:
    """The table ``name`` as a CSV download; ``absolute(path)`` makes record links full URLs."""
    header, rows = DOWNLOADS[name]
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows(dossier):
        writer.writerow([neutralise(cell) for cell in row[:-1]] + [absolute(row[-1])])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"entity-{dossier.entity.pk}-{name}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
