"""The analyst's pages, under /admin/workspace/: signed in through the admin, with its look."""

from django.contrib import admin
from django.urls import path

from workspace import compare_views, dossier_views, screening_views

app_name = "workspace"

urlpatterns: list = [
    path(
        "entities/<int:pk>/dossier/",
        admin.site.admin_view(dossier_views.dossier),
        name="dossier",
    ),
    path("compare/", compare_views.compare_page, name="compare"),
    path("screening/", admin.site.admin_view(screening_views.screening), name="screening"),
]
