"""The helpers of the committing tests give back what the data migrations wrote."""

import pytest
from django.contrib.auth.models import Group

from entities.models import Measure
from tests.transactional import restore_data_migrations


def _groups() -> dict[str, set[str]]:
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.prefetch_related("permissions")
    }


@pytest.mark.django_db
def test_restore_gives_back_the_groups_and_measures_of_the_migrations():
    migrated_groups = _groups()
    migrated_measures = set(Measure.objects.values_list("code", "name"))
    assert migrated_groups and migrated_measures
    Group.objects.all().delete()
    Measure.objects.all().delete()

    restore_data_migrations()

    assert _groups() == migrated_groups
    assert set(Measure.objects.values_list("code", "name")) == migrated_measures
