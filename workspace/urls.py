"""The analyst's pages, under /admin/workspace/: signed in through the admin, with its look."""

from django.contrib import admin
from django.urls import path

from workspace import screening_views

app_name = "workspace"

urlpatterns: list = [
    path("screening/", admin.site.admin_view(screening_views.screening), name="screening"),
]
