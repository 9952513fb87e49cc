"""The analyst's pages, under /admin/workspace/: signed in through the admin, with its look."""

from django.urls import path  # noqa: F401

app_name = "workspace"

urlpatterns: list = []
