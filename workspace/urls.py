"""The analyst's pages, under /admin/workspace/: signed in through the admin, with its look."""

from django.contrib import admin
from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns: list = [
    path(
        "entities/<int:pk>/dossier/",
        admin.site.admin_view(views.dossier),
        name="dossier",
    ),
]
