"""The dossier's pictures: partial dates drawn as what they are on the timeline, and a
relationship graph that stays drawable at 200 nodes."""

import datetime as dt

import pytest

from entities.models import Entity
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    CitationFactory,
    DesignationFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    RelationshipFactory,
)
from tests.workspace.dossier_helpers import by_class, dossier_url, make_reader, svg, title_of
from workspace.dossier import build_dossier
from workspace.graph import build_graph
from workspace.timeline import PLOT_X0, UNKNOWN_X0, build_timeline

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def dated():
    """An entity listed by a month, a day and an unknown "Thursday", with events likewise."""
    entity = EntityFactory()
    month = DesignationFactory(
        entity=entity, body__code="XX-MONTH", listed=PartialDate.parse("2023-05")
    )
    DesignationFactory(
        entity=entity,
        body__code="XX-DAY",
        listed=PartialDate.parse("2023-03-15"),
        delisted=PartialDate.parse("2024"),
    )
    DesignationFactory(
        entity=entity, body__code="XX-UNKNOWN", listed=PartialDate.unknown("Thursday")
    )
    CitationFactory(entity=None, designation=month, quote="listed in May 2023")
    for occurred in ("2022-07-01", "2022-09", "unknown"):
        date = PartialDate.parse(occurred, "Thursday" if occurred == "unknown" else "")
        EventParticipantFactory(entity=entity, event=EventFactory(occurred=date, title=occurred))
    return entity


def _marks(timeline, cls):
    return [m for m in timeline.marks if m.cls == cls]


def test_a_month_is_a_band_a_day_a_sharp_edge_an_unknown_date_a_soft_edge_with_its_words(dated):
    entity = dated
    timeline = build_timeline(build_dossier(entity.pk), today=TODAY)
    bars = {m.body: m for m in _marks(timeline, "timeline-bar")}

    def x(iso):
        return pytest.approx(timeline_x(timeline, iso), abs=0.2)

    band = next(s for s in bars["XX-MONTH"].shapes if "band-month" in s.cls)
    assert (band.x, round(band.x + band.w, 1)) == (x("2023-05-01"), x("2023-06-01"))
    solid = next(s for s in bars["XX-MONTH"].shapes if s.cls == "timeline-solid")
    assert solid.x == x("2023-06-01")  # certainly listed from June on
    assert "listed 2023-05" in bars["XX-MONTH"].title
    assert "Cited: " in bars["XX-MONTH"].title and "“listed in May 2023”" in bars["XX-MONTH"].title

    shapes = bars["XX-DAY"].shapes
    assert not [s for s in shapes if "band-day" in s.cls or "soft" in s.cls]
    solid = next(s for s in shapes if s.cls == "timeline-solid")
    assert solid.x == x("2023-03-15")  # a sharp edge on the day
    delisting = next(s for s in shapes if "band-year" in s.cls)  # delisted "2024": a wide band
    assert (delisting.x, round(delisting.x + delisting.w, 1)) == (x("2024-01-01"), x("2025-01-01"))

    shapes = bars["XX-UNKNOWN"].shapes
    soft = next(s for s in shapes if "soft-start" in s.cls)
    assert soft.x == PLOT_X0
    assert bars["XX-UNKNOWN"].label == "listed: “Thursday” (date unknown)"

    events = {m.title.split(",")[0]: m for m in _marks(timeline, "timeline-event")}
    assert [s.kind for s in events["2022-07-01"].shapes] == ["circle"]
    assert events["2022-07-01"].shapes[0].x == x("2022-07-01")
    month_band = events["2022-09"].shapes[0]
    assert "band-month" in month_band.cls
    assert (month_band.x, round(month_band.x + month_band.w, 1)) == (
        x("2022-09-01"),
        x("2022-10-01"),
    )
    unknown_event = events["unknown"]
    assert unknown_event.label_x > UNKNOWN_X0  # in the "date unknown" column
    assert unknown_event.label.startswith("“Thursday”")
    # Year ticks from the first known year to today.
    assert [t.label for t in timeline.ticks] == ["2022", "2023", "2024", "2025", "2026"]


