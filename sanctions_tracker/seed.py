"""Seed data: which fixture files there are, and the first history row of loaded records.

``loaddata`` saves in raw mode, which django-simple-history skips; without a first
history row, an analyst's later edit would have no "before" to compare with.
"""

from pathlib import Path

from django.apps import apps
from django.db import transaction

HISTORY_REASON = "Loaded from the seed fixtures"


def seed_fixture_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def curated_models():
    """Every model with a history, in app order."""
    return [m for m in apps.get_models() if hasattr(m, "history") and hasattr(m, "uid")]


@transaction.atomic
def write_initial_history() -> int:
    """Write a '+' history row for each curated record that has none yet; return how many."""
    written = 0
    for model in curated_models():
        history_model = model.history.model
        with_history = history_model.objects.values("id")
        missing = model._default_manager.exclude(pk__in=with_history).order_by("pk")
        rows = []
        for record in missing.iterator(chunk_size=500):
            row = history_model(
                history_type="+",
                history_date=record.updated_at,
                history_change_reason=HISTORY_REASON,
                **{f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields},
            )
            rows.append(row)
        if rows:
            history_model.objects.bulk_create(rows, batch_size=500)
            written += len(rows)
    return written
