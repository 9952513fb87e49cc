"""Recording the proposed matches of a run (see :class:`importer.models.ProposedMatch`):
one per list entry, ever. A later import never proposes the same entry again: once its
state exists the entry is not new, and the unique constraint holds even if it were."""

from __future__ import annotations

from importer.context import Proposal
from importer.models import ImportRun, ProposedMatch
from sanctions_tracker.services import validated_save


def proposals_record(run: ImportRun, proposals: list[Proposal], *, user, reason: str) -> None:
    """Write the run's proposals (after its entities), with history, skipping an entry
    that has one already."""
    if not proposals:
        return
    known = set(
        ProposedMatch.objects.filter(
            source=run.source, reference__in=[p.reference for p in proposals]
        ).values_list("reference", flat=True)
    )
    for proposal in proposals:
        if proposal.reference in known:
            continue
        known.add(proposal.reference)
        record = ProposedMatch(
            run=run,
            source=run.source,
            reference=proposal.reference,
            name=proposal.name[: ProposedMatch._meta.get_field("name").max_length],
            created_entity_id=proposal.entity_id,
            created_id=proposal.entity_id,
            reason=proposal.reason,
        )
        validated_save(record, user=user, reason=reason)
        record.candidates.set(proposal.candidates)
