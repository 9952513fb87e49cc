"""The admin History page of an entity: the entity and all its parts in one timeline, the same
rows as the API's /history/, with who, when, why and the values before and after; and the
History page of one record, with nothing shown as "None"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.admin import EntityAdmin
from entities.models import Entity
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.services import record_delete, record_save
from tests import factories as f
from tests.admin import admin_url

pytestmark = pytest.mark.django_db


def _change(instance, user, reason: str | None = None, **values):
    if reason is not None:
        instance._change_reason = reason
    return record_save(instance=instance, values=values, user=user)


def _page(client, entity, **params):
    response = client.get(admin_url(entity, "history"), params)
    assert response.status_code == 200
    return response


def _entries(response) -> list:
    return response.context["entries"]


def _shown(response, record_type: str, action: str = "changed"):
    [entry] = [
        e
        for e in _entries(response)
        if e.entry.record_type == record_type and e.entry.action == action
    ]
    return entry


@pytest.fixture
def edited(superuser):
    """An entity whose alias, designation, citation and relationship (the entity is its
    object) the analyst changed; another entity's designation stays out."""
    entity = f.EntityFactory(name="National Development Complex")
    alias = _change(f.AliasFactory(entity=entity, name="NDC"), superuser, "Typo", name="N.D.C.")
    designation = _change(
        f.DesignationFactory(entity=entity, reference="REF-OLD"), superuser, reference="REF-NEW"
    )
    citation = _change(
        f.CitationFactory(entity=entity, quote="the old words"), superuser, quote="the new words"
    )
    institute = f.EntityFactory(name="A research institute")
    relationship = _change(
        f.RelationshipFactory(subject=institute, object=entity, description="alleged"),
        superuser,
        description="confirmed",
    )
    f.DesignationFactory(reference="SOMEONE-ELSE")
    return {
        "entity": entity,
        "alias": alias,
        "designation": designation,
        "citation": citation,
        "relationship": relationship,
    }


def test_page_lists_changes_to_the_parts_with_user_and_before_after(admin_client_logged_in, edited):
    """A change to an alias, a designation, a citation and a relationship of which the
    entity is the object each show with the analyst, and the field's value before and after."""
    response = _page(admin_client_logged_in, edited["entity"])

    expected = {
        "alias": ("Name", "NDC", "N.D.C."),
        "designation": ("Reference", "REF-OLD", "REF-NEW"),
        "citation": ("Quote", "the old words", "the new words"),
        "relationship": ("Description", "alleged", "confirmed"),
    }
    for record_type, (field, before, after) in expected.items():
        shown = _shown(response, record_type)
        assert shown.entry.record_id == edited[record_type].pk
        assert shown.user == "analyst"
        assert [(c.field, c.before, c.after) for c in shown.changes] == [(field, before, after)]
        assert shown.record_url == admin_url(edited[record_type])
    assert _shown(response, "alias").reason == "Typo"
    content = response.content.decode()
    for text in ("N.D.C.", "REF-NEW", "the new words", "confirmed", "Typo", "analyst"):
        assert text in content
    assert "SOMEONE-ELSE" not in content


def test_page_lists_the_same_rows_as_the_api_history(admin_client_logged_in, edited):
    """The page's (record type, record id, action) rows are the API's, in the same order."""
    entity = edited["entity"]
    api = admin_client_logged_in.get(f"/api/v1/entities/{entity.pk}/history/?page_size=1000")
    assert api.status_code == 200

    page = _page(admin_client_logged_in, entity)

    from_api = [(e["record_type"], e["record_id"], e["action"]) for e in api.json()["results"]]
    on_page = [(e.entry.record_type, e.entry.record_id, e.entry.action) for e in _entries(page)]
    assert on_page == from_api
    assert {t for t, _, _ in on_page} == {
        "entity",
        "alias",
        "designation",
        "citation",
        "relationship",
    }


def test_page_names_records_and_related_values_in_words(admin_client_logged_in, edited):
    """A relationship's other side is named, a choice shows its label, the entity's own
    creation lists the values it was created with."""
    response = _page(admin_client_logged_in, edited["entity"])

    created = _shown(response, "relationship", "created")
    changes = {c.field: c.after for c in created.changes}
    assert changes["Subject"] == "A research institute"
    assert changes["Object"] == "National Development Complex"
    assert changes["Kind"] == "collaborated with"
    assert created.record_type == "Relationship"
    entity_created = _shown(response, "entity", "created")
    assert ("Name", "National Development Complex") in [
        (c.field, c.after) for c in entity_created.changes
    ]


def test_page_shows_no_none(admin_client_logged_in, edited):
    """Rows without a user or a reason, and values that were empty, show a dash, never
    Python's "None"."""
    response = _page(admin_client_logged_in, edited["entity"])

    assert _shown(response, "entity", "created").user == "—"
    assert _shown(response, "designation").reason == "—"
    assert "None" not in response.content.decode()


def test_every_row_links_to_the_record_as_it_was(admin_client_logged_in, edited):
    """Each row links to simple-history's read-only view of the record after that change
    (revert stays disabled); the entity's own rows too."""
    response = _page(admin_client_logged_in, edited["entity"])

    own = _shown(response, "entity", "created")
    as_of = admin_client_logged_in.get(own.as_of_url)
    assert as_of.status_code == 200
    assert "National Development Complex" in as_of.content.decode()
    alias = admin_client_logged_in.get(_shown(response, "alias").as_of_url)
    assert alias.status_code == 200
    assert 'value="N.D.C."' in alias.content.decode()


