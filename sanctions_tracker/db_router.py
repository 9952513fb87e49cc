"""Reads from a PostgreSQL read replica, writes to the primary, and analysts see their edits.

With ``DATABASE_REPLICA_URL`` set, the ``replica`` database alias exists and
``ReplicaReadsMiddleware`` lets a request read from it when all of these hold:

- the method is safe (GET, HEAD, OPTIONS): the API's lists, details, CSV exports and
  ``GET /match/`` (whose screening index loads and refreshes then read the replica too);
- the path is not the admin's (analysts edit there and must see the primary);
- the client wrote nothing in the last ``DATABASE_REPLICA_PIN_SECONDS`` (the response to a
  write sets a cookie saying until when to read from the primary: read-your-writes, since a
  replica applies the primary's changes a little later);
- the request has not written yet (after its first write, its own reads go to the primary).

Everything else reads from the primary: other methods, the admin, management commands and the
worker's jobs (which run outside a request; ``reads_from_replica()`` opts a read-only job in).
Writes always go to the primary, migrations run only there, and records of either alias may
refer to each other (they are the same data). Bookkeeping that must be exact always reads and
writes the primary, and writing it does not count as the client's write: rate-limit counters
(``sanctions_tracker.ThrottleCounter``, Django's database cache) and sign-in attempts
(django-axes). A counter read from a lagging copy would undercount, and counting every API
request as a write would pin every client to the primary.
"""

from __future__ import annotations

import contextlib
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS
from django.urls import NoReverseMatch, reverse

REPLICA = "replica"
PIN_COOKIE = "read_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Always on the primary, never the client's write: Django's DatabaseCache (a model of app
# label "django_cache"), the sign-in attempts of django-axes, the rate-limit counters.
BOOKKEEPING_APPS = frozenset({"django_cache", "axes"})
BOOKKEEPING_MODELS = frozenset({"sanctions_tracker.throttlecounter"})


@dataclass
class ReadState:
    """What the router may do for the code running now (a request, or a read-only job)."""

    replica_allowed: bool
    wrote: bool = False


_state: ContextVar[ReadState | None] = ContextVar("db_read_state", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _is_bookkeeping(model) -> bool:
    return (
        model._meta.app_label in BOOKKEEPING_APPS or model._meta.label_lower in BOOKKEEPING_MODELS
    )


class PrimaryReplicaRouter:
    """Routes reads to ``replica`` when the current request or job allows it."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if (
            state is not None
            and state.replica_allowed
            and not state.wrote
            and not _is_bookkeeping(model)
            and replica_configured()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None and not _is_bookkeeping(model):
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False
        return None


@contextlib.contextmanager
def reads_from_replica():
    """Let the reads inside (a read-only job, a report) go to the replica, if there is one."""
    token = _state.set(ReadState(replica_allowed=True))
    try:
        yield
    finally:
        _state.reset(token)


def pinned_to_primary(request, now: float | None = None) -> bool:
    """The client wrote within the pin window (its cookie is a time no later than that)."""
    now = time.time() if now is None else now
    try:
        until = float(request.COOKIES.get(PIN_COOKIE, ""))
    except ValueError:
        return False
    # A forged far-future value is ignored rather than pinning a client forever.
    return now < until <= now + settings.DATABASE_REPLICA_PIN_SECONDS + 1


def _admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def may_read_replica(request) -> bool:
    if not replica_configured() or request.method not in SAFE_METHODS:
        return False
    admin = _admin_prefix()
    if admin and request.path.startswith(admin):
        return False
    return not pinned_to_primary(request)


class ReplicaReadsMiddleware:
    """Decides per request whether its reads may use the replica; pins writers' sessions.

    Placed before SessionMiddleware, so that a session saved on the way out counts as a write.
    The decision lasts until the response is closed: a streamed CSV export reads its rows
    after this middleware has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = ReadState(replica_allowed=may_read_replica(request))
        _state.set(state)
        response = self.get_response(request)
        changed = request.method not in SAFE_METHODS and response.status_code < 400
        if replica_configured() and (state.wrote or changed):
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _forget_request(**kwargs) -> None:
    """The response is closed: code that runs next in this thread reads from the primary."""
    _state.set(None)


request_finished.connect(_forget_request, dispatch_uid="db_router_forget_request")
