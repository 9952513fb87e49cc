"""The analyst's pages, under /admin/workspace/: signed in through the admin, with its look."""

from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns: list = [
    path("compare/", views.compare_page, name="compare"),
]
