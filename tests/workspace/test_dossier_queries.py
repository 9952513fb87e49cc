"""The dossier reads everything in a fixed number of queries, however much there is."""

import pytest

from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    AddressFactory,
    AliasFactory,
    CitationFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    IdentifierFactory,
    RelationshipFactory,
)
from tests.workspace.dossier_helpers import dossier_url, make_reader
from tests.workspace.test_dossier_pictures import two_hundred_nodes
from workspace.dossier import build_dossier

pytestmark = pytest.mark.django_db

# entity, aliases, identifiers, addresses, countries; designations, events, their
# participants (entity_timeline); measures; each hop of relationships, the links between
# hop-2 entities; statuses; citations; first listings. An entity with no designation skips the
# measures, one with no event the participants, one with no relationship the second hop and
# the hop-2 links.
DOSSIER_QUERIES = 15
BARE_DOSSIER_QUERIES = DOSSIER_QUERIES - 4
# The page adds the session, the user, and the user's and groups' permissions (has_perm).
PAGE_QUERIES = DOSSIER_QUERIES + 4


COUNTRIES = ["PK", "CN", "IR", "KP", "SY", "RU", "BY", "VE", "CU", "MM", "AF", "IQ"]


def grow(entity, n: int) -> None:
    """``n`` more of everything the dossier reads, each cited."""
    done = entity.aliases.count()
    for i in range(done, done + n):
        cite = [
            AliasFactory(entity=entity),
            IdentifierFactory(entity=entity),
            AddressFactory(entity=entity),
            EntityCountryFactory(entity=entity, country=COUNTRIES[i]),
        ]
        designation = DesignationFactory(
            entity=entity,
            listed=PartialDate.parse(f"{2010 + i}-0{1 + i % 9}"),
            measures=["asset_freeze"],
        )
        event = EventFactory(occurred=PartialDate.unknown("Thursday"))
        event.designations.add(designation)
        EventParticipantFactory(entity=entity, event=EventFactory())
        near = EntityFactory()
        RelationshipFactory(subject=near, object=entity)
        RelationshipFactory(subject=EntityFactory(), object=near)
        DesignationFactory(entity=near)
        for record in [*cite, designation, event]:
            field = {"entitycountry": "entity_country"}.get(
                record._meta.model_name, record._meta.model_name
            )
            CitationFactory(entity=None, **{field: record})


def test_the_dossier_reads_in_a_fixed_number_of_queries(django_assert_num_queries):
    entity = EntityFactory()
    with django_assert_num_queries(BARE_DOSSIER_QUERIES):
        small = build_dossier(entity.pk)
    grow(entity, 1)
    with django_assert_num_queries(DOSSIER_QUERIES):
        build_dossier(entity.pk)
    grow(entity, 6)
    with django_assert_num_queries(DOSSIER_QUERIES):
        big = build_dossier(entity.pk)
    assert not small.designations
    assert len(big.designations) == 7 and len(big.aliases) == 7
    assert len(big.lags) == 21  # every pair of 7 bodies
    assert len(big.neighbours) == 15
    assert len(big.citations) == 7 * 6


def test_the_page_and_its_downloads_read_in_a_fixed_number_of_queries(
    client, django_user_model, django_assert_num_queries
):
    entity = EntityFactory()
    client.force_login(make_reader(django_user_model))
    for more in (1, 5):
        grow(entity, more)
        for download in ("", "timeline.csv", "relationships.csv"):
            with django_assert_num_queries(PAGE_QUERIES):
                assert client.get(dossier_url(entity.pk, download)).status_code == 200


def test_200_nodes_take_no_more_queries(client, django_user_model, django_assert_num_queries):
    centre = two_hundred_nodes()
    DesignationFactory(entity=centre)
    EventParticipantFactory(entity=centre)
    client.force_login(make_reader(django_user_model))
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(dossier_url(centre.pk)).status_code == 200
