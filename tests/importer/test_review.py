"""Reviewing a proposed match: the import records one open proposal per uncertain entry;
linking moves everything onto the chosen candidate, with history, and later imports update
that entity; confirming keeps the new entity; a decision is taken once."""

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities.models import Alias, Designation, Entity, Identifier, Relationship
from events.models import EventParticipant
from importer.models import (
    DifferenceAction,
    ImportStatus,
    ListEntryState,
    ProposalStatus,
    ProposedMatch,
)
from importer.review import proposal_confirm_new, proposal_link
from importer.services import import_list
from sources.models import Citation
from tests.factories import (
    CitationFactory,
    EntityFactory,
    EventParticipantFactory,
    RelationshipFactory,
)
from tests.importer.conftest import OFAC_NDC, db_checksum
from tests.importer.review_data import two_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", "a@example.org", "pw")


def test_an_entry_with_two_candidates_gets_one_open_proposal():
    data = two_candidates()
    proposal = data.proposal
    assert ProposedMatch.objects.count() == 1
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.source == "ofac-sdn"
    assert proposal.name == "NATIONAL DEVELOPMENT COMPLEX"
    assert proposal.created_id == data.created.pk
    assert set(proposal.candidates.all()) == {data.first, data.second}
    assert "9010629" in proposal.reason
    assert proposal.run.differences.filter(action=DifferenceAction.PROPOSED).count() == 1
    assert proposal.history.count() == 1


def test_reimport_does_not_propose_again(tmp_path):
    data = two_candidates()
    copy = tmp_path / "lf"
    shutil.copytree(OFAC_NDC, copy)
    for path in copy.iterdir():  # another file hash, the same entries
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    import_list("ofac-sdn", copy)
    assert list(ProposedMatch.objects.all()) == [data.proposal]


def test_one_proposal_per_entry_in_the_database():
    data = two_candidates()
    duplicate = ProposedMatch(
        run=data.proposal.run,
        source="ofac-sdn",
        reference="52049",
        name="x",
        created_id=1,
        reason="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    "values",
    [
        {"status": ProposalStatus.LINKED},  # no chosen entity
        {"status": ProposalStatus.CONFIRMED_NEW},  # no decision time
        {"status": "maybe"},
    ],
)
def test_status_constraints(values):
    data = two_candidates()
    ProposedMatch.objects.filter(pk=data.proposal.pk).update(note="ok")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposedMatch.objects.filter(pk=data.proposal.pk).update(**values)


def test_an_open_proposal_has_no_decision(analyst):
    data = two_candidates()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposedMatch.objects.filter(pk=data.proposal.pk).update(chosen=data.first)


def test_linking_moves_everything_onto_the_chosen_entity(analyst):
    data = two_candidates()
    created, first = data.created, data.first
    other = EntityFactory(name="Some partner")
    relationship = RelationshipFactory(subject=created, object=other)
    participant = EventParticipantFactory(entity=created)
    note = CitationFactory(entity=created, quote="an analyst's note on the new entity")
    created_designation = created.designations.get()
    first_designation = first.designations.get()
    list_citation = created_designation.citations.get()

    proposal_link(proposal=data.proposal, entity=first, user=analyst, reason="same tax ID")

    proposal = ProposedMatch.objects.get()
    assert proposal.status == ProposalStatus.LINKED
    assert (proposal.chosen, proposal.decided_by) == (first, analyst)
    assert proposal.created_entity is None and proposal.created_id == created.pk
    assert proposal.note == "same tax ID"
    assert not Entity.objects.filter(pk=created.pk).exists()
    assert ListEntryState.objects.get(reference="52049").entity == first
    # the entry's parts, not duplicated
    assert sorted(first.aliases.values_list("name", flat=True)) == [
        "NATIONAL DEFENSE COMPLEX",
        "NATIONAL DEVELOPMENT CENTRE",
        "NATIONAL DEVELOPMENT COMPLEX",  # the created entity's name
        "NDC",
    ]
    assert first.identifiers.filter(scheme="tax_id", value="9010629").count() == 1
    assert first.addresses.count() == 3
    assert first.countries.filter(country="PK").exists()
    # one active designation per programme: the chosen entity's, citing the list now
    assert list(first.designations.all()) == [first_designation]
    assert not Designation.objects.filter(pk=created_designation.pk).exists()
    list_citation.refresh_from_db()
    assert list_citation.designation == first_designation
    # relationships, events, citations follow
    relationship.refresh_from_db()
    assert relationship.subject == first
    assert EventParticipant.objects.get(pk=participant.pk).entity == first
    assert Citation.objects.get(pk=note.pk).entity == first
    name_alias = first.aliases.get(name="NATIONAL DEVELOPMENT COMPLEX")
    assert name_alias.citations.filter(locator="ofac-sdn entry 52049").exists()


