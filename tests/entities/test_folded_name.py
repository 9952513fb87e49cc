"""``name_folded`` has one definition (FoldedNameMixin.folded_name) for save() and for
the bulk writes that bypass it."""

import pytest
from django.apps import apps

from entities.models import Alias, Entity, FoldedNameMixin
from sanctions_tracker.text import fold
from tests.factories import AliasFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_the_models_with_a_folded_name():
    folded = {m for m in apps.get_models() if issubclass(m, FoldedNameMixin)}
    assert folded == {Entity, Alias}


@pytest.mark.parametrize("name", ["Société Générale (NDC)", "Национальный комплекс", "  "])
def test_save_stores_folded_name(name):
    entity = EntityFactory(name=name)
    alias = AliasFactory(entity=entity, name=name)

    assert Entity.objects.get(pk=entity.pk).name_folded == Entity.folded_name(name) == fold(name)
    assert Alias.objects.get(pk=alias.pk).name_folded == Alias.folded_name(name)
