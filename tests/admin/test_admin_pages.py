"""The list of admin pages to check (tests/admin/admin_pages.py) covers every registered
model, and each page it names answers to a superuser."""

import pytest
from django.contrib import admin

from tests.admin.admin_pages import admin_pages, first_object_ids
from tests.factories import DesignationFactory, ImportRunFactory

pytestmark = pytest.mark.django_db


def test_every_registered_model_has_its_changelist_and_change_page():
    DesignationFactory()
    ImportRunFactory()
    ids = first_object_ids()
    labels = {label for label, _ in admin_pages(ids)}
    for model, _model_admin in admin.site._registry.items():
        assert f"{model._meta.label} changelist" in labels
        if model in ids:
            assert f"{model._meta.label} change" in labels
    assert "entities.Designation add" in labels
    assert "importer.ImportRun add" not in labels  # read-only: no add page


def test_every_listed_page_answers(admin_client):
    DesignationFactory()
    ImportRunFactory()
    for label, url in admin_pages(first_object_ids()):
        assert admin_client.get(url).status_code == 200, label
