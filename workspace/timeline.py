"""The dossier's timeline as geometry for an inline SVG (drawn by
``workspace/timeline_svg.html``): one lane per sanctioning body, one for events.

Dates are drawn as what they are: a day as a sharp edge or a dot, a month or a year as a
band spanning it, an unknown date as a soft (faded) edge with the source's words written
beside it. Events of unknown date sit in a "date unknown" column right of the axis, so
that nothing the sources say is left out of the picture.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate, Precision
from workspace.dossier import Dossier, admin_url, date_text

WIDTH = 1000
PLOT_X0, PLOT_X1 = 130, 790  # the dated axis
UNKNOWN_X0, UNKNOWN_X1 = 805, 995  # the "date unknown" column
AXIS_H = 34
ROW_H = 24
LANE_GAP = 8
BAR_H = 14
SOFT_WIDTH = 120  # how far an unknown edge fades in or out, in viewBox units
MAX_TICKS = 12
EVENTS_LANE = "Events"


@dataclass
class Shape:
    """A rectangle, a circle or a path; ``fill`` "soft-start"/"soft-end" use gradients."""

    kind: str  # rect, circle, path
    cls: str
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    r: float = 0
    d: str = ""


@dataclass
class Mark:
    """One linked mark: a designation's bar or an event's point, with its tooltip."""

    cls: str  # timeline-bar or timeline-event
    href: str
    title: str
    body: str = ""
    record_id: int = 0
    status: str = ""
    shapes: list[Shape] = field(default_factory=list)
    label: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class Lane:
    name: str
    y: float
    height: float


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    lanes: list[Lane]
    ticks: list[Tick]
    marks: list[Mark]
    today_x: float
    plot_x0: int = PLOT_X0
    plot_x1: int = PLOT_X1
    unknown_x0: int = UNKNOWN_X0
    unknown_x1: int = UNKNOWN_X1
    axis_h: int = AXIS_H

    @property
    def unknown_width(self) -> int:
        return self.unknown_x1 - self.unknown_x0


class Scale:
    """Days to x, from 1 January of the first known year to today (or the last date)."""

    def __init__(self, dates: list[PartialDate], today: dt.date):
        known = [d for d in dates if d.is_known]
        first = min((d.earliest for d in known), default=today.replace(year=today.year - 4))
        last = max([today, *(d.latest for d in known)])
        self.start = dt.date(first.year, 1, 1)
        self.end = last + dt.timedelta(days=1)
        self.span = max((self.end - self.start).days, 1)

    def x(self, day: dt.date) -> float:
        return round(PLOT_X0 + (day - self.start).days / self.span * (PLOT_X1 - PLOT_X0), 1)

    def after(self, day: dt.date) -> float:
        """The x where ``day`` ends (a band spans its last day too)."""
        return self.x(day + dt.timedelta(days=1))

    def ticks(self) -> list[Tick]:
        years = list(range(self.start.year, self.end.year + 1))
        step = max(1, math.ceil(len(years) / MAX_TICKS))
        return [
            Tick(self.x(dt.date(year, 1, 1)), str(year))
            for year in years[::step]
            if dt.date(year, 1, 1) <= self.end
        ]


def build_timeline(dossier: Dossier, today: dt.date | None = None) -> Timeline:
    today = today or dt.date.today()
    items = dossier.timeline
    dates = [d.listed for d in dossier.designations] + [
        d.delisted for d in dossier.designations if d.delisted.is_set
    ]
    dates += [item.date for item in items if item.kind == "event"]
    scale = Scale(dates, today)
    lanes: list[Lane] = []
    marks: list[Mark] = []
    y = AXIS_H
    by_body: dict[str, list[Designation]] = {}
    for designation in dossier.designations:
        by_body.setdefault(designation.body.code, []).append(designation)
    for body, designations in by_body.items():
        height = len(designations) * ROW_H
        lanes.append(Lane(body, y, height))
        for row, designation in enumerate(designations):
            marks.append(_bar(dossier, designation, scale, today, y + row * ROW_H))
        y += height + LANE_GAP
    events = [item for item in items if item.kind == "event"]
    event_marks, rows = _events(dossier, events, scale, y)
    lanes.append(Lane(EVENTS_LANE, y, rows * ROW_H))
    marks += event_marks
    y += rows * ROW_H + LANE_GAP
    return Timeline(WIDTH, int(y), lanes, scale.ticks(), marks, scale.x(today))


def _tooltip(dossier: Dossier, target: str, pk: int, what: str) -> str:
    citations = dossier.citations_of(target, pk)
    if not citations:
        return f"{what}. Not cited."
    cited = "; ".join(
        f"{c.source.title}: “{c.quote}”" if c.quote else f"{c.source.title}, {c.locator}"
        for c in citations[:3]
    )
    more = f" (and {len(citations) - 3} more)" if len(citations) > 3 else ""
    return f"{what}. Cited: {cited}{more}"


def _bar(dossier, designation: Designation, scale: Scale, today: dt.date, top: float) -> Mark:
    listed, delisted = designation.listed, designation.delisted
    y = top + (ROW_H - BAR_H) / 2
    shapes: list[Shape] = []
    # Where the certain part starts and ends.
    if listed.is_known:
        solid_from = scale.x(listed.earliest) if listed.precision == Precision.DAY else None
        if solid_from is None:
            shapes.append(_band(scale, listed, y))
            solid_from = scale.after(listed.latest)
    else:
        solid_from = None
    if delisted.is_known:
        solid_to = scale.after(delisted.latest) if delisted.precision == Precision.DAY else None
        if solid_to is None:
            shapes.append(_band(scale, delisted, y))
            solid_to = scale.x(delisted.earliest)
    elif delisted.is_set:  # delisted, on a date not known
        solid_to = None
    else:
        solid_to = scale.x(today)
    if solid_from is None:  # fades in from the axis' start
        end = solid_to if solid_to is not None else scale.x(today)
        solid_from = max(PLOT_X0, end - SOFT_WIDTH)
        shapes.append(
            Shape("rect", "timeline-soft soft-start", PLOT_X0, y, solid_from - PLOT_X0, BAR_H)
        )
    if solid_to is None:  # fades out towards today
        start = max(solid_from, scale.x(today) - SOFT_WIDTH)
        shapes.append(
            Shape("rect", "timeline-soft soft-end", start, y, scale.x(today) - start, BAR_H)
        )
        solid_to = start
    shapes.insert(
        0, Shape("rect", "timeline-solid", solid_from, y, max(solid_to - solid_from, 1.5), BAR_H)
    )
    programme = f" under {designation.programme.code}" if designation.programme_id else ""
    what = f"Designated by {designation.body.code}{programme}, listed {_as_given(listed)}"
    if delisted.is_set:
        what += f", delisted {_as_given(delisted)}"
    else:
        what += ", active"
    label = ""
    if not listed.is_known:
        label = f"listed: {_words(listed)}"
    elif delisted.is_set and not delisted.is_known:
        label = f"delisted: {_words(delisted)}"
    return Mark(
        "timeline-bar",
        admin_url("entities.designation", designation.pk),
        _tooltip(dossier, "designation", designation.pk, what),
        body=designation.body.code,
        record_id=designation.pk,
        status=designation.status,
        shapes=shapes,
        label=label,
        label_x=PLOT_X0 + 4,
        label_y=y + BAR_H - 3,
    )


def _band(scale: Scale, date: PartialDate, y: float) -> Shape:
    """A month, a year or a range: a band across the whole of it."""
    x0, x1 = scale.x(date.earliest), scale.after(date.latest)
    return Shape(
        "rect", f"timeline-band band-{date.precision}", x0, y - 3, max(x1 - x0, 2), BAR_H + 6
    )


def _as_given(date: PartialDate) -> str:
    return date_text(date) if date.is_known else _words(date)


def _words(date: PartialDate) -> str:
    return f"“{date.text}” (date unknown)" if date.text else "date unknown"


def _events(dossier: Dossier, events, scale: Scale, top: float) -> tuple[list[Mark], int]:
    """Event marks on their lane: known ones at their date (rows so that none overlap),
    unknown ones one per row in the "date unknown" column."""
    marks: list[Mark] = []
    row_ends: list[float] = []
    unknown_row = 0
    for item in events:
        event, date = item.event, item.date
        shapes: list[Shape] = []
        label, label_x = "", 0.0
        if date.is_known:
            x0, x1 = scale.x(date.earliest), scale.after(date.latest)
            row = next((i for i, end in enumerate(row_ends) if end < x0 - 4), len(row_ends))
            if row == len(row_ends):
                row_ends.append(0)
            row_ends[row] = max(x1, x0 + 12)
            cy = top + row * ROW_H + ROW_H / 2
            if date.precision == Precision.DAY:
                shapes.append(Shape("circle", "timeline-point", x0, cy, r=5))
            else:
                shapes.append(
                    Shape(
                        "rect",
                        f"timeline-band band-{date.precision}",
                        x0,
                        cy - 7,
                        max(x1 - x0, 2),
                        14,
                    )
                )
                shapes.append(Shape("path", "timeline-point", d=_diamond((x0 + x1) / 2, cy, 5)))
        else:
            cy = top + unknown_row * ROW_H + ROW_H / 2
            unknown_row += 1
            shapes.append(
                Shape("path", "timeline-point timeline-unknown", d=_diamond(UNKNOWN_X0 + 8, cy, 5))
            )
            words = f"“{date.text}”" if date.text else "date unknown"
            label, label_x = _short(f"{words}: {item.title}", 30), UNKNOWN_X0 + 18
        what = f"{item.title}, {_as_given(date)}"
        marks.append(
            Mark(
                "timeline-event",
                admin_url("events.event", event.pk),
                _tooltip(dossier, "event", event.pk, what),
                record_id=event.pk,
                shapes=shapes,
                label=label,
                label_x=label_x,
                label_y=cy + 4,
            )
        )
    return marks, max(1, len(row_ends), unknown_row)


def _diamond(x: float, y: float, r: float) -> str:
    return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
