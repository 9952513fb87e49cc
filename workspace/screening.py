"""What the admin's screening page shows of each candidate: the screening service's answer
(``screening.services.match``) with its explanation, active designations and links."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from screening.explain import explain_parts
from screening.selectors import active_designations


@dataclass(frozen=True)
class CandidateRow:
    rank: int
    candidate: object  # screening.services.Candidate
    reasons: list[str]
    designations: list[dict]
    change_url: str
    dossier_url: str | None  # None until the dossier page exists


def dossier_url(entity_id: int) -> str | None:
    """The entity's dossier page, if this project has one (``workspace:dossier``)."""
    try:
        return reverse("workspace:dossier", args=[entity_id])
    except NoReverseMatch:
        return None


def candidate_rows(candidates) -> list[CandidateRow]:
    """The candidates as ranked, in one query whatever their number."""
    designations = active_designations({c.entity_id for c in candidates})
    rows = []
    for rank, c in enumerate(candidates, 1):
        listed = [
            {**d, "admin_url": reverse("admin:entities_designation_change", args=[d["id"]])}
            for d in designations.get(c.entity_id, [])
        ]
        rows.append(
            CandidateRow(
                rank,
                c,
                explain_parts(c.features),
                listed,
                reverse("admin:entities_entity_change", args=[c.entity_id]),
                dossier_url(c.entity_id),
            )
        )
    return rows
