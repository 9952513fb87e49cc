"""The entity dossier page: the NDC after the seed and the OFAC excerpt, who may read it,
its CSV downloads, and the link from the entity's change page."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from entities.models import Entity
from events.models import Event
from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import DesignationFactory, EntityFactory, RelationshipFactory
from tests.importer.conftest import OFAC_NDC
from tests.workspace.dossier_helpers import by_class, dossier_url, make_reader, svg, title_of
from workspace.dossier import build_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    return make_reader(django_user_model)


@pytest.fixture
def ndc(db):
    call_command("load_seed", verbosity=0)
    import_list("ofac-sdn", OFAC_NDC)
    return Entity.objects.get(name="National Development Complex")


def test_the_ndc_dossier_shows_both_designations_its_events_relationships_and_lag(
    client, reader, ndc
):
    client.force_login(reader)
    response = client.get(dossier_url(ndc.pk))
    assert response.status_code == 200
    html = response.content.decode()

    timeline = svg(html, "dossier-timeline")
    bars = by_class(timeline, "timeline-bar")
    assert sorted(bar.get("data-body") for bar in bars) == ["US-DOS", "US-OFAC"]
    # Neither source dates its listing: both bars fade in, with the source's words.
    for bar in bars:
        assert by_class(bar, "soft-start")
    ofac = next(bar for bar in bars if bar.get("data-body") == "US-OFAC")
    assert "not stated in the ofac-sdn list" in ET_text(ofac)
    assert "Cited: OFAC Specially Designated Nationals" in title_of(ofac)

    article_events = Event.objects.filter(
        Q(participants__entity=ndc) | Q(designations__entity=ndc)
    ).distinct()
    assert article_events.count() >= 2
    marks = {int(e.get("data-record-id")) for e in by_class(timeline, "timeline-event")}
    assert marks == set(article_events.values_list("pk", flat=True))
    assert "“Thursday”" in ET_text(timeline)  # the statement, dated only "Thursday"

    graph = svg(html, "dossier-graph")
    nodes = {int(n.get("data-entity-id")) for n in by_class(graph, "graph-node")}
    institute = Entity.objects.get(name="a Chinese research institute")
    assert nodes == {ndc.pk, institute.pk}
    assert len(by_class(graph, "graph-edge")) == 1
    assert "collaborated with" in ET_text(graph)

    assert 'id="dossier-lags"' in html
    assert 'data-pair="US-DOS/US-OFAC"' in html
    assert (
        "Lag not known: US-DOS: listing date not known; US-OFAC: listing date not known "
        "(the source says “not stated in the ofac-sdn list”)"
    ) in html
    # Aliases, identifiers, addresses and quotes.
    assert "NATIONAL DEFENSE COMPLEX" in html
    assert "9010629" in html
    assert "Fateh Jang" in html
    assert "Among the sanctioned entities is the National Development Complex" in html


def test_the_graph_holds_every_link_between_its_entities(db):
    """Two entities two hops away that are tied to each other: that link is drawn too (a
    hop-2 entity's links further out are not)."""
    centre, near, far_a, far_b, beyond = (EntityFactory() for _ in range(5))
    RelationshipFactory(subject=centre, kind="owns", object=near)
    RelationshipFactory(subject=near, kind="owns", object=far_a)
    RelationshipFactory(subject=near, kind="owns", object=far_b)
    between = RelationshipFactory(subject=far_a, kind="acts_for", object=far_b)
    RelationshipFactory(subject=far_b, kind="owns", object=beyond)

    dossier = build_dossier(centre.pk)

    assert set(dossier.neighbours) == {centre.pk, near.pk, far_a.pk, far_b.pk}
    assert between.pk in {rel.pk for rel in dossier.relationships}
    assert len(dossier.relationships) == 4


def ET_text(element) -> str:
    return " ".join(t for t in element.itertext())


def test_a_known_lag_is_given_in_days(client, reader):
    entity = EntityFactory()
    DesignationFactory(entity=entity, body__code="US-OFAC", listed=PartialDate.parse("2024-01-10"))
    DesignationFactory(entity=entity, body__code="UK-OFSI", listed=PartialDate.parse("2024-02-20"))
    client.force_login(reader)
    html = client.get(dossier_url(entity.pk)).content.decode()
    assert 'data-pair="US-OFAC/UK-OFSI" data-low="41" data-high="41"' in html
    assert "UK-OFSI followed US-OFAC after 41 days" in html


def test_readers_read_anonymous_sign_in_and_others_are_refused(client, reader, django_user_model):
    entity = EntityFactory()
    url = dossier_url(entity.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    staff = django_user_model.objects.create_user("nobody", "n@example.org", "pw", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.get(dossier_url(entity.pk, "timeline.csv")).status_code == 403

    client.force_login(reader)
    assert client.get(url).status_code == 200


def test_a_missing_entity_is_404(client, reader):
    client.force_login(reader)
    assert client.get(dossier_url(987654)).status_code == 404


def test_the_timeline_downloads_as_csv(client, reader, ndc):
    client.force_login(reader)
    response = client.get(dossier_url(ndc.pk, "timeline.csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="entity-{ndc.pk}-timeline.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["lane", "what", "date as given", "precision", "until", "cited", "record"]
    lanes = [row[0] for row in rows[1:]]
    assert lanes.count("US-DOS") == 1 and lanes.count("US-OFAC") == 1
    thursday = next(row for row in rows if row[2] == "unknown (Thursday)")
    assert thursday[0] == "Events"
    assert thursday[6].startswith("http://testserver/admin/events/event/")


def test_the_relationships_download_as_csv(client, reader):
    centre = EntityFactory(name="Centre")
    owner = EntityFactory(name="=HYPERLINK(1)")
    RelationshipFactory(
        subject=owner, kind="owns", object=centre, started=PartialDate.parse("2020-03")
    )
    DesignationFactory(entity=owner)
    client.force_login(reader)
    response = client.get(dossier_url(centre.pk, "relationships.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "hop",
        "subject",
        "subject status",
        "kind",
        "object",
        "object status",
        "started",
        "ended",
    ]
    assert rows[1][:8] == [
        "1",
        "'=HYPERLINK(1)",  # a formula is defused
        "actively designated",
        "owns",
        "Centre",
        "never designated",
        "2020-03",
        "",
    ]


def test_an_unknown_download_is_refused_with_the_choices(client, reader):
    client.force_login(reader)
    response = client.get(dossier_url(EntityFactory().pk, "everything.csv"))
    assert response.status_code == 400
    assert "relationships.csv or timeline.csv" in response.content.decode()


def test_the_entity_change_page_links_to_the_dossier(admin_client_logged_in):
    entity = EntityFactory()
    html = admin_client_logged_in.get(
        reverse("admin:entities_entity_change", args=[entity.pk])
    ).content.decode()
    assert f'href="{dossier_url(entity.pk)}" class="dossierlink">Dossier</a>' in html


def test_the_page_prints_without_the_admin_chrome_and_fits_its_width(client, reader):
    client.force_login(reader)
    html = client.get(dossier_url(EntityFactory().pk)).content.decode()
    printed = html[html.index("@media print") :]
    assert "#header, #nav-sidebar" in printed and "display: none !important" in printed
    assert "max-width: 18cm" in printed  # within A4 and letter
    # On screen the pictures scale with the window (width 100%, a viewBox), no fixed width.
    for element_id in ("dossier-timeline", "dossier-graph"):
        tag = re.search(rf'<svg id="{element_id}"[^>]*>', html).group(0)
        assert 'viewBox="0 0 1000 ' in tag and "width=" not in tag
