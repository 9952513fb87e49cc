"""What a screening answer shows of each candidate besides its names."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from entities.models import Designation


def active_designations(entity_ids, request=None) -> dict[int, list[dict]]:
    """Each entity's active designations, in brief, in one query."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not entity_ids:
        return found
    designations = (
        Designation.objects.active()
        .filter(entity_id__in=set(entity_ids))
        .select_related("body", "programme")
        .order_by("entity_id", "listed_earliest", "id")
    )
    for d in designations:
        url = reverse("designation-detail", kwargs={"pk": d.pk})
        found[d.entity_id].append(
            {
                "id": d.pk,
                "url": request.build_absolute_uri(url) if request else url,
                "body": d.body.code,
                "programme": d.programme.code if d.programme_id else None,
                "listed": d.listed.iso or None,
                "reference": d.reference,
            }
        )
    return found
