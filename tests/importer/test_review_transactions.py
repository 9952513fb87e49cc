"""Linking a proposed match is one transaction, through the admin's review page, with
nothing around it (``transaction=True``): a failure half-way, after parts have moved,
leaves every committed row as it was; a success commits the whole link."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of "
    "making it wait; PostgreSQL runs this test.",
)
def test_two_curators_deciding_at_once_decide_it_once(django_user_model):
    """One curator links the entry while another confirms it as new, each on their own
    connection: the first to lock the proposal decides (and holds the lock a while); the
    other waits, then is told it is decided. No 500, one decision, one history row."""
    restore_measures()
    data = two_candidates()
    url = reverse("admin:importer_proposedmatch_change", args=[data.proposal.pk])
    posts = [
        {"link": data.first.pk, "reason": "same tax ID"},
        {"confirm_new": "1", "reason": "another complex"},
    ]
    clients = []
    for name in ("first", "second"):
        client = Client()
        client.force_login(django_user_model.objects.create_superuser(name, password="pw"))
        clients.append(client)
    start = threading.Barrier(2)
    holding = threading.Event()

    def hold_the_lock(sender, instance, **kwargs):
        if not holding.is_set():
            holding.set()
            threading.Event().wait(0.5)

    responses: dict[int, object] = {}

    def decide(index: int) -> None:
        try:
            start.wait(timeout=10)
            responses[index] = clients[index].post(url, posts[index])
        except Exception as exc:  # reported by the assertions below
            responses[index] = exc
        finally:
            connections.close_all()

    post_save.connect(hold_the_lock, sender=ProposedMatch, dispatch_uid="hold_the_proposal")
    try:
        threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        post_save.disconnect(sender=ProposedMatch, dispatch_uid="hold_the_proposal")

    assert holding.is_set()
    errors = [r for r in responses.values() if isinstance(r, Exception)]
    assert not errors, errors
    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    [refused] = [r for r in responses.values() if r.status_code == 200]
    assert "already decided" in refused.content.decode()
    proposal = ProposedMatch.objects.get()
    assert proposal.status != ProposalStatus.OPEN
    assert proposal.history.filter(history_type="~").count() == 1
