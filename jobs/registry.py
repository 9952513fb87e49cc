"""The kinds of job: each app registers the function that does its kind of job.

Registered from the app's ``AppConfig.ready()``, so the web process (which starts jobs) and
the worker (which runs them) know the same kinds, and ``jobs`` imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobs.models import Job
    from jobs.progress import Progress


class JobFailed(Exception):
    """A job that cannot be done, for a reason its user can act on: the message is shown
    as the job's error, as it is."""


@dataclass
class JobOutput:
    """What a job made: a one-line summary, and a file (written by the job in a temporary
    place; the runner moves it under MEDIA_ROOT/jobs/) and/or a record (an import run)."""

    summary: str = ""
    file: Path | None = None
    filename: str = ""
    record: Any = None
    extra: dict = field(default_factory=dict)


Runner = Callable[["Job", "Progress"], JobOutput]


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str
    run: Runner


KINDS: dict[str, JobKind] = {}


def register(key: str, label: str, run: Runner) -> None:
    """Make ``key`` a kind of job done by ``run(job, progress)``. Registering a key twice
    with another function is a programming error."""
    existing = KINDS.get(key)
    if existing is not None and existing.run is not run:
        raise ValueError(f"job kind {key!r} is already registered to {existing.run!r}")
    KINDS[key] = JobKind(key, label, run)


def label(key: str) -> str:
    kind = KINDS.get(key)
    return kind.label if kind else key
