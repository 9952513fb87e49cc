"""Seed data: load what is missing, never overwrite what analysts changed since.

``loaddata`` overwrites every record in a fixture with the fixture's values, which would
undo an analyst's corrections each time ``make run`` starts. ``load_seed`` adds only the
records that do not exist yet and never existed (a seed record an analyst deleted stays
deleted: its history remembers it), and leaves the others as they are.

``loaddata`` saves in raw mode, which django-simple-history skips; without a first
history row, an analyst's later edit would have no "before" to compare with.
"""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.db import transaction
from simple_history.models import HistoricalRecords

HISTORY_REASON = "Loaded from the seed fixtures"
# Writes the m2m part of a history row; it needs no model of its own.
_M2M_HISTORY = HistoricalRecords()


def seed_fixture_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


@dataclass
class SeedResult:
    added: int = 0
    kept: int = 0


def _ever_existed(instance) -> bool:
    history = getattr(type(instance), "history", None)
    uid = getattr(instance, "uid", None)
    return history is not None and uid is not None and history.filter(uid=uid).exists()


@transaction.atomic
def load_missing(paths: list[Path]) -> SeedResult:
    """Add the fixtures' records that are not in the database and never were."""
    result = SeedResult()
    deferred = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for item in serializers.deserialize("json", handle, handle_forward_references=True):
                if item.object.pk is not None or _ever_existed(item.object):
                    result.kept += 1
                    continue
                # Its first history entry is written afterwards, whole (m2m included);
                # without this, setting its m2m values here would write partial ones.
                item.object.skip_history_when_saving = True
                try:
                    item.save()
                finally:
                    del item.object.skip_history_when_saving
                result.added += 1
                if item.deferred_fields:
                    deferred.append(item)
    for item in deferred:
        item.save_deferred_fields()
    return result


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
        records, rows = [], []
        for record in missing.iterator(chunk_size=500):
            records.append(record)
            row = history_model(
                history_type="+",
                history_date=record.updated_at,
                history_change_reason=HISTORY_REASON,
                **{f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields},
            )
            rows.append(row)
        if rows:
            history_model.objects.bulk_create(rows, batch_size=500)
            if history_model._history_m2m_fields:
                for row, record in zip(rows, records, strict=True):
                    _M2M_HISTORY.create_historical_record_m2ms(row, record)
            written += len(rows)
    return written
