"""gunicorn settings, from the environment (``gunicorn -c gunicorn.conf.py
sanctions_tracker.wsgi:application``).

Threads, not only processes: with sync workers two clients streaming CSV exports hold both
workers and every other request waits (docs/BENCHMARKS.md, "Web server"); a gthread worker
serves other requests on its other threads meanwhile.

- ``WEB_CONCURRENCY``: worker processes (default 2, one per core of the 2-core machine
  measured);
- ``GUNICORN_THREADS``: threads per worker (default 4; worker class ``gthread``; 1 means
  sync workers);
- ``GUNICORN_TIMEOUT``: seconds a worker may go silent before it is restarted (default 60);
- ``GUNICORN_BIND``: address to listen on (default 0.0.0.0:8000);
- ``GUNICORN_MAX_REQUESTS`` / ``GUNICORN_MAX_REQUESTS_JITTER``: a worker is replaced after
  about this many requests (default 1000, jitter 100), so a slow leak cannot grow forever;
- ``GUNICORN_KEEPALIVE``: seconds to hold an idle keep-alive connection (default 5).

The access log goes to standard output, errors to standard error.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"gunicorn.conf.py: {name} must be a whole number, not {value!r}") from exc


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = timeout
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
accesslog = "-"
errorlog = "-"
