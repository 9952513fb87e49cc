"""Abuse probe (issue 11): does throttling hold against forged X-Forwarded-For, and does
the token endpoint lock out a password guesser? Run against a live server, e.g. through
``bench/abuse_probe.sh`` (gunicorn, 2 workers, a throwaway PostgreSQL):

    scripts/with-postgres.sh bench/abuse_probe.sh

1. 400 anonymous GETs of /api/v1/designations/ from 8 threads, each with a random
   X-Forwarded-For: how many 200 and how many 429 (anon rate 120/min, shared counters).
2. 350 wrong passwords for one user at /api/v1/auth/token/, one after another: at which
   attempt the first 429 comes, then whether the right password is refused.
"""

from __future__ import annotations

import json
import random
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def request(url: str, data: dict | None = None, headers: dict | None = None) -> int:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def forged_gets(base: str, n: int = 400) -> Counter:
    def one(_):
        forged = ".".join(str(random.randint(1, 254)) for _ in range(4))
        return request(f"{base}/api/v1/designations/", headers={"X-Forwarded-For": forged})

    with ThreadPoolExecutor(8) as pool:
        return Counter(pool.map(one, range(n)))


def guesses(base: str, username: str, password: str, n: int = 350) -> dict:
    url = f"{base}/api/v1/auth/token/"
    statuses = []
    started = time.monotonic()
    for i in range(n):
        statuses.append(request(url, {"username": username, "password": f"wrong-{i}"}))
    seconds = time.monotonic() - started
    first_429 = next((i + 1 for i, s in enumerate(statuses) if s == 429), None)
    return {
        "attempts": n,
        "seconds": round(seconds, 1),
        "statuses": dict(Counter(statuses)),
        "first_429_at_attempt": first_429,
        "right_password_after": request(url, {"username": username, "password": password}),
    }


if __name__ == "__main__":
    base, username, password = sys.argv[1:4]
    started = time.monotonic()
    gets = forged_gets(base)
    print(f"400 GETs, random X-Forwarded-For: {dict(gets)} in {time.monotonic() - started:.1f} s")
    print("350 wrong passwords:", json.dumps(guesses(base, username, password)))
