#!/usr/bin/env python
"""Benchmark: the analyst's workspace pages (issue 12) served by gunicorn on PostgreSQL with
the full SDN list, timed one request after another beside a bare request, and fed damaged
input.

    scripts/with-postgres.sh .venv/bin/python bench/workspace_pages.py [--markdown PATH] \\
        [--requests 20] [--budget 40] [--profile-over 1.0]

Set-up (timed, not measured): the full SDN list (``build_full_sdn.py``, ``import_list
ofac-sdn``), then ``load_seed`` and the UN and UK samples on top; a superuser and a staff
member of group ``readers``; an entity given 200 related entities within two hops (20
neighbours, 9 more behind each); 200 open proposed matches when the imports made none.

Measured, with gunicorn (``gunicorn.conf.py``'s defaults) serving and sessions signed in
through ``/admin/login/`` as a browser does: each page ``--requests`` times in a row on one
keep-alive connection (fewer when a page has used ``--budget`` seconds, at least 5), its
first request (cold) apart; median, p95, bytes. Beside them, in the same run, ``/healthz``
(no database) and ``/api/v1/`` (the API root). Each page's SQL statements and in-process
time are counted in a separate process with Django's test client; a page slower than
``--profile-over`` seconds there gets a short profile. Then damaged input through the same
server: every status, and what the answer says. The report (Markdown) goes to standard
output and ``--markdown``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    PYTHON,
    ROOT,
    SdnDatabase,
    Server,
    _dsn,
    log,
    percentile,
    publish,
    server_env,
    table,
)

BODIES = "US-OFAC,UN-SC,UK-OFSI,US-DOS"
SEED_NDC_UID = "b074bc4a-a053-43f2-a448-49f380a45ae8"  # fixtures/seed_article.json
HUB_INNER, HUB_OUTER = 20, 9  # 20 + 20 * 9 = 200 related entities within two hops
PROPOSALS = 200
ADMIN, READER = "bench-admin", "bench-reader"


# Set-up in Django (a worker process) ---------------------------------------------------------
def prepare() -> dict:
    """Users, the 200-entity neighbourhood, proposals; what the pages need (ids, names)."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.db.models import Count, Q

    from entities.choices import RelationshipKind
    from entities.models import Entity, Relationship
    from importer.models import ImportRun, ProposedMatch

    password = os.environ["BENCH_PASSWORD"]
    User.objects.create_superuser(ADMIN, "admin@bench.invalid", password)
    reader = User.objects.create_user(READER, "reader@bench.invalid", password, is_staff=True)
    reader.groups.add(Group.objects.get(name="readers"))

    ndc = Entity.objects.filter(uid=SEED_NDC_UID).values_list("pk", "name").first()
    most = (
        Entity.objects.annotate(
            links=Count("relationships_out", distinct=True)
            + Count("relationships_in", distinct=True)
        )
        .order_by("-links", "pk")
        .values_list("pk", "name", "links")
        .first()
    )
    # The neighbourhood: entities with no relationship at all, so that it is exactly 200.
    loose = list(
        Entity.objects.filter(relationships_out__isnull=True, relationships_in__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: 1 + HUB_INNER * (1 + HUB_OUTER)]
    )
    hub, inner, outer = loose[0], loose[1 : 1 + HUB_INNER], loose[1 + HUB_INNER :]
    kinds = [k for k in RelationshipKind.values if k != RelationshipKind.OTHER]
    with transaction.atomic():
        n = 0
        for i, pk in enumerate(inner):
            Relationship.objects.create(subject_id=hub, object_id=pk, kind=kinds[i % len(kinds)])
            for j in range(HUB_OUTER):
                Relationship.objects.create(
                    subject_id=pk, object_id=outer[n], kind=kinds[(i + j) % len(kinds)]
                )
                n += 1
    hub_name = Entity.objects.get(pk=hub).name

    made = 0
    if not ProposedMatch.objects.exists():
        run = ImportRun.objects.order_by("-pk").first()
        pool = list(Entity.objects.order_by("pk").values_list("pk", "name")[: PROPOSALS * 3])
        with transaction.atomic():
            for i in range(PROPOSALS):
                created, *candidates = pool[i * 3 : i * 3 + 3]
                proposal = ProposedMatch.objects.create(
                    run=run,
                    source=run.source,
                    reference=f"BENCH-{i + 1}",
                    name=created[1],
                    created_entity_id=created[0],
                    created_id=created[0],
                    reason="benchmark: several candidates share the name",
                )
                proposal.candidates.set([c[0] for c in candidates])
                made += 1
    proposal = ProposedMatch.objects.order_by("pk").values_list("pk", flat=True).first()

    # Names to screen: the seed's NDC, an individual, a vessel of the list.
    def a_name(**filters) -> str:
        return Entity.objects.filter(**filters).order_by("pk").values_list("name", flat=True)[0]

    names = [ndc[1] if ndc else a_name(kind="organization")]
    names += [a_name(kind="person"), a_name(kind="vessel")]
    typo_source = a_name(kind="person", name__regex=r"^[A-Za-z ,]{20,}$")
    typo = _typo(typo_source)
    exact = Entity.objects.filter(
        Q(name__icontains=typo) | Q(aliases__name__icontains=typo)
    ).exists()
    return {
        "ndc": list(ndc) if ndc else None,
        "most": list(most),
        "hub": [hub, hub_name, len(inner) + len(outer)],
        "proposal": proposal,
        "proposals_made": made,
        "proposals": ProposedMatch.objects.count(),
        "names": names,
        "typo": [typo_source, typo, exact],
        "entities": Entity.objects.count(),
        "relationships": Relationship.objects.count(),
        "missing": (Entity.objects.order_by("-pk").values_list("pk", flat=True)[0]) + 1000,
    }