def test_linking_is_recorded_with_history(analyst):
    data = two_candidates()
    created = data.created
    alias = created.aliases.get(name="NATIONAL DEFENSE COMPLEX")
    proposal_link(proposal=data.proposal, entity=data.first, user=analyst, reason="same tax ID")
    reason = f"Linked to NESCOM development wing (proposed match #{data.proposal.pk}, 52049)"
    gone = Entity.history.get(id=created.pk, history_type="-")
    assert gone.history_user == analyst
    assert gone.history_change_reason.startswith(reason)
    moved = Alias.history.filter(id=alias.pk).latest("history_id")
    assert (moved.history_type, moved.entity_id) == ("~", data.first.pk)
    assert moved.history_change_reason.startswith(reason)
    chosen = Entity.history.filter(id=data.first.pk).latest("history_id")
    assert chosen.history_change_reason.startswith(reason)
    decided = ProposedMatch.history.filter(id=data.proposal.pk).latest("history_id")
    assert (decided.status, decided.history_user) == ("linked", analyst)
    duplicate = Identifier.history.filter(entity_id=created.pk, history_type="-")
    assert duplicate.count() == 1  # the tax ID the chosen entity had already


def test_after_linking_a_reimport_changes_nothing(analyst, tmp_path):
    data = two_candidates()
    proposal_link(proposal=data.proposal, entity=data.first, user=analyst, reason="same tax ID")
    copy = tmp_path / "lf"
    shutil.copytree(OFAC_NDC, copy)
    for path in copy.iterdir():
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    before = db_checksum()
    result = import_list("ofac-sdn", copy)
    assert result.run.status == ImportStatus.APPLIED
    assert (result.run.added, result.run.changed, result.run.unchanged) == (0, 0, 5)
    after = db_checksum()
    # the run's own records, and the new file as a source
    for label in (
        "importer.ImportRun",
        "importer.ListEntryState",
        "importer.ImportDifference",
        "sources.Source",
        "sources.HistoricalSource",
    ):
        before.pop(label), after.pop(label)
    assert after == before
    assert ProposedMatch.objects.count() == 1


def test_a_changed_entry_after_linking_updates_the_chosen_entity(analyst, ndc_copy):
    from tests.importer.conftest import rewrite_rows

    data = two_candidates()
    proposal_link(proposal=data.proposal, entity=data.first, user=analyst, reason="same tax ID")
    rewrite_rows(
        ndc_copy / "alt.csv", lambda lines: [*lines, '52049,99999,"aka","NDC PAKISTAN",-0- ']
    )
    import_list("ofac-sdn", ndc_copy)
    assert data.first.aliases.filter(name="NDC PAKISTAN").exists()
    assert ProposedMatch.objects.count() == 1


def test_confirm_new_keeps_the_created_entity(analyst):
    data = two_candidates()
    before = Entity.objects.count()
    proposal = proposal_confirm_new(proposal=data.proposal, user=analyst, reason="other NDC")
    assert proposal.status == ProposalStatus.CONFIRMED_NEW
    assert proposal.chosen is None and proposal.decided_at is not None
    assert proposal.created_entity == data.created
    assert Entity.objects.count() == before
    assert ProposedMatch.history.filter(id=proposal.pk).latest("history_id").status == (
        "confirmed_new"
    )


def test_a_decided_proposal_is_refused(analyst):
    data = two_candidates()
    proposal_confirm_new(proposal=data.proposal, user=analyst, reason="other NDC")
    with pytest.raises(ValidationError, match="already decided: confirmed as a new party"):
        proposal_link(proposal=data.proposal, entity=data.first, user=analyst, reason="r")
    with pytest.raises(ValidationError, match="already decided"):
        proposal_confirm_new(proposal=data.proposal, user=analyst, reason="again")


def test_only_a_candidate_can_be_chosen_and_a_reason_is_required(analyst):
    data = two_candidates()
    stranger = EntityFactory()
    with pytest.raises(ValidationError, match=f"#{stranger.pk} is not a candidate"):
        proposal_link(proposal=data.proposal, entity=stranger, user=analyst, reason="r")
    with pytest.raises(ValidationError, match="Say why"):
        proposal_link(proposal=data.proposal, entity=data.first, user=analyst, reason=" ")
    assert ProposedMatch.objects.get().status == ProposalStatus.OPEN
    assert Entity.objects.filter(pk=data.created.pk).exists()


def test_a_relationship_between_the_two_is_dropped(analyst):
    data = two_candidates()
    tie = RelationshipFactory(subject=data.created, object=data.second)
    proposal_link(proposal=data.proposal, entity=data.second, user=analyst, reason="r")
    assert not Relationship.objects.filter(pk=tie.pk).exists()
    # the second candidate had no NPWMD designation: the list's moves over
    assert data.second.designations.get().reference == "52049"
