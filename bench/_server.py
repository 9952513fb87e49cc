"""What the HTTP benchmarks share (``load_stall.py``, ``load.py``, ``fault.py``): a database
with the full SDN list, gunicorn started on it with ``gunicorn.conf.py``, client threads.

Run under ``scripts/with-postgres.sh`` (a throwaway cluster): the benchmark creates its own
database in that cluster, imports the list built by ``build_full_sdn.py`` with
``manage.py import_list``, and removes the database at the end.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]

# Rates high enough that a load run measures the server, not the throttles.
UNTHROTTLED = {
    "API_THROTTLE_ANON": "1000000/s",
    "API_THROTTLE_USER": "1000000/s",
    "API_THROTTLE_EXPORT": "1000000/s",
    "API_THROTTLE_SCREENING": "1000000/s",
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"--env wants K=V, not {pair!r}")
        env[key] = value
    return env


# The database -------------------------------------------------------------------------------
@dataclass
class SdnDatabase:
    """A new database in the cluster of DATABASE_URL with the full SDN list imported."""

    url: str = ""
    name: str = ""
    import_seconds: float = 0.0
    entities: int = 0

    def create(self) -> SdnDatabase:
        import psycopg

        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            raise SystemExit("run under scripts/with-postgres.sh (needs PostgreSQL)")
        self.name = f"bench_http_{secrets.token_hex(4)}"
        with psycopg.connect(_admin_dsn(base), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        head, _, query = base.partition("?")
        self.url = head.rsplit("/", 1)[0] + "/" + self.name + (f"?{query}" if query else "")
        env = server_env(self.url)
        log(f"migrating {self.name}")
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        sys.path.insert(0, str(ROOT / "bench"))
        import build_full_sdn

        folder = tempfile.mkdtemp(prefix="bench-sdn-")
        build_full_sdn.build(folder)
        log("importing the full SDN list")
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "import_list", "ofac-sdn", folder],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.import_seconds = time.perf_counter() - started
        with psycopg.connect(_dsn(self.url), autocommit=True) as conn:
            self.entities = conn.execute("SELECT count(*) FROM entities_entity").fetchone()[0]
            conn.execute("VACUUM ANALYZE")
        log(f"{self.entities} entities imported in {self.import_seconds:.0f} s")
        return self

    def ids(self, table: str = "entities_entity", limit: int = 2000) -> list[int]:
        import psycopg

        with psycopg.connect(_dsn(self.url)) as conn:
            rows = conn.execute(f"SELECT id FROM {table} ORDER BY id LIMIT {limit}").fetchall()
        return [r[0] for r in rows]

    def names(self, limit: int = 500) -> list[str]:
        import psycopg

        with psycopg.connect(_dsn(self.url)) as conn:
            rows = conn.execute(
                f"SELECT name FROM entities_entity ORDER BY id LIMIT {limit}"
            ).fetchall()
        return [r[0] for r in rows]

    def drop(self) -> None:
        import psycopg

        if self.name:
            with psycopg.connect(_admin_dsn(os.environ["DATABASE_URL"]), autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _dsn(url: str) -> str:
    """psycopg's connection string for a postgres:// URL whose host is a socket folder."""
    parsed = urlparse(url)
    netloc = parsed.netloc.split("@")[-1]
    path = parsed.path.lstrip("/")
    host, _, dbname = path.rpartition("/")
    user = parsed.username or "postgres"
    if not host:
        host = netloc
    return f"host=/{host.lstrip('/')} dbname={dbname} user={user}"


def _admin_dsn(url: str) -> str:
    return _dsn(url.partition("?")[0])


def socket_folder() -> str:
    """The folder of the cluster's Unix socket (also where with-postgres.sh keeps it)."""
    return "/" + _dsn(os.environ["DATABASE_URL"]).split()[0].split("=", 1)[1].lstrip("/")


# The server ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, extra: dict | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "IGNORE_DOTENV": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        **UNTHROTTLED,
    }
    env.update(extra or {})
    return env


class Server:
    """gunicorn -c gunicorn.conf.py on 127.0.0.1:<free port>, its log in a file."""

    def __init__(self, database_url: str, *, workers: int, threads: int, env: dict):
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
        self.env = server_env(
            database_url,
            {
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_THREADS": str(threads),
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                **env,
            },
        )
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    @property
    def label(self) -> str:
        if self.threads > 1:
            return f"{self.workers} gthread workers x {self.threads} threads"
        return f"{self.workers} sync workers"

    def __enter__(self) -> Server:
        with self.log_path.open("w") as out:
            self.process = subprocess.Popen(
                [*GUNICORN, "sanctions_tracker.wsgi:application"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; log: {self.log_path}")
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /healthz in 60 s; log: {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def get(port: int, path: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


# Clients -------------------------------------------------------------------------------------
@dataclass
class Sample:
    started: float  # time.monotonic()
    seconds: float
    status: int  # 0: no answer (connection refused or reset, timeout)
    content_type: str
    kind: str


@dataclass
class Client:
    """One client thread: requests from ``next_request()`` on a keep-alive connection, one
    after another, until ``stop`` is set; every answer recorded."""

    port: int
    next_request: object  # () -> (kind, method, path, body or None)
    stop: threading.Event
    samples: list[Sample] = field(default_factory=list)

    def run(self) -> None:
        conn = None
        while not self.stop.is_set():
            kind, method, path, body = self.next_request()
            started = time.monotonic()
            status, content_type = 0, ""
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                headers = {"Content-Type": "application/json"} if body else {}
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                while response.read(1 << 16):
                    pass
                status = response.status
                content_type = (response.getheader("Content-Type") or "").split(";")[0]
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)  # refused: do not spin
            self.samples.append(
                Sample(started, time.monotonic() - started, status, content_type, kind)
            )
        if conn is not None:
            conn.close()


def run_clients(port: int, makers: list, seconds: float, during=None) -> list[Sample]:
    """Clients (one per request maker) for ``seconds``; ``during(t0)`` runs meanwhile in the
    calling thread (the fault run stops the database there)."""
    stop = threading.Event()
    clients = [Client(port, maker, stop) for maker in makers]
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    if during is not None:
        during(t0)
    remaining = seconds - (time.monotonic() - t0)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(180)
    return [s for c in clients for s in c.samples]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def statuses(samples: list[Sample]) -> str:
    counts = Counter(
        f"{s.status or 'no answer'}" + (f" {s.content_type}" if s.content_type else "")
        for s in samples
    )
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def publish(report: str, markdown: str | None) -> None:
    print(report)
    if markdown:
        Path(markdown).write_text(report)
        log(f"wrote {markdown}")