def _typo(name: str) -> str:
    """The name with one letter of its longest word changed (a to e, else o)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    middle = len(word) // 2
    letter = word[middle]
    swapped = "e" if letter.lower() != "e" else "o"
    swapped = swapped.upper() if letter.isupper() else swapped
    words[longest] = word[:middle] + swapped + word[middle + 1 :]
    return " ".join(words)


# The pages -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    label: str
    path: str
    user: str | None = ADMIN  # None: no session


def pages(prep: dict) -> list[Page]:
    ndc, most, hub = prep["ndc"], prep["most"], prep["hub"]
    dossier = "/admin/workspace/entities/{}/dossier/"
    out = [
        Page("bare: /healthz (no database)", "/healthz", None),
        Page("bare: API root /api/v1/", "/api/v1/"),
        Page("admin start page", "/admin/"),
    ]
    subjects = [
        ("NDC (seed)", ndc[0] if ndc else None),
        (f"most relationships ({most[2]})", most[0]),
        (f"{hub[2]} related within two hops", hub[0]),
    ]
    for label, pk in subjects:
        if pk is None:
            continue
        out.append(Page(f"dossier: {label}", dossier.format(pk)))
        for table_name in ("timeline", "relationships"):
            out.append(
                Page(
                    f"dossier {table_name}.csv: {label}",
                    dossier.format(pk) + f"?download={table_name}.csv",
                )
            )
    out += [
        Page("compare page, 4 bodies", f"/admin/workspace/compare/?bodies={BODIES}"),
        Page("compare API JSON", f"/api/v1/compare/?bodies={BODIES}"),
        Page("compare API CSV", f"/api/v1/compare/?bodies={BODIES}&format=csv"),
    ]
    for name in prep["names"]:
        out.append(
            Page(f"screening: {name[:40]}", "/admin/workspace/screening/?name=" + quote(name))
        )
    out += [
        Page(
            f"entity search, typo: {prep['typo'][1][:40]}",
            "/admin/entities/entity/?q=" + quote(prep["typo"][1]),
        ),
        Page("proposed-match changelist", "/admin/importer/proposedmatch/"),
    ]
    return out


def count_queries(prep: dict) -> dict:
    """Each page once in-process (Django's test client, signed in): SQL statements and time
    of a second request (the first warms the screening index); a profile of slow ones."""
    import cProfile
    import io
    import pstats

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for username in (ADMIN,):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    clients[None] = Client()
    found = {}
    for page in pages(prep):
        client = clients[page.user]
        _consume(client.get(page.path))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page.path)
            _consume(response)
            seconds = time.perf_counter() - started
        entry = {"queries": len(queries), "seconds": seconds, "status": response.status_code}
        if seconds > float(os.environ["BENCH_PROFILE_OVER"]):
            profile = cProfile.Profile()
            profile.enable()
            _consume(client.get(page.path))
            profile.disable()
            text = io.StringIO()
            stats = pstats.Stats(profile, stream=text).sort_stats("cumulative")
            stats.print_stats(
                r"(workspace|entities|events|screening|importer|sanctions_tracker|"
                r"django/db/models/sql/compiler|django/template/base)",
                14,
            )
            entry["profile"] = _trim_profile(text.getvalue())
        found[page.path] = entry
    return found


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    root = str(ROOT) + "/"
    return "\n".join(line.replace(root, "") for line in lines[start:] if line.strip())


def worker(mode: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctions_tracker.settings")
    if mode == "prepare":
        print(json.dumps(prepare()))
        return
    result = count_queries(json.loads(os.environ["BENCH_PREP"]))
    print(json.dumps(result))


def run_worker(env: dict, mode: str, extra: dict | None = None) -> dict:
    done = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--worker", mode],
        cwd=ROOT,
        env={**env, **(extra or {})},
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# A browser-like client -------------------------------------------------------------------------
@dataclass
class Session:
    """A keep-alive connection with cookies, signed in through /admin/login/."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, headers, body bytes, seconds)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # the server closed an idle keep-alive connection
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
            return response.status, response.msg, data, seconds
        raise AssertionError("unreachable")

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str], files=None):
        """A multipart POST with the CSRF token, as the admin's forms send."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        boundary = "bench" + secrets.token_hex(8)
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, content_type) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body, headers)

    def login(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        status, _, body, _ = self.post_form(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in {username} failed: {status} {body[:300]!r}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# Measuring -------------------------------------------------------------------------------------
@dataclass
class Timing:
    page: Page
    cold: float
    seconds: list[float]
    statuses: set[int]
    size: int


def time_page(session: Session, page: Page, requests: int, budget: float) -> Timing:
    status, _, body, cold = session.get(page.path)
    statuses, seconds, size = {status}, [], len(body)
    started = time.perf_counter()
    while len(seconds) < requests:
        if len(seconds) >= 5 and time.perf_counter() - started > budget:
            break
        status, _, body, took = session.get(page.path)
        statuses.add(status)
        seconds.append(took)
        size = len(body)
    return Timing(page, cold, seconds, statuses, size)


@dataclass(frozen=True)
class Probe:
    label: str
    method: str
    path: str
    expect: int
    user: str | None = ADMIN
    fields: dict | None = None
    files: dict | None = None
    look_for: str = ""  # a text the answer should hold (the parameter it names)


def probes(prep: dict) -> list[Probe]:
    ndc = prep["ndc"][0] if prep["ndc"] else prep["most"][0]
    dossier = f"/admin/workspace/entities/{ndc}/dossier/"
    page, api = "/admin/workspace/compare/", "/api/v1/compare/"
    absurd_name = "A" * 5000  # past gunicorn's request line limit (4094): 414 before Django
    long_name = "Mohammed+" * 420  # 3,780 characters (the + a space): within it
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    out = [
        Probe(
            "dossier of a missing id",
            "GET",
            f"/admin/workspace/entities/{prep['missing']}/dossier/",
            404,
        ),
        Probe(
            "dossier of an id past bigint",
            "GET",
            "/admin/workspace/entities/99999999999999999999999/dossier/",
            404,
        ),
        Probe(
            "dossier ?download=nope.csv",
            "GET",
            dossier + "?download=nope.csv",
            400,
            look_for="download",
        ),
        Probe(
            "dossier ?download= with a NUL",
            "GET",
            dossier + "?download=%00",
            400,
            look_for="download",
        ),
        Probe("dossier read by a reader", "GET", dossier, 200, user=READER),
    ]
    compare_cases = [
        ("one body", "bodies=US-OFAC", "bodies"),
        ("an unknown body", "bodies=US-OFAC,XX-NOPE", "bodies"),
        ("a body with a NUL", "bodies=US-OFAC,UN-SC%00", "bodies"),
        ("page=999999", f"bodies={BODIES}&page=999999", "page"),
        ("kind=planet", f"bodies={BODIES}&kind=planet", "kind"),
        ("country=XX", f"bodies={BODIES}&country=XX", "country"),
        ("active_only=maybe", f"bodies={BODIES}&active_only=maybe", "active_only"),
        ("programme=NOPE", f"bodies={BODIES}&programme=NOPE", "programme"),
        ("a programme with a NUL", f"bodies={BODIES}&programme=SDGT%00", "programme"),
        ("an unknown parameter", f"bodies={BODIES}&colour=red", "colour"),
    ]
    for label, query, name in compare_cases:
        # The page shows its form with the error (200) or refuses (400); the API: 400 naming it.
        out.append(Probe(f"compare page, {label}", "GET", f"{page}?{query}", 0, look_for=name))
        expect = 404 if name == "page" else 400
        out.append(Probe(f"compare API, {label}", "GET", f"{api}?{query}", expect, look_for=name))
    out.append(
        Probe(
            "compare API CSV, kind=planet",
            "GET",
            f"{api}?bodies={BODIES}&kind=planet&format=csv",
            400,
            look_for="kind",
        )
    )
    screening = "/admin/workspace/screening/"
    out += [
        Probe("screening, empty name", "GET", f"{screening}?name=", 200, look_for="name"),
        Probe(
            "screening, birth date 99999-99-99",
            "GET",
            f"{screening}?name=Ali&birth_date=99999-99-99",
            200,
            look_for="birth",
        ),
        Probe(
            "screening, birth date 2024-02-30",
            "GET",
            f"{screening}?name=Ali&birth_date=2024-02-30",
            200,
            look_for="birth",
        ),
        Probe("screening, 5,000-character name", "GET", f"{screening}?name={absurd_name}", 414),
        Probe(
            "screening, 3,780-character name",
            "GET",
            f"{screening}?name={long_name}",
            200,
            look_for="name",
        ),
        Probe(
            "screening, name with a NUL", "GET", f"{screening}?name=Ali%00", 200, look_for="name"
        ),
        Probe(
            "screening, country=Pakistan",
            "GET",
            f"{screening}?name=Ali&country=Pakistan",
            200,
            look_for="country",
        ),
        Probe(
            "screening upload, a PNG as CSV",
            "POST",
            screening,
            200,
            files={"csv-file": ("names.csv", png, "text/csv")},
            look_for="file",
        ),
        Probe("screening upload, no file", "POST", screening, 200, fields={}, look_for="file"),
        Probe("API match, 5,000-character name", "GET", f"/api/v1/match/?name={absurd_name}", 414),
        Probe(
            "API match, 3,780-character name",
            "GET",
            f"/api/v1/match/?name={long_name}",
            400,
            look_for="name",
        ),
        Probe(
            "API match POST, 5,000-character name",
            "POST_JSON",
            "/api/v1/match/",
            400,
            user=None,
            fields={"queries": [{"name": "A" * 5000}]},
            look_for="name",
        ),
        Probe(
            "entity search, 5,000 characters",
            "GET",
            f"/admin/entities/entity/?q={absurd_name}",
            414,
        ),
        Probe(
            "entity search, 3,780 characters", "GET", f"/admin/entities/entity/?q={long_name}", 200
        ),
        Probe("entity search with a NUL", "GET", "/admin/entities/entity/?q=Ali%00", 200),
        Probe(
            "proposed-match search with a NUL", "GET", "/admin/importer/proposedmatch/?q=X%00", 200
        ),
        Probe(
            "reader POSTs a decision on a proposed match",
            "POST",
            f"/admin/importer/proposedmatch/{prep['proposal']}/change/",
            403,
            user=READER,
            fields={"reason": "bench: a reader may not decide", "confirm_new": "1"},
        ),
    ]
    return out


def run_probe(session: Session, probe: Probe) -> tuple[int, str]:
    if probe.method == "GET":
        status, headers, body, _ = session.get(probe.path)
    elif probe.method == "POST_JSON":
        status, headers, body, _ = session.request(
            "POST",
            probe.path,
            json.dumps(probe.fields).encode(),
            {"Content-Type": "application/json"},
        )
    else:
        status, headers, body, _ = session.post_form(probe.path, probe.fields or {}, probe.files)
    return status, _what_it_says(status, headers, body, probe.look_for)


def _what_it_says(status: int, headers, body: bytes, look_for: str) -> str:
    """A short text: the JSON error, the page's error list, or the first line of text."""
    text = body.decode("utf-8", "replace")
    kind = (headers.get("Content-Type") or "").split(";")[0]
    if kind == "application/json":
        try:
            data = json.loads(text)
        except ValueError:
            return text[:160]
        if isinstance(data, dict) and status >= 400:
            return json.dumps(data, ensure_ascii=False)[:200]
        return f"JSON ({len(body):,} bytes)"
    if kind == "text/html":
        import html

        # Django 5.2 gives a field's error list the id "id_<field>_error".
        errors = re.findall(r'<ul class="errorlist[^"]*"([^>]*)>(.*?)</ul>', text, re.S)
        notes = re.findall(r'<li class="(?:info|warning|error)">(.*?)</li>', text, re.S)
        found = []
        for attributes, items in errors:
            field_id = re.search(r'id="id_(.+?)_error"', attributes)
            found.append((f"{field_id.group(1)}: " if field_id else "") + items)
        found += notes
        words = " / ".join(
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", f)).split()) for f in found
        )
        if words:
            return words[:220]
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        return f"page: {' '.join(html.unescape(title.group(1)).split())}" if title else "page"
    return " ".join(text.split())[:200] or kind


