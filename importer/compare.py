"""Each entry of the list against what the list said of it last time.

An entry whose rows are as they were is not even normalised; the others are compared by
the digest of what they say (:meth:`~importer.records.ListEntry.digest`). The same entry is
counted as unchanged; a changed or relisted one goes to :mod:`importer.merge`, a new one to
:mod:`importer.add`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from importer.add import add_entry
from importer.context import ImportContext
from importer.merge import merge_entry
from importer.models import ListEntryState
from importer.records import ListEntry


@dataclass
class Compared:
    """What the run writes of the entries' states, and the entries whose links to apply."""

    new_states: list[dict]  # rows for insert_rows
    updated_states: list[ListEntryState]  # changed or relisted entries
    refreshed_states: list[ListEntryState]  # same entry, rows written differently
    links: list[tuple[ListEntry, dict | None]]  # (entry, the list's data last time)


def compare_entries(
    ctx: ImportContext,
    states: dict[str, ListEntryState],
    references: list[str],
    progress: Callable[[str, int, int], None],
) -> Compared:
    """Hand each new or changed entry of the list to its job, in the list's order; return
    what to write of their states, and the entries whose links to apply after."""
    spec, parsed = ctx.spec, ctx.parsed
    # An entry whose rows are as they were last time is not even normalised; the
    # others are, and compared by the digest of what they say.
    raw = parsed.raw_digests()
    same_rows = {
        ref
        for ref in references
        if raw.get(ref)
        and ref in states
        and states[ref].present
        and states[ref].raw_digest == raw[ref]
    }
    position = {ref: i for i, ref in enumerate(references)}
    built = {ref: parsed.entries[position[ref]] for ref in references if ref not in same_rows}
    digests = {ref: entry.digest() for ref, entry in built.items()}
    changed_refs = [
        ref
        for ref, digest in digests.items()
        if ref in states and (not states[ref].present or states[ref].digest != digest)
    ]
    old_data = (
        dict(
            ListEntryState.objects.filter(source=spec.key, reference__in=changed_refs).values_list(
                "reference", "data"
            )
        )
        if changed_refs
        else {}
    )

    new_states: list[dict] = []  # rows for insert_rows
    updated_states: list[ListEntryState] = []
    refreshed_states: list[ListEntryState] = []  # same entry, rows written differently
    link_entries: list[tuple[ListEntry, dict | None]] = []
    total = len(references)
    for done, ref in enumerate(references, 1):
        state = states.get(ref)
        if ref in same_rows:
            ctx.counts["unchanged"] += 1
            ctx.entity_of[ref] = state.entity_id
            if done % 500 == 0 or done == total:
                progress("compared", done, total)
            continue
        entry, digest = built[ref], digests[ref]
        if state is not None and state.present and state.digest == digest:
            ctx.counts["unchanged"] += 1
            ctx.entity_of[entry.reference] = state.entity_id
            if state.raw_digest != raw.get(ref, ""):
                state.raw_digest = raw.get(ref, "")
                refreshed_states.append(state)
        elif state is not None:
            data = entry.as_dict()
            merge_entry(ctx, state, old_data[entry.reference], entry, data)
            state.digest, state.data, state.present = digest, data, True
            state.raw_digest = raw.get(ref, "")
            state.last_run = ctx.run
            updated_states.append(state)
            ctx.entity_of[entry.reference] = state.entity_id
            link_entries.append((entry, old_data[entry.reference]))
        else:
            data = entry.as_dict()
            entity_id = add_entry(ctx, entry, data)
            ctx.entity_of[entry.reference] = entity_id
            new_states.append(
                {
                    "source": spec.key,
                    "reference": entry.reference,
                    "entity_id": entity_id,
                    "digest": digest,
                    "raw_digest": raw.get(ref, ""),
                    "data": data,
                    "present": True,
                    "first_run_id": ctx.run.pk,
                    "last_run_id": ctx.run.pk,
                }
            )
            link_entries.append((entry, None))
        if done % 500 == 0 or done == total:
            progress("compared", done, total)
    return Compared(new_states, updated_states, refreshed_states, link_entries)
