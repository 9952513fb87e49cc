""" "Active" has one definition (entities.active): the query and the predicate agree."""

import pytest

from entities.active import active_q, is_active
from entities.models import Designation, Entity
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import DesignationFactory, EntityFactory

pytestmark = pytest.mark.django_db

DELISTINGS = {
    "active": PartialDate(),
    "delisted on a day": PartialDate.parse("2025-03-01"),
    "delisted in a month": PartialDate.parse("2025-03"),
    "delisted in a year": PartialDate.parse("2025"),
    "delisted on an unknown date": PartialDate.unknown("later"),
}


@pytest.fixture
def designations():
    return {
        label: DesignationFactory(programme=None, delisted=delisted)
        for label, delisted in DELISTINGS.items()
    }


def test_the_query_and_the_predicate_agree(designations):
    selected = set(Designation.objects.filter(active_q()).values_list("pk", flat=True))
    in_hand = {d.pk for d in Designation.objects.all() if is_active(d)}

    assert selected == in_hand == {designations["active"].pk}
    assert all(d.is_active == is_active(d) for d in Designation.objects.all())


def test_the_query_through_a_relation_agrees(designations):
    never = EntityFactory()
    through = set(Entity.objects.filter(active_q("designations")).values_list("pk", flat=True))
    in_hand = {e.pk for e in Entity.objects.all() if any(map(is_active, e.designations.all()))}

    assert through == in_hand == {designations["active"].entity_id}
    assert never.pk not in through


def test_delisted_is_everything_else(designations):
    delisted = set(Designation.objects.delisted().values_list("pk", flat=True))
    active = set(Designation.objects.active().values_list("pk", flat=True))

    assert delisted.isdisjoint(active)
    assert delisted | active == set(Designation.objects.values_list("pk", flat=True))
