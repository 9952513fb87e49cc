"""Browser tests: Playwright driving Debian's Chromium against a live server of the app.

The browser is the machine's own (``CHROMIUM_PATH``, default /usr/bin/chromium), never one
Playwright downloads; `make test` installs Debian's package when it can
(scripts/ensure-chromium.sh). A missing browser fails the run with what to do rather than
skipping: a skipped suite proves nothing. A failing test leaves a screenshot and the page's HTML in
``test-results/browser/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from screening.index import reset_indexes
from tests.transactional import restore_data_migrations

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results" / "browser"
# The README's pictures: taken by the tests of the pages they show, into test-results/ on every
# run, into docs/screenshots/ through `make screenshots` (SCREENSHOTS_DIR).
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-results" / "screenshots")
# As the machine's probe starts it: no sandbox (root in CI), and no background connections,
# which a closed network refuses many at a time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 1366, 900  # the laptop window

pytestmark = pytest.mark.browser


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium; `make test` does it as root) or set CHROMIUM_PATH.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's guard against ORM
    # calls from async code would then refuse the tests' own set-up queries. Module scope: the
    # loop and the variable are gone before the tests of other modules run (a subprocess
    # inheriting the variable fails `check --deploy`).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def seeded(transactional_db, media_root):
    """The seed of `make run`, as a user of the app finds it: the rows of the data migrations
    (measures, groups), which an earlier test's flush removed, then the seed. The screening
    index is this process's, shared with the live server: it starts over too."""
    restore_data_migrations()
    reset_indexes()  # the live server's screening index, built over an earlier test's rows
    call_command("load_seed", verbosity=0)


@pytest.fixture
def ndc(seeded):
    """The seed plus the OFAC excerpt naming the National Development Complex."""
    call_command("import_list", "ofac-sdn", str(settings.BASE_DIR / "tests/data/ofac/ndc-excerpt"))


def _new_page(browser, live_server, request, user=None):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        base_url=live_server.url,
        accept_downloads=True,
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "domain": host,
                    "path": "/",
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _keep_evidence(request, page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    (RESULTS / f"{name}.html").write_text(page.content(), encoding="utf-8")


@pytest.fixture
def open_page(browser, live_server, request):
    """``open_page(user)``: a 1366 px wide page, signed in as ``user`` (or not, with None)."""
    opened = []

    def make(user=None):
        context, page = _new_page(browser, live_server, request, user)
        opened.append((context, page))
        return page

    yield make
    for context, page in opened:
        try:
            _keep_evidence(request, page)
        finally:
            context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    directory = SCREENSHOTS if SCREENSHOTS.is_absolute() else ROOT / SCREENSHOTS
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def analyst_page(open_page, superuser):
    return open_page(superuser)


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than its window (0: no horizontal scrolling)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def readme_screenshot(page, path: Path, height: int = 1400) -> None:
    """The top of the page (at most ``height`` px of it) as the README shows it."""
    full = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": min(full, height)}
    page.screenshot(path=str(path), full_page=True, clip=clip)