def _visible(text: str) -> str:
    """Control characters (a NUL echoed back) written as escapes, pipes escaped: a table cell."""
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return text.replace("|", "\\|")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def manage(env: dict, *args: str) -> tuple[bool, float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return done.returncode == 0, time.perf_counter() - started, (said[-1] if said else "")


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--budget", type=float, default=40, help="seconds per page at most")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument(
        "--profile-over", type=float, default=1.0, help="profile pages slower (s, in-process)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return
    started = time.perf_counter()
    load_before = load_average()
    database = SdnDatabase().create()
    try:
        env = server_env(database.url, {"ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})
        password = secrets.token_urlsafe(16)
        env["BENCH_PASSWORD"] = password
        # As the Dockerfile does: with DEBUG off, pages need the static files' manifest.
        ok, _, said = manage(env, "collectstatic", "--noinput", "-v0")
        if not ok:
            raise SystemExit(f"collectstatic failed: {said}")
        loads = []
        for label, command in (
            ("load_seed", ["load_seed"]),
            ("UN sample", ["import_list", "un-sc", "tests/data/un/un-consolidated-sample.xml"]),
            ("UK sample", ["import_list", "uk-ofsi", "tests/data/uk/conlist-sample.csv"]),
        ):
            log(f"{label} on top")
            loads.append((label, *manage(env, *command)))
        log("users, a 200-entity neighbourhood, proposals")
        prep = run_worker(env, "prepare")
        analyze(database.url)
        log("counting queries in-process")
        counted = run_worker(
            env,
            "queries",
            {"BENCH_PREP": json.dumps(prep), "BENCH_PROFILE_OVER": str(args.profile_over)},
        )
        with Server(database.url, workers=2, threads=4, env={}) as server:
            sessions = {None: Session(server.port)}
            for username in (ADMIN, READER):
                sessions[username] = Session(server.port)
                sessions[username].login(username, password)
            load_during = load_average()
            timings = []
            for page in pages(prep):
                log(f"timing {page.label}")
                timings.append(time_page(sessions[page.user], page, args.requests, args.budget))
            log("damaged input")
            checked = [(p, *run_probe(sessions[p.user], p)) for p in probes(prep)]
            load_after = load_average()
            server_log = server.log_text()
            label = server.label
        for session in sessions.values():
            session.close()
        report = render(
            args,
            database,
            loads,
            prep,
            counted,
            timings,
            checked,
            server_log,
            label,
            (load_before, load_during, load_after),
            time.perf_counter() - started,
        )
        publish(report, args.markdown)
    finally:
        database.drop()


def render(
    args, database, loads, prep, counted, timings, checked, server_log, label, loads_seen, total
) -> str:
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", ".") else ""
    pg = pg_version(database.url)
    out = [
        f"Commit `{commit}`{dirty}; {os.cpu_count()} CPUs; {pg}; gunicorn `{label}` "
        "(gunicorn.conf.py's defaults), DEBUG off. Load average (1/5/15 min): before "
        f"{loads_seen[0]}, when timing began {loads_seen[1]}, at the end {loads_seen[2]}. "
        f"Whole run {total:.0f} s.",
        "",
        f"Data: the full SDN list, {database.entities:,} entities (import "
        f"{database.import_seconds:.0f} s), then on top: "
        + "; ".join(
            f"{name} {'loaded' if ok else 'REFUSED'} ({secs:.0f} s: {said[:120]})"
            for name, ok, secs, said in loads
        )
        + f". In all {prep['entities']:,} entities, {prep['relationships']:,} relationships, "
        f"{prep['proposals']:,} proposed matches"
        + (
            f" ({prep['proposals_made']} made by the benchmark: the imports made none)"
            if prep["proposals_made"]
            else ""
        )
        + ".",
        "",
        f"Dossiers: NDC of the seed = entity {prep['ndc'][0] if prep['ndc'] else '-'}; most "
        f"relationships = entity {prep['most'][0]} ({prep['most'][1]}, {prep['most'][2]} "
        f"relationships); the neighbourhood = entity {prep['hub'][0]} ({prep['hub'][1]}) with "
        f"{prep['hub'][2]} related entities within two hops ({HUB_INNER} x {HUB_OUTER}). "
        f"Typo search: `{prep['typo'][1]}` for `{prep['typo'][0]}` (exact search finds it: "
        f"{'yes' if prep['typo'][2] else 'no'}).",
        "",
        f"### Timings: {args.requests} requests in a row per page (at most {args.budget:.0f} s), "
        "one keep-alive connection, signed in as a superuser",
        "",
        "`cold`: the page's first request (a fresh worker builds its screening index then). "
        "`SQL`, `in-process ms`: one request through Django's test client in a separate "
        "process (no HTTP, no gunicorn).",
        "",
    ]
    rows = []
    for t in timings:
        seen = counted.get(t.page.path, {})
        rows.append(
            [
                t.page.label,
                ", ".join(str(s) for s in sorted(t.statuses)),
                str(len(t.seconds)),
                ms(t.cold),
                ms(statistics.median(t.seconds)),
                ms(percentile(t.seconds, 95)),
                f"{t.size:,}",
                str(seen.get("queries", "-")),
                ms(seen["seconds"]) if "seconds" in seen else "-",
            ]
        )
    out += table(
        ["page", "status", "n", "cold ms", "median ms", "p95 ms", "bytes", "SQL", "in-process ms"],
        rows,
    )
    paths = {t.page.path: t.page.label for t in timings}
    slow = [(path, entry) for path, entry in counted.items() if "profile" in entry]
    for path, entry in slow:
        out += [
            "",
            f"Profile of `{paths.get(path, path)}` (in-process, "
            f"{ms(entry['seconds'])} ms, cumulative):",
            "",
            "```",
            entry["profile"],
            "```",
        ]
    out += ["", "### Damaged input (same server)", ""]
    rows = []
    failures = 0
    for probe, status, said in checked:
        expected = probe.expect or "200 or 400"
        ok = status == probe.expect if probe.expect else status in (200, 400)
        named = not probe.look_for or probe.look_for.lower() in said.lower()
        failures += status >= 500
        rows.append(
            [
                probe.label,
                f"`{probe.method.split('_')[0]} {_short_path(probe.path)}`"
                + (" (reader)" if probe.user == READER else ""),
                str(expected),
                f"**{status}**" if not ok else str(status),
                ("yes" if named else "**no**") if probe.look_for else "",
                _visible(said) or "-",
            ]
        )
    out += table(["input", "request", "expected", "status", "names it", "what it says"], rows)
    logged = [line for line in server_log.splitlines() if "Internal Server Error" in line]
    exceptions = [
        line for line in server_log.splitlines() if re.match(r"^[\w.]+(Error|Exception): ", line)
    ]
    out += [
        "",
        f"5xx answers: {failures}. Server errors in the server log: {len(logged)}.",
        "",
    ]
    if logged:
        out += ["```", *logged, *dict.fromkeys(exceptions), "```", ""]
    return "\n".join(out)


def _short_path(path: str) -> str:
    return path if len(path) <= 90 else path[:60] + f"…({len(path):,} characters)"


def pg_version(url: str) -> str:
    import psycopg

    with psycopg.connect(_dsn(url)) as conn:
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]


if __name__ == "__main__":
    main()