def timeline_x(timeline, iso):
    """The x of a day, from the timeline's own ticks (1 January of each year)."""
    ticks = {int(t.label): t.x for t in timeline.ticks}
    first = min(ticks)
    per_day = (ticks[first + 1] - ticks[first]) / 365  # the first tick year, 2022, has 365
    return ticks[first] + (dt.date.fromisoformat(iso) - dt.date(first, 1, 1)).days * per_day


def test_the_page_draws_bands_soft_edges_and_words(client, django_user_model, dated):
    entity = dated
    client.force_login(make_reader(django_user_model))
    timeline = svg(client.get(dossier_url(entity.pk)).content.decode(), "dossier-timeline")
    bars = {b.get("data-body"): b for b in by_class(timeline, "timeline-bar")}
    assert by_class(bars["XX-MONTH"], "band-month")
    assert by_class(bars["XX-UNKNOWN"], "soft-start")
    assert "“Thursday”" in "".join(bars["XX-UNKNOWN"].itertext())
    assert "listed 2023-03-15" in title_of(bars["XX-DAY"])
    link = next(a for a in timeline.iter("{http://www.w3.org/2000/svg}a"))
    assert link.get("href").startswith("/admin/entities/designation/")


def two_hundred_nodes() -> Entity:
    """A centre, 19 neighbours and 180 of theirs (10 each for the first nine, 9 for the
    others): 200 entities to two hops, and one more at three hops that must not show."""
    centre = EntityFactory(name="Centre")
    for i in range(19):
        near = EntityFactory(name=f"Near {i:02d}", kind="company")
        RelationshipFactory(subject=near, kind="owns", object=centre)
        for j in range(10 if i < 9 else 9):
            far = EntityFactory(name=f"Far {i:02d}-{j}", kind="person")
            RelationshipFactory(subject=far, kind="acts_for", object=near)
            if (i, j) == (0, 0):
                RelationshipFactory(subject=EntityFactory(name="Three hops"), object=far)
        if i % 3 == 0:
            DesignationFactory(entity=near)
    return centre


def test_a_graph_of_200_nodes_has_all_of_them_each_placed_once_labels_capped():
    centre = two_hundred_nodes()
    graph = build_graph(build_dossier(centre.pk), node_url=lambda pk: f"/e/{pk}/")
    assert len(graph.nodes) == 200
    assert len(graph.edges) == 199
    assert "Three hops" not in {n.name for n in graph.nodes}
    assert len({(n.x, n.y) for n in graph.nodes}) == 200  # no two nodes on the same spot
    assert all(0 <= n.x <= graph.width and 0 <= n.y <= graph.height for n in graph.nodes)
    # Names for the centre and its 19 neighbours: the outer ring of 180 is too dense.
    assert graph.labelled == 20 and not graph.edge_labels
    assert {n.hop for n in graph.nodes if n.label} == {0, 1}
    assert max(n.size for n in graph.nodes if n.hop) < 5  # nodes shrink as the graph grows
    assert {n.status for n in graph.nodes if n.hop == 1} == {"active", "never"}
    # The same data gives the same picture.
    again = build_graph(build_dossier(centre.pk), node_url=lambda pk: f"/e/{pk}/")
    assert [(n.entity_id, n.x, n.y) for n in again.nodes] == [
        (n.entity_id, n.x, n.y) for n in graph.nodes
    ]


def test_the_page_draws_200_nodes(client, django_user_model):
    centre = two_hundred_nodes()
    client.force_login(make_reader(django_user_model))
    graph = svg(client.get(dossier_url(centre.pk)).content.decode(), "dossier-graph")
    nodes = by_class(graph, "graph-node")
    assert len(nodes) == 200
    assert len({n.get("data-entity-id") for n in nodes}) == 200
    far = next(n for n in nodes if "hop-2" in n.get("class"))
    assert "2 hops away" in title_of(far)
