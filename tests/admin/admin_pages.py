"""Every admin page to check (for width at 1366 px, and anything else page-wide): the index,
each registered model's changelist and add page, and the change and history pages of the
objects given. Built from ``admin.site._registry``, so a newly registered model is covered."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse


class _Superuser(AnonymousUser):
    """Enough of a superuser for the ModelAdmins' permission checks."""

    is_active = is_staff = is_superuser = True
    is_anonymous = False
    is_authenticated = True

    def has_perm(self, perm, obj=None):
        return True

    def has_module_perms(self, app_label):
        return True


def admin_pages(
    object_ids: Mapping[type[models.Model], object], site: admin.AdminSite = admin.site
) -> list[tuple[str, str]]:
    """(label, URL) of every admin page to check: a model's add page where a superuser may
    add (read-only admins have none), a change and a history page for each model given an
    object id."""
    request = RequestFactory().get("/admin/")
    request.user = _Superuser()
    pages = [("index", reverse(f"{site.name}:index"))]
    for model, model_admin in sorted(site._registry.items(), key=lambda i: i[0]._meta.label):
        opts = model._meta
        base = f"{site.name}:{opts.app_label}_{opts.model_name}"
        pages.append((f"{opts.label} changelist", reverse(f"{base}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append((f"{opts.label} add", reverse(f"{base}_add")))
        if model in object_ids:
            pk = object_ids[model]
            pages.append((f"{opts.label} change", reverse(f"{base}_change", args=[pk])))
            with contextlib.suppress(NoReverseMatch):
                pages.append((f"{opts.label} history", reverse(f"{base}_history", args=[pk])))
    return pages


def first_object_ids(
    site: admin.AdminSite = admin.site, prefer: Mapping[type[models.Model], object] | None = None
) -> dict[type[models.Model], object]:
    """An object id per registered model that has rows (``prefer`` first: e.g. the NDC
    entity, the richest change page). One query per model: for a test's set-up."""
    ids = dict(prefer or {})
    for model in site._registry:
        if model not in ids:
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if pk is not None:
                ids[model] = pk
    return ids
