"""The review of proposed matches in the admin: the list, the review page, the decisions
(curators only), and the import run's page listing its proposals."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from entities.models import Entity
from importer.models import ListEntryState, ProposalStatus, ProposedMatch
from tests.factories import EntityFactory, IdentifierFactory
from tests.importer.review_data import two_candidates

pytestmark = pytest.mark.django_db


def _client(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group, f"{group}@example.org", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def reader(client, django_user_model):
    return _client(client, django_user_model, "readers")


@pytest.fixture
def curator(client, django_user_model):
    return _client(client, django_user_model, "curators")


def review_url(proposal) -> str:
    return reverse("admin:importer_proposedmatch_change", args=[proposal.pk])


def test_changelist_filters_by_status_source_and_run(reader):
    data = two_candidates()
    url = reverse("admin:importer_proposedmatch_changelist")
    page = reader.get(url, {"status__exact": "open", "source__exact": "ofac-sdn"})
    assert page.status_code == 200
    assert "NATIONAL DEVELOPMENT COMPLEX" in page.content.decode()
    page = reader.get(url, {"run__id__exact": data.proposal.run_id, "status__exact": "linked"})
    assert "0 proposed matches" in page.content.decode()


def test_review_page_shows_the_entry_and_each_candidate(reader):
    data = two_candidates()
    page = reader.get(review_url(data.proposal))
    html = page.content.decode()
    assert page.status_code == 200
    assert "52049" in html and "identifier tax_id 9010629" in html
    for entity in (data.first, data.second):
        assert f'id="candidate-{entity.pk}"' in html
        assert reverse("admin:entities_entity_change", args=[entity.pk]) in html
    assert "US-OFAC NPWMD, listed 2018-03-21" in html
    assert "tax ID 9010629 (PK)" in html
    # readers see no decision buttons
    assert 'name="link"' not in html and 'name="confirm_new"' not in html


def test_readers_cannot_decide(reader):
    data = two_candidates()
    answer = reader.post(
        review_url(data.proposal), {"link": data.first.pk, "reason": "same tax ID"}
    )
    assert answer.status_code == 403
    assert ProposedMatch.objects.get().status == ProposalStatus.OPEN


def test_groups_have_their_permissions():
    readers = set(Group.objects.get(name="readers").permissions.values_list("codename", flat=True))
    curators = set(
        Group.objects.get(name="curators").permissions.values_list("codename", flat=True)
    )
    assert "view_proposedmatch" in readers and "change_proposedmatch" not in readers
    assert {"view_proposedmatch", "change_proposedmatch"} <= curators
    assert "add_proposedmatch" not in curators and "delete_proposedmatch" not in curators


def test_a_curator_links_a_candidate(curator):
    data = two_candidates()
    url = review_url(data.proposal)
    page = curator.get(url)
    html = page.content.decode()
    assert f'name="link" value="{data.first.pk}"' in html and 'name="confirm_new"' in html
    answer = curator.post(url, {"link": data.first.pk, "reason": "same tax ID"}, follow=True)
    assert answer.redirect_chain == [(url, 302)]
    assert "linked to entity" in answer.content.decode()
    proposal = ProposedMatch.objects.get()
    assert (proposal.status, proposal.chosen) == (ProposalStatus.LINKED, data.first)
    assert ListEntryState.objects.get(reference="52049").entity == data.first
    assert not Entity.objects.filter(pk=data.created.pk).exists()
    html = answer.content.decode()
    assert 'data-status="linked"' in html and 'name="link"' not in html


def test_a_curator_confirms_new_and_a_reason_is_required(curator):
    data = two_candidates()
    url = review_url(data.proposal)
    answer = curator.post(url, {"confirm_new": "1", "reason": ""})
    assert answer.status_code == 200
    assert "This field is required" in answer.content.decode()
    assert ProposedMatch.objects.get().status == ProposalStatus.OPEN
    curator.post(url, {"confirm_new": "1", "reason": "another complex"})
    assert ProposedMatch.objects.get().status == ProposalStatus.CONFIRMED_NEW


def test_a_decided_proposal_and_a_stranger_are_refused_on_the_page(curator):
    data = two_candidates()
    url = review_url(data.proposal)
    stranger = EntityFactory()
    answer = curator.post(url, {"link": stranger.pk, "reason": "r"})
    assert f"#{stranger.pk} is not a candidate" in answer.content.decode()
    curator.post(url, {"confirm_new": "1", "reason": "r"})
    answer = curator.post(url, {"link": data.first.pk, "reason": "r"})
    assert answer.status_code == 200
    assert "already decided" in answer.content.decode()
    assert ProposedMatch.objects.get().status == ProposalStatus.CONFIRMED_NEW


def test_an_unknown_proposal_is_404(reader):
    assert reader.get("/admin/importer/proposedmatch/999999/change/").status_code == 404
    assert reader.get("/admin/importer/proposedmatch/abc/change/").status_code == 404


def test_review_page_queries_do_not_grow_with_candidates(reader, django_assert_num_queries):
    data = two_candidates()
    url = review_url(data.proposal)
    reader.get(url)
    with django_assert_num_queries(9) as first:
        reader.get(url)
    for _ in range(3):
        extra = EntityFactory(name="another")
        IdentifierFactory(entity=extra)
        data.proposal.candidates.add(extra)
    with django_assert_num_queries(len(first.captured_queries)):
        reader.get(url)


def test_the_run_page_lists_its_proposals(reader):
    data = two_candidates()
    page = reader.get(reverse("admin:importer_importrun_change", args=[data.proposal.run_id]))
    html = page.content.decode()
    assert 'id="run-proposals"' in html
    assert review_url(data.proposal) in html
    assert "open (to review)" in html


def test_the_history_page_shows_the_decision_and_its_reason(curator):
    data = two_candidates()
    url = review_url(data.proposal)
    curator.post(url, {"confirm_new": "1", "reason": "another complex"})
    page = curator.get(reverse("admin:importer_proposedmatch_history", args=[data.proposal.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Confirmed as a new party (proposed match" in html and "another complex" in html