def test_page_of_a_deleted_part_and_a_deleted_entity(admin_client_logged_in, superuser):
    """A deleted alias is still listed (unlinked); a deleted entity's page still shows its
    history."""
    entity = f.EntityFactory(name="Short-lived")
    alias = f.AliasFactory(entity=entity, name="Gone soon")
    record_delete(instance=alias, user=superuser)

    response = _page(admin_client_logged_in, entity)
    deleted = _shown(response, "alias", "deleted")
    assert (deleted.record, deleted.record_url, deleted.user) == ("Gone soon", None, "analyst")

    pk = entity.pk
    record_delete(instance=entity, user=superuser)
    gone = admin_client_logged_in.get(f"/admin/entities/entity/{pk}/history/")
    assert gone.status_code == 200
    newest = _entries(gone)[0]
    assert (newest.entry.record_type, newest.entry.action) == ("entity", "deleted")
    assert (newest.record, newest.record_url) == ("Short-lived", None)  # no change page now
    assert admin_client_logged_in.get(newest.as_of_url).status_code == 200
    assert admin_client_logged_in.get("/admin/entities/entity/999999/history/").status_code == 404


def test_page_is_paginated(admin_client_logged_in, monkeypatch):
    """Entries come in pages of ``history_list_per_page``, newest first across pages."""
    monkeypatch.setattr(EntityAdmin, "history_list_per_page", 2)
    entity = f.EntityFactory()
    for name in ("One", "Two", "Three", "Four"):
        f.AliasFactory(entity=entity, name=name)

    pages = [_entries(_page(admin_client_logged_in, entity, p=n)) for n in (1, 2, 3)]

    assert [len(p) for p in pages] == [2, 2, 1]
    everything = [e.entry for p in pages for e in p]
    assert [e.at for e in everything] == sorted((e.at for e in everything), reverse=True)
    assert "?p=2" in _page(admin_client_logged_in, entity).content.decode()


COUNTRIES = ["PK", "IR", "KP", "SY", "RU", "CN", "BY", "CU"]


def _entity_with_parts(user, n: int) -> Entity:
    """An entity with ``n`` of each part, each changed once by ``user``."""
    entity = f.EntityFactory()
    for i in range(n):
        _change(f.AliasFactory(entity=entity, name=f"Alias {i}"), user, name=f"Alias {i}b")
        country = f.EntityCountryFactory(entity=entity, country=COUNTRIES[i])
        _change(country, user, role="nationality")
        _change(f.AddressFactory(entity=entity, city="Lahore"), user, city=f"City {i}")
        _change(f.IdentifierFactory(entity=entity, value=f"V{i}"), user, value=f"W{i}")
        _change(f.DesignationFactory(entity=entity), user, reference=f"R{i}")
        _change(f.RelationshipFactory(object=entity), user, description=f"D{i}")
        _change(f.RelationshipFactory(subject=entity), user, description=f"E{i}")
        _change(f.CitationFactory(entity=entity), user, quote=f"Q{i}")
    return entity


def test_queries_do_not_grow_with_the_number_of_parts(
    admin_client_logged_in, superuser, django_assert_max_num_queries
):
    """One entity with one of each part and one with eight: the page costs the same number of
    queries (a fixed number per kind of record), under the pin."""
    small = _entity_with_parts(superuser, 1)
    large = _entity_with_parts(superuser, 8)
    _page(admin_client_logged_in, small)  # warm caches (content types, sessions)

    counts = []
    for entity in (small, large):
        with CaptureQueriesContext(connection) as queries:
            _page(admin_client_logged_in, entity)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    # session and user 2, the entity 2, its history 9 (one per kind of record) and 2 (a
    # designation's many-to-many histories), the records
    # and related records named 11 (one per kind on the page).
    with django_assert_max_num_queries(26):
        _page(admin_client_logged_in, large)


# The History page of one record (simple-history's, for every curated record) -----------------
def test_a_record_history_page_shows_no_none(admin_client_logged_in, superuser):
    """An alias's own History page: a row without user or reason shows a dash, not "None"."""
    alias = f.AliasFactory(name="NDC")
    _change(alias, superuser, name="N.D.C.")

    response = admin_client_logged_in.get(admin_url(alias, "history"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "None" not in content
    assert "analyst" in content


def test_a_record_history_page_shows_a_partial_date_change(admin_client_logged_in, superuser):
    """An entity date's own History page shows the date's columns before and after
    (simple-history alone compares editable fields only and skipped them: a delisting showed
    no change), and not the version or time stamps."""
    birth = f.EntityDateFactory(date=PartialDate.parse("1960"))
    _change(birth, superuser, date=PartialDate.parse("1960/1965"))

    response = admin_client_logged_in.get(admin_url(birth, "history"))

    latest = response.context["page_obj"].object_list[0]
    changes = {c["field"]: (c["old"], c["new"]) for c in latest.history_delta_changes}
    assert changes["Date: precision"] == ("year", "range")
    assert changes["Date: latest day"] == ("1960-12-31", "1965-12-31")
    assert "Version" not in changes
    assert "Updated at" not in changes
    assert "None" not in response.content.decode()
