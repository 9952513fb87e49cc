"""Who is asking: the client's address, for the rate limits and the sign-in lockout.

The connection's address (``REMOTE_ADDR``) is the client's unless the service stands behind
``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address it saw to
``X-Forwarded-For``. Then the client is the Nth entry from the right: the entries left of it
were written by the client and can be anything, so they are never read (a client sending a
random ``X-Forwarded-For`` per request stays one client).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, normalised (``::ffff:1.2.3.4`` stays as written), or None when
    the request carries none that parses."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    meta = request.META
    if proxies > 0:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return _address(hops[-proxies])
        # Fewer entries than proxies: the request did not come through them all, so the
        # header proves nothing; the connection's address is all that is known.
    return _address(meta.get("REMOTE_ADDR", ""))


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
