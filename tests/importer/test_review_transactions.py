"""Linking a proposed match is one transaction, through the admin's review page, with
nothing around it (``transaction=True``): a failure half-way, after parts have moved,
leaves every committed row as it was; a success commits the whole link."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from entities.models import Entity
from importer import absorb
from importer.models import ListEntryState, ProposalStatus, ProposedMatch
from tests.importer.conftest import db_checksum
from tests.importer.review_data import two_candidates
from tests.transactional import restore_measures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator_client(client, django_user_model):
    restore_measures()
    client.force_login(django_user_model.objects.create_superuser("curator", password="pw"))
    return client


def _link(client, data):
    url = reverse("admin:importer_proposedmatch_change", args=[data.proposal.pk])
    return client.post(url, {"link": data.first.pk, "reason": "same tax ID"})


def test_a_refusal_half_way_leaves_everything_as_it_was(curator_client, monkeypatch):
    data = two_candidates()

    def refuse(*args, **kwargs):
        raise ValidationError("refused half-way, for the test")

    monkeypatch.setattr(absorb, "_keep_name", refuse)  # after every part has moved
    before = db_checksum()
    answer = _link(curator_client, data)
    assert answer.status_code == 200
    assert "refused half-way, for the test" in answer.content.decode()
    assert db_checksum() == before


def test_a_crash_half_way_leaves_everything_as_it_was(curator_client, monkeypatch):
    data = two_candidates()

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(absorb, "_keep_name", crash)
    before = db_checksum()
    with pytest.raises(RuntimeError):
        _link(curator_client, data)
    assert db_checksum() == before


def test_a_link_commits_everything(curator_client):
    data = two_candidates()
    answer = _link(curator_client, data)
    assert answer.status_code == 302
    proposal = ProposedMatch.objects.get()
    assert proposal.status == ProposalStatus.LINKED
    assert ListEntryState.objects.get(reference="52049").entity_id == data.first.pk
    assert not Entity.objects.filter(pk=data.created.pk).exists()
    assert data.first.aliases.filter(name="NATIONAL DEVELOPMENT COMPLEX").exists()
