"""The admin start page: latest listings and delistings by body, each list's last import with
its age (stale ones flagged), and analysts' recent edits, in a fixed number of queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entities.models import Entity
from entities.services import entity_update
from importer.run import IMPORT_REASON_PREFIX
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import BodyFactory, DesignationFactory, EntityFactory, ImportRunFactory
from workspace import start

pytestmark = pytest.mark.django_db


def _index(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_latest_listings_and_delistings_by_body_with_partial_dates(admin_client):
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    month = DesignationFactory(
        body=ofac, entity=EntityFactory(name="Month Co"), listed=PartialDate.of_month(2024, 12)
    )
    DesignationFactory(
        body=ofsi,
        entity=EntityFactory(name="Gone Co"),
        listed=PartialDate.parse("2020-01-02"),
        delisted=PartialDate.parse("2023"),
    )
    for n in range(start.PER_BODY + 2):
        DesignationFactory(body=ofac, listed=PartialDate.parse(f"{2000 + n}-01-01"))
    shown = {b.body: b for b in start.latest_designations()}
    assert list(shown) == ["UK-OFSI", "US-OFAC"]
    assert len(shown["US-OFAC"].listed) == start.PER_BODY
    assert shown["US-OFAC"].listed[0] == month  # latest first
    assert [d.entity.name for d in shown["UK-OFSI"].delisted] == ["Gone Co"]
    assert shown["US-OFAC"].delisted == []

    page = _index(admin_client)
    assert "Month Co</a>" in page
    assert ": 2024-12<" in page  # a month stays a month
    assert f'href="/admin/entities/designation/{month.pk}/change/"' in page
    assert ": 2023<" in page


def test_each_list_shows_its_last_import_its_age_and_whether_it_is_stale(settings, admin_client):
    settings.IMPORT_MAX_AGE_HOURS = {"default": 48.0, "un-sc": 200.0}
    now = timezone.now()
    ImportRunFactory(source="ofac-sdn", started_at=now - dt.timedelta(days=10))
    fresh = ImportRunFactory(source="ofac-sdn", started_at=now - dt.timedelta(hours=2))
    ImportRunFactory(source="un-sc", started_at=now - dt.timedelta(hours=100))
    ImportRunFactory(source="uk-ofsi", started_at=now - dt.timedelta(hours=49))
    imports = {item.source: item for item in start.last_imports(now)}
    assert imports["ofac-sdn"].run == fresh and not imports["ofac-sdn"].stale
    assert imports["un-sc"].max_age_hours == 200.0 and not imports["un-sc"].stale
    assert imports["uk-ofsi"].stale
    assert imports["ofac-non-sdn"].run is None and imports["ofac-non-sdn"].stale
    assert imports["ofac-advanced"].run is None and imports["ofac-advanced"].stale

    page = _index(admin_client)
    assert page.count("never imported") == 2  # ofac-non-sdn, ofac-advanced
    assert page.count(">stale<") == 1  # uk-ofsi
    assert 'data-source="uk-ofsi"' in page and "200 hours" in page


def test_recent_edits_are_analysts_not_imports_or_seed(admin_client, superuser):
    entity = EntityFactory(name="Edited Co")
    entity_update(entity=entity, data={"notes": "seen"}, user=superuser, reason="Checked")
    entity = Entity.objects.get(pk=entity.pk)  # a saved record keeps its last reason
    entity_update(entity=entity, data={"notes": "again"}, user=superuser)
    entity_update(
        entity=Entity.objects.get(pk=entity.pk),
        data={"notes": "by list"},
        reason=f"{IMPORT_REASON_PREFIX}from the list",
    )
    edits = start.recent_edits()
    assert [(e.record, e.action, e.user, e.reason) for e in edits[:2]] == [
        ("Edited Co", "changed", superuser.username, ""),
        ("Edited Co", "changed", superuser.username, "Checked"),
    ]
    assert not any(e.reason.startswith(IMPORT_REASON_PREFIX) for e in edits)
    assert edits[0].url == f"/admin/entities/entity/{entity.pk}/change/"

    page = _index(admin_client)
    assert "(no reason given)" in page and "Checked" in page and ">None<" not in page


def test_queries_stay_fixed_as_data_grows(admin_client, superuser, django_assert_num_queries):
    def grow(n):
        for i in range(n):
            body = BodyFactory()
            designation = DesignationFactory(body=body, delisted=PartialDate.parse("2025"))
            entity_update(entity=designation.entity, data={"notes": f"n{i}"}, user=superuser)
            ImportRunFactory(source=["ofac-sdn", "un-sc"][i % 2])

    def count():
        with CaptureQueriesContext(connection) as queries:
            start.start_page(superuser)
        return len(queries)

    grow(1)
    small = count()
    grow(6)
    assert count() == small
    # listings, delistings, imports, edits (one UNION), the editors' names
    with django_assert_num_queries(5):
        start.start_page(superuser)


def test_readers_see_the_start_page(client, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    reader.groups.add(Group.objects.get(name="readers"))
    client.force_login(reader)
    page = _index(client)
    assert 'id="start-imports"' in page and 'id="start-designations"' in page
    assert 'id="start-edits"' in page


def test_staff_without_view_permissions_see_no_sections(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("bare", is_staff=True))
    page = _index(client)
    assert 'id="start-imports"' not in page and 'id="start-edits"' not in page


def test_workspace_links_only_where_their_url_exists(monkeypatch):
    monkeypatch.setattr(
        start, "WORKSPACE_LINKS", [("admin:index", "Home"), ("workspace:nowhere", "Missing")]
    )
    assert start.workspace_links() == [("/admin/", "Home")]
