"""The browsable API's filter dialog: every filter of every list has a human label, never
django-filter's "[invalid name]" (its label for a filter with a method, or one whose name is
not a model field)."""

from __future__ import annotations

import importlib

import django_filters
import pytest

from sanctions_tracker.api.urls import router

pytestmark = pytest.mark.django_db

APPS = ("entities", "events", "sources", "importer", "screening", "sanctions_tracker")
LISTS = [
    pytest.param(prefix, viewset.filterset_class, id=prefix)
    for prefix, viewset, _ in router.registry
    if getattr(viewset, "filterset_class", None) is not None
]


def _project_filtersets() -> list[type]:
    """Every FilterSet the project defines with a model (the API's, the admin exports',
    nested lists')."""
    for app in ("entities", "events", "sources", "importer"):
        importlib.import_module(f"{app}.filtersets")
    found, todo = [], [django_filters.FilterSet]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] in APPS and subclass._meta.model is not None:
                found.append(subclass)
    return found


@pytest.mark.parametrize("prefix, filterset", LISTS)
def test_the_filter_dialog_of_every_list_labels_every_filter(
    admin_client_logged_in, prefix, filterset
):
    """``GET /api/v1/<list>/?format=api`` as a signed-in user: the filter form holds every
    filter, and none is labelled "[invalid name]"."""
    response = admin_client_logged_in.get(f"/api/v1/{prefix}/", {"format": "api"})

    assert response.status_code == 200
    content = response.content.decode()
    for name in filterset.base_filters:
        assert f'name="{name}"' in content, name
    assert "[invalid name]" not in content


@pytest.mark.parametrize("filterset", _project_filtersets(), ids=lambda fs: fs.__name__)
def test_every_filterset_labels_every_filter(filterset):
    """Every filter of every FilterSet of the project has a label in words."""
    form = filterset(queryset=filterset._meta.model.objects.none()).form

    labels = {name: field.label for name, field in form.fields.items()}

    assert all(labels.values()), labels
    assert "[invalid name]" not in labels.values(), labels
