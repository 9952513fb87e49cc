"""Health checks for load balancers and container orchestrators.

``/healthz`` says the process answers (it touches no database, so a database outage does not
get healthy web processes restarted); ``/readyz`` says this instance can serve: the database
answers and every migration is applied (an instance started before ``migrate`` finished, or
one whose database went away, is taken out of rotation rather than answering 500s). With a
read replica configured (``DATABASE_REPLICA_URL``), the replica is checked the same way: the
API reads from it, so an instance that cannot reach it cannot serve.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sanctions_tracker import outage


def readiness_problems(alias: str = "default") -> list[str]:
    """What keeps this instance from serving, in words; empty when it is ready."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        # One line per failed check, as for every request that meets an outage.
        outage.log_outage(exc, f"readyz, database {alias!r}")
        return [f"database unreachable: {type(exc).__name__}"]
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        return [f"{len(pending)} migrations not applied: {names}{more}"]
    return []


def all_readiness_problems() -> list[str]:
    """The problems of every configured database, a replica's prefixed with its alias.

    A test mirror (the test suite's replica) is the database it mirrors: checked once.
    """
    problems: list[str] = []
    for alias, database in settings.DATABASES.items():
        if database.get("TEST", {}).get("MIRROR"):
            continue
        prefix = "" if alias == "default" else f"{alias}: "
        problems += [prefix + problem for problem in readiness_problems(alias)]
    return problems


@never_cache
@require_safe
def healthz(request):
    """The process is alive and answers requests."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """The databases answer and their schema is current: 200, else 503 with what is wrong."""
    problems = all_readiness_problems()
    if not problems:
        return JsonResponse({"status": "ready"})
    response = JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    # Said once above: Django's request log would add "Service Unavailable: /readyz".
    response._has_been_logged = True
    return response
