"""Proposed matches over the API (/api/v1/proposed-matches/): read-only, filtered, with a
query count that does not grow with the number of proposals or candidates."""

import pytest
from django.contrib.auth.models import Group

from importer.models import ProposedMatch
from importer.review import proposal_confirm_new
from tests.factories import EntityFactory
from tests.importer.review_data import two_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.groups.add(Group.objects.get(name="readers"))
    client.force_login(user)
    return client


def test_list_detail_and_filters(reader_client, django_user_model):
    data = two_candidates()
    body = reader_client.get("/api/v1/proposed-matches/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["reference"] == "52049"
    assert item["status"] == {"value": "open", "label": "open (to review)"}
    assert item["created_entity"]["id"] == data.created.pk
    assert sorted(c["id"] for c in item["candidates"]) == sorted([data.first.pk, data.second.pk])
    assert item["run"]["id"] == data.proposal.run_id
    assert "decided_by" not in item
    detail = reader_client.get(f"/api/v1/proposed-matches/{data.proposal.pk}/").json()
    assert detail == item
    assert reader_client.get("/api/v1/proposed-matches/?status=linked").json()["count"] == 0
    assert reader_client.get("/api/v1/proposed-matches/?source=ofac-sdn").json()["count"] == 1
    run = data.proposal.run_id
    assert reader_client.get(f"/api/v1/proposed-matches/?run={run}").json()["count"] == 1
    assert reader_client.get("/api/v1/proposed-matches/?status=maybe").status_code == 400
    assert reader_client.get("/api/v1/proposed-matches/?colour=red").status_code == 400
    user = django_user_model.objects.create_user("a")
    proposal_confirm_new(proposal=data.proposal, user=user, reason="another")
    confirmed = reader_client.get("/api/v1/proposed-matches/?status=confirmed_new").json()
    assert confirmed["results"][0]["note"] == "another"


def test_read_only(reader_client, django_user_model):
    data = two_candidates()
    url = f"/api/v1/proposed-matches/{data.proposal.pk}/"
    assert (
        reader_client.patch(url, {"status": "linked"}, content_type="application/json").status_code
        == 405
    )
    assert reader_client.delete(url).status_code == 405
    assert ProposedMatch.objects.get().is_open


def test_query_count_does_not_grow(reader_client, django_assert_num_queries):
    data = two_candidates()
    reader_client.get("/api/v1/proposed-matches/")
    with django_assert_num_queries(6) as first:
        reader_client.get("/api/v1/proposed-matches/")
    for _ in range(3):
        data.proposal.candidates.add(EntityFactory())
    with django_assert_num_queries(len(first.captured_queries)):
        reader_client.get("/api/v1/proposed-matches/")


@pytest.mark.parametrize("run", ["3.6479021162931336e+37", str(2**63), "0", "٣"])
def test_a_run_id_out_of_range_is_a_400_naming_it(reader_client, run):
    """Regression: a run id past SQLite's integer range was a 500 (found by the contract test)."""
    response = reader_client.get("/api/v1/proposed-matches/", {"run": run})
    assert response.status_code == 400
    assert "run" in response.json()
