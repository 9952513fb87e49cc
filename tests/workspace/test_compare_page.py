"""The comparison page in the admin: readers read it; the form, the pairs with their lag
charts and tables, the entities with their links, the CSV link; a fixed number of queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import BodyFactory, DesignationFactory, EntityFactory
from tests.importer.conftest import OFAC_NDC

pytestmark = pytest.mark.django_db
URL = "/admin/workspace/compare/"


@pytest.fixture
def reader_client(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="readers"))
    client.force_login(user)
    return client


@pytest.fixture
def followed():
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    entity = EntityFactory(name="Followed")
    DesignationFactory(entity=entity, body=ofac, listed=PartialDate.parse("2024-12-18"))
    DesignationFactory(entity=entity, body=ofsi, listed=PartialDate.parse("2025-01-28"))
    return entity


def test_the_url_name():
    assert reverse("workspace:compare") == URL


def test_readers_see_ndc_under_us_ofac_and_us_dos_after_the_seed_and_the_import(reader_client):
    call_command("load_seed", verbosity=0)
    import_list("ofac-sdn", OFAC_NDC)
    response = reader_client.get(URL)  # every body with a designation, by default
    assert response.status_code == 200
    page = response.content.decode()
    for element in ('id="compare-form"', 'id="compare-pairs"', 'id="compare-entities"'):
        assert element in page
    assert response.context["query"].bodies == ("US-DOS", "US-OFAC")
    rows = {row["entity"].name: row for row in response.context["rows"]}
    ndc = rows["National Development Complex"]
    assert set(ndc["entity"].listings) == {"US-DOS", "US-OFAC"}
    assert reverse("admin:entities_entity_change", args=[ndc["entity"].id]) in page


def test_pairs_show_counts_a_chart_and_its_table(reader_client, followed):
    response = reader_client.get(URL, {"bodies": ["US-OFAC", "UK-OFSI"]})
    page = response.content.decode()
    pair, bars, _ = response.context["pairs"][0]
    assert (pair.first, pair.then) == ("US-OFAC", "UK-OFSI")  # in the order given
    assert pair.lags.days == [41]
    tall = [bar for bar in bars if bar.count]
    assert [(b.label, b.height, b.after) for b in tall] == [("31 to 90 days after", 58, True)]
    assert '<svg class="compare-chart"' in page and "<title>31 to 90 days after: 1</title>" in page
    assert '<td>31 to 90 days after</td><td class="num">1</td>' in page
    assert "UK-OFSI followed US-OFAC after 41 days" in page
    assert response.context["form"]["active_only"].value() == "true"  # the default, checked
    assert '<span title="2024-12-18">2024-12-18</span>' in page


def test_each_count_links_to_the_entities_behind_it(reader_client, followed):
    DesignationFactory(body=BodyFactory(code="US-OFAC"), entity=EntityFactory(name="Only"))
    response = reader_client.get(URL, {"bodies": ["US-OFAC", "UK-OFSI"]})
    _, _, count_urls = response.context["pairs"][0]
    assert count_urls["only_first"] == (
        "/admin/workspace/compare/?bodies=US-OFAC,UK-OFSI&listed_by=US-OFAC&not_listed_by=UK-OFSI"
    )
    narrowed = reader_client.get(count_urls["only_first"])
    assert narrowed.context["form"]["bodies"].value() == ["US-OFAC", "UK-OFSI"]  # ticked
    assert [row["entity"].name for row in narrowed.context["rows"]] == ["Only"]
    page = narrowed.content.decode()
    assert "Only entities listed by US-OFAC and not listed by UK-OFSI." in page
    assert "listed_by=US-OFAC" in narrowed.context["csv_url"]
    both = reader_client.get(count_urls["both"])
    assert [row["entity"].name for row in both.context["rows"]] == ["Followed"]


def test_the_csv_link_is_the_apis_with_the_same_filters(reader_client, followed):
    response = reader_client.get(
        URL, {"bodies": ["US-OFAC", "UK-OFSI"], "kind": "organization", "active_only": "false"}
    )
    csv_url = response.context["csv_url"]
    assert csv_url == (
        "/api/v1/compare/?bodies=US-OFAC,UK-OFSI&kind=organization&active_only=false&format=csv"
    )
    download = reader_client.get(csv_url)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")


def test_filters_and_refusals_show_on_the_form(reader_client, followed):
    page = reader_client.get(URL, {"bodies": ["US-OFAC", "UK-OFSI"], "kind": "person"})
    assert page.context["rows"] == []
    assert "No entity is listed by these bodies under these filters." in page.content.decode()
    one = reader_client.get(URL, {"bodies": ["US-OFAC"]})
    assert one.status_code == 200 and one.context["query"] is None
    assert "Give at least two body codes" in one.content.decode()
    unknown = reader_client.get(URL, {"bodies": ["US-OFAC", "XX-NOPE"]})
    assert "XX-NOPE is not one of the available choices" in unknown.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_view_permissions_are_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("s", password="pw", is_staff=True))
    assert client.get(URL).status_code == 403


def _grow(n, start=0):
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    for i in range(start, start + n):
        entity = EntityFactory()
        DesignationFactory(entity=entity, body=ofac, listed=PartialDate.parse("2024-01-01"))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i)
        DesignationFactory(entity=entity, body=ofsi, listed=PartialDate.of_day(day))


def test_query_count_does_not_grow_with_the_data(reader_client, django_assert_num_queries):
    """Session and user, the user's permissions, the form's bodies and programmes, the
    bodies checked, the lists and the first listings."""
    params = {"bodies": ["US-OFAC", "UK-OFSI"]}
    _grow(1)
    reader_client.get(URL, params)  # the session's first read
    counts = []
    for n, more in ((1, 0), (40, 39)):
        _grow(more, start=1)
        with CaptureQueriesContext(connection) as queries:
            response = reader_client.get(URL, params)
        assert len(response.context["rows"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        reader_client.get(URL, params)
    assert counts[0] == 9, [q["sql"][:80] for q in queries.captured_queries]
