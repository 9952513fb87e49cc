"""/api/v1/match/: one name by GET, a batch by POST; 400s that say what is wrong."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from entities.models import Entity
from importer.services import import_list
from tests.importer.conftest import OFAC_NDC

pytestmark = pytest.mark.django_db
URL = "/api/v1/match/"
# The anonymous and the screening rates: one counter upsert each per request.
RATE_COUNTER_QUERIES = 2


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def ndc(seed):
    import_list("ofac-sdn", OFAC_NDC)
    return Entity.objects.get(name="National Development Complex")


def test_get_answers_ranked_explained_candidates_with_designations(api, ndc):
    body = api.get(URL, {"name": "N.D.C.", "country": "PK"}).json()
    assert body["query"] == {"name": "N.D.C.", "country": "PK"}
    first = body["candidates"][0]
    assert first["entity"]["id"] == ndc.pk
    assert first["entity"]["display"] == "National Development Complex"
    assert first["entity"]["url"].endswith(f"/api/v1/entities/{ndc.pk}/")
    assert first["matched_name"] == {"name": "NDC", "kind": "aka", "weak": True}
    assert 0 < first["score"] <= 1
    features = {f["feature"]: f for f in first["features"]}
    assert features["country"]["agrees"] is True
    assert features["weak_alias"]["effect"] == "x0.9"
    assert features["name"]["tokens"][0]["query"] == "ndc"
    assert sorted((d["body"], d["programme"]) for d in first["designations"]) == [
        ("US-DOS", None),
        ("US-OFAC", "NPWMD"),
    ]


def test_post_screens_a_batch(api, ndc):
    response = api.post(
        URL,
        {
            "queries": [
                {"name": "Natl. Development Complex"},
                {"name": "Nobody At All Whatsoever"},
                {"name": "NATIONAL DEFENSE COMPLEX", "country": "PK", "kind": "organization"},
            ],
            "limit": 1,
        },
        format="json",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [len(r["candidates"]) for r in results] == [1, 0, 1]
    assert results[0]["candidates"][0]["entity"]["id"] == ndc.pk
    assert results[2]["candidates"][0]["score"] == 1.0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "x", "colour": "red"}, "colour"),
        ({"name": "x", "country": "XX"}, "country"),
        ({"name": "x", "kind": "robot"}, "kind"),
        ({"name": "x", "birth_date": "12/05/1960"}, "birth_date"),
        ({"name": "x", "limit": "0"}, "limit"),
        ({"name": "x", "limit": "101"}, "limit"),
        ({"name": "x", "threshold": "1.5"}, "threshold"),
    ],
)
def test_bad_get_parameters_are_400(api, db, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_bad_batches_are_400(api, db):
    too_many = {"queries": [{"name": f"n{i}"} for i in range(101)]}
    assert "queries" in api.post(URL, too_many, format="json").json()
    assert api.post(URL, {"queries": []}, format="json").status_code == 400
    response = api.post(URL, {"queries": [{"name": "ok"}, {"name": ""}]}, format="json")
    assert response.status_code == 400
    # One flat shape for every 400: a nested reason is keyed by its path.
    assert response.json() == {"queries[1].name": ["This field may not be blank."]}
    response = api.post(URL, {"queries": [{"name": "ok", "shoe": 1}]}, format="json")
    assert "queries[0].shoe" in response.json()
    assert api.post(URL, {"names": ["x"]}, format="json").status_code == 400


def test_private_read_needs_the_view_permission(api, db, settings):
    settings.API_PUBLIC_READ = False
    assert api.get(URL, {"name": "x"}).status_code in (401, 403)
    user = get_user_model().objects.create_user("reader", password="pw")
    user.groups.add(Group.objects.get(name="readers"))
    api.force_authenticate(user)
    assert api.get(URL, {"name": "x"}).status_code == 200
    assert api.post(URL, {"queries": [{"name": "x"}]}, format="json").status_code == 200


def test_query_count_does_not_grow_with_candidates(api, ndc, django_assert_max_num_queries):
    api.get(URL, {"name": "warm the index"})
    with django_assert_max_num_queries(2 + RATE_COUNTER_QUERIES):
        api.get(URL, {"name": "National Development Complex", "threshold": "0.1", "limit": 50})
