"""Rates: how many units a client may spend per window, per scope.

- ``anon``: requests of a client without credentials, told apart by address
  (``sanctions_tracker.client_ip``: a forged ``X-Forwarded-For`` is no new client);
- ``user``: requests of a signed-in user, whatever the address;
- ``export``: CSV exports (they read every matching row), on top of the above;
- ``screening``: names screened by ``/api/v1/match/``, on top of the above: a batch costs
  one unit per query, so a batch of 100 is not one request's worth.

The rates are the ``DEFAULT_THROTTLE_RATES`` of ``REST_FRAMEWORK`` (``API_THROTTLE_*``). The
counters are shared by all workers and instances (``sanctions_tracker.throttle_counters``),
in fixed windows: one upsert per applicable rate per request. Past a rate, a 429 whose
``detail`` names the scope and the rate, with ``Retry-After`` (seconds to the window's end).
"""

from __future__ import annotations

from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from sanctions_tracker import throttle_counters
from sanctions_tracker.client_ip import client_ip


class SharedRateThrottle(SimpleRateThrottle):
    """A rate whose counters live in ``throttle_counters``, not in a worker's memory."""

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown-address"

    def client_key(self, request) -> str:
        """The user, or the address of an anonymous client."""
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"address-{self.get_ident(request)}"

    def get_cache_key(self, request, view) -> str | None:
        return f"{self.scope}:{self.client_key(request)}"

    def cost(self, request, view) -> int:
        """Units this request spends."""
        return 1

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        hit = throttle_counters.hit(
            key, window_seconds=self.duration, cost=self.cost(request, view)
        )
        if hit.count <= self.num_requests:
            return True
        raise Throttled(
            wait=hit.retry_after,
            detail=(
                f"Request was throttled: past the {self.scope} rate of {self.rate} "
                f"for this client (scope {self.scope!r})."
            ),
        )


class AnonRateThrottle(SharedRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None  # held to the user rate instead
        return super().get_cache_key(request, view)


class UserRateThrottle(SharedRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # held to the anonymous rate instead
        return super().get_cache_key(request, view)


class ExportRateThrottle(SharedRateThrottle):
    """CSV exports read every matching row, so they have a rate of their own."""

    scope = "export"


class ScreeningRateThrottle(SharedRateThrottle):
    """Names screened: the view says how many a request holds (``screening_cost``)."""

    scope = "screening"

    def cost(self, request, view) -> int:
        return view.screening_cost(request)
