"""Job progress, written as the job goes, so that others can follow it.

A job's work often runs inside one long transaction (an import). Progress written on the
job's own connection would be invisible until it commits, so there it goes through a second
connection of its own, in autocommit. Not on SQLite: one writer at a time, and the job's
transaction is it; progress resumes when the transaction ends.
"""

from __future__ import annotations

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from jobs.models import Job

MIN_INTERVAL = 0.5  # seconds between two writes of the same stage's progress


class Progress:
    """``progress(stage, done, total)``: the callback a job's work reports to (the importer's
    signature). Writes at most every MIN_INTERVAL within a stage, always at a stage's start
    and end."""

    def __init__(self, job: Job, *, min_interval: float = MIN_INTERVAL):
        self.job = job
        self.min_interval = min_interval
        self.stage, self.done, self.total = job.stage, job.progress_done, job.progress_total
        self._written_at = 0.0
        self._side = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        total = max(int(total), 0)
        done = min(max(int(done), 0), total)
        now = time.monotonic()
        moment = stage != self.stage or done in (0, total)
        self.stage, self.done, self.total = stage, done, total
        if moment or now - self._written_at >= self.min_interval:
            self._write()
            self._written_at = now

    def values(self) -> dict:
        return {
            "stage": self.stage[:50],
            "progress_done": self.done,
            "progress_total": self.total,
            "heartbeat_at": timezone.now(),
        }

    def _write(self) -> None:
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**self.values())
        elif connection.vendor != "sqlite":
            self._write_aside()

    def _write_aside(self) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        qn = self._side.ops.quote_name
        values = self.values()
        assignments = ", ".join(f"{qn(Job._meta.get_field(n).column)} = %s" for n in values)
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {qn(Job._meta.db_table)} SET {assignments} WHERE {qn('id')} = %s",
                [*values.values(), self.job.pk],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
