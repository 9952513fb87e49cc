"""An analyst's decision on a proposed match: link the entry to one of the candidates, or
confirm it as a new party. Each decision is one transaction, with history and the analyst's
reason, and is taken once: the proposal is locked first, so two analysts deciding it at
the same time cannot both apply (the second is told it is decided).

Only a candidate can be chosen. The candidates are the entities the matching rule found,
with its reason recorded; tying the entry to any other entity would be a merge of two
parties that nothing proposed, which is an entity merge, not a review. An analyst who knows
better confirms the entry as new and merges the entities as such.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from entities.models import Designation, Entity
from importer.absorb import absorb
from importer.models import ListEntryState, ProposalStatus, ProposedMatch
from sanctions_tracker.services import validated_save

REASON_LENGTH = 100  # history_change_reason


def _locked(proposal: ProposedMatch | int) -> ProposedMatch:
    pk = getattr(proposal, "pk", proposal)
    locked = ProposedMatch.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise ValidationError(f"Proposed match #{pk} does not exist.")
    if not locked.is_open:
        who = f" by {locked.decided_by}" if locked.decided_by_id else ""
        raise ValidationError(
            f"Proposed match #{locked.pk} ({locked.source} {locked.reference}) is already "
            f"decided: {locked.get_status_display()}{who} at {locked.decided_at:%Y-%m-%d %H:%M}."
        )
    return locked


def _note(reason: str) -> str:
    note = (reason or "").strip()
    if not note:
        raise ValidationError({"reason": "Say why: the reason is kept with the decision."})
    return note


def _history_reason(proposal: ProposedMatch, what: str, note: str) -> str:
    return f"{what} (proposed match #{proposal.pk}, {proposal.reference}): {note}"[:REASON_LENGTH]


def _decide(proposal: ProposedMatch, status, *, chosen, user, note: str, why: str):
    proposal.status = status
    proposal.chosen = chosen
    proposal.decided_by = user if getattr(user, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.note = note
    return validated_save(proposal, user=user, reason=why)


@transaction.atomic
def proposal_confirm_new(*, proposal: ProposedMatch | int, user, reason: str) -> ProposedMatch:
    """The entry is a new party: the entity the import created stays, the candidates too."""
    locked = _locked(proposal)
    note = _note(reason)
    why = _history_reason(locked, "Confirmed as a new party", note)
    return _decide(locked, ProposalStatus.CONFIRMED_NEW, chosen=None, user=user, note=note, why=why)


@transaction.atomic
def proposal_link(
    *, proposal: ProposedMatch | int, entity: Entity | int, user, reason: str
) -> ProposedMatch:
    """The entry is the existing ``entity`` (a candidate): everything the import created
    moves onto it, the created entity's name becomes its alias if new to it, and the
    emptied created entity is deleted (its id and name stay on the proposal). The list
    entry's state now points at ``entity``, so later imports of the list update it."""
    locked = _locked(proposal)
    note = _note(reason)
    chosen_id = getattr(entity, "pk", entity)
    candidates = sorted(locked.candidates.values_list("pk", flat=True))
    if chosen_id not in candidates:
        raise ValidationError(
            f"Entity #{chosen_id} is not a candidate of proposed match #{locked.pk} "
            f"(candidates: {', '.join(f'#{pk}' for pk in candidates) or 'none left'}): "
            "link to a candidate, or confirm the entry as new."
        )
    if locked.created_entity_id is None:
        raise ValidationError(
            f"The entity the import created for {locked.reference} (#{locked.created_id}) "
            "is gone: nothing to link."
        )
    entities = {
        e.pk: e
        for e in Entity.objects.select_for_update()
        .filter(pk__in=[chosen_id, locked.created_entity_id])
        .order_by("pk")
    }
    created, chosen = entities[locked.created_entity_id], entities[chosen_id]
    claimed = (
        ListEntryState.objects.filter(source=locked.source, entity_id=chosen_id)
        .exclude(reference=locked.reference)
        .first()
    )
    if claimed is not None:
        raise ValidationError(
            f"{chosen} (#{chosen_id}) is already the entity of {claimed.source} entry "
            f"{claimed.reference}: one entity per entry of a list."
        )
    why = _history_reason(locked, f"Linked to {chosen.name}", note)
    locked.created_entity = None  # before the delete, so the proposal never points at it
    _decide(locked, ProposalStatus.LINKED, chosen=chosen, user=user, note=note, why=why)
    absorb(created, chosen, user=user, reason=why)
    chosen.refresh_from_db()
    validated_save(chosen, user=user, reason=why, exclude=["name_folded"])
    return locked


def proposal_entities(proposal: ProposedMatch) -> tuple[Entity | None, list[Entity]]:
    """The entity the import created (None once linked) and the candidates, with what tells
    them apart (countries, identifiers, active designations), in a fixed number of queries
    however many candidates there are."""
    entities = list(
        Entity.objects.filter(Q(pk=proposal.created_entity_id) | Q(proposals_as_candidate=proposal))
        .distinct()
        .order_by("pk")
        .prefetch_related(
            "countries",
            "identifiers",
            Prefetch(
                "designations",
                queryset=Designation.objects.active()
                .select_related("body", "programme")
                .order_by("body__code", "pk"),
                to_attr="active_designations",
            ),
        )
    )
    created = next((e for e in entities if e.pk == proposal.created_entity_id), None)
    return created, [e for e in entities if e is not created]
