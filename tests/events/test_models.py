"""Events and their participants: constraints, protection of entities, and __str__."""

import pytest
from django.db.models import ProtectedError

from entities.models import Entity
from events.choices import EventKind, ParticipantRole
from events.models import Event, EventParticipant
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import EntityFactory, EventFactory, EventParticipantFactory
from tests.sanctions_tracker import rejected_by_database, validation_errors

pytestmark = pytest.mark.django_db


def test_database_refuses_an_event_without_title():
    """``event_title_not_blank``."""
    with rejected_by_database("event_title_not_blank"):
        Event.objects.create(kind=EventKind.STATEMENT, title="", occurred="2024-12-19")


def test_validation_refuses_an_event_without_title():
    """full_clean refuses a blank title on the title field."""
    event = Event(kind=EventKind.STATEMENT, title="", occurred="2024-12-19")
    assert validation_errors(event) == {"title": ["This field cannot be blank."]}


def test_database_refuses_an_event_country_not_in_capitals():
    """``event_country_iso_alpha2``: "pk" written past the model is refused."""
    event = EventFactory(country="PK")
    with rejected_by_database("event_country_iso_alpha2"):
        Event.objects.filter(pk=event.pk).update(country="pk")


def test_validation_refuses_an_event_country_that_is_no_country_code():
    """full_clean refuses a code that is no country, on the country field."""
    event = Event(kind=EventKind.STATEMENT, title="Statement", occurred="2024", country="ZZ")
    assert validation_errors(event) == {"country": ["Value 'ZZ' is not a valid choice."]}


def test_event_country_may_be_blank():
    """Where an event happened may be unknown: a blank country is accepted."""
    event = EventFactory(country="")
    event.full_clean()
    assert Event.objects.filter(pk=event.pk, country="").exists()


def test_event_kinds_are_those_of_the_domain():
    """The event kinds are exactly those of DOMAIN.md."""
    assert EventKind.values == [
        "designation",
        "delisting",
        "statement",
        "speech",
        "missile_test",
        "nuclear_test",
        "legal_action",
        "other",
    ]


def test_database_refuses_the_same_participant_role_twice():
    """``eventparticipant_unique_role``: same event, entity and role."""
    participant = EventParticipantFactory(role=ParticipantRole.SPEAKER)
    with rejected_by_database(
        "eventparticipant_unique_role",
        sqlite_unique=(
            "events_eventparticipant.event_id, events_eventparticipant.entity_id, "
            "events_eventparticipant.role"
        ),
    ):
        EventParticipant.objects.create(
            event=participant.event, entity=participant.entity, role=ParticipantRole.SPEAKER
        )


def test_validation_refuses_the_same_participant_role_twice():
    """full_clean refuses the duplicate with the constraint's message."""
    participant = EventParticipantFactory(role=ParticipantRole.SPEAKER)
    duplicate = EventParticipant(
        event=participant.event, entity=participant.entity, role=ParticipantRole.SPEAKER
    )
    assert validation_errors(duplicate) == {
        "__all__": ["This entity already has this role in this event."]
    }


def test_participant_may_have_two_roles_in_an_event():
    """One entity may be speaker and subject of the same event."""
    participant = EventParticipantFactory(role=ParticipantRole.SPEAKER)
    other = EventParticipant(
        event=participant.event, entity=participant.entity, role=ParticipantRole.SUBJECT
    )
    other.full_clean()
    other.save()
    assert participant.event.participants.count() == 2


def test_participation_protects_the_entity_from_deletion():
    """An entity that takes part in an event cannot be deleted."""
    participant = EventParticipantFactory()
    with pytest.raises(ProtectedError):
        participant.entity.delete()
    assert EventParticipant.objects.filter(pk=participant.pk).exists()


def test_deleting_an_event_removes_its_participants_not_the_entities():
    """Participants belong to their event; the entities stay."""
    participant = EventParticipantFactory()
    participant.event.delete()
    assert not EventParticipant.objects.filter(pk=participant.pk).exists()
    assert Entity.objects.filter(pk=participant.entity_id).exists()


def test_str_of_an_event_with_a_known_date():
    """An event with a known date reads "date: title", the source's words kept."""
    assert str(EventFactory(title="Nuclear tests", occurred="1998")) == "1998: Nuclear tests"
    event = EventFactory(title="Statement", occurred=PartialDate.parse("2024-12-19", "Thursday"))
    assert str(event) == "2024-12-19 (Thursday): Statement"


def test_str_of_an_event_with_an_unknown_date_is_its_title():
    """An event on an unknown date reads as its title alone."""
    event = EventFactory(title="Statement", occurred=PartialDate.unknown("Thursday"))
    assert str(event) == "Statement"


def test_str_of_a_participant_is_entity_and_role():
    """A participant reads "entity (role)"."""
    participant = EventParticipantFactory(
        entity=EntityFactory(name="Jon Finer"), role=ParticipantRole.SPEAKER
    )
    assert str(participant) == "Jon Finer (speaker)"
