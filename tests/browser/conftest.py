"""Browser tests: Playwright for Python driving Debian's Chromium.

The browser is the machine's own (``/usr/bin/chromium``, from Debian's ``chromium``
package; ``.ci/run`` installs it when missing). Playwright never downloads a browser here:
it is launched with ``executable_path``. Without Chromium these tests are skipped, unless
``REQUIRE_SERVICES=1`` (as in ``.ci/run``), which makes a missing browser an error.

Fixtures:

- ``browser``: one Chromium for the whole run.
- ``page``: a fresh browser context (1280×900) per test; when the test fails, a screenshot
  of the page is saved under ``test-artifacts/`` (named after the test).
- ``phone_page``: the same at a 390-px phone width.
- ``login(page, user)``: signs ``user`` in through the real login form (``/admin/login/``)
  — the way a person does — with the password every test factory user has, then, for a
  role that needs it, the code of an authenticator app.
- ``shoot(page, name)``: saves a screenshot as a test artifact, for the pages we look at.

The Django server is pytest-django's ``live_server`` (a real threaded server on
127.0.0.1), so a browser test module starts with

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

and creates its data (through the services and factories) before the page loads; the
editorial roles are put back before each test (``tests/conftest.py``).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    # The machine has no outside network: without these Chromium keeps dialling out.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TEST_PASSWORD = "pw"  # tests.articles.factories.UserFactory gives every user this one


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or Path(CHROMIUM).exists():
        return
    reason = f"browser: Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        raise pytest.UsageError(f"REQUIRE_SERVICES=1 but {reason}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread while the browser is
    # open; Django's ORM would refuse to run there ("You cannot call this from an async
    # context") although nothing here is async. Allowed only while the browser is open.
    mp = pytest.MonkeyPatch()
    mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    mp.undo()


def _page(request, browser, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    # A page's last requests (the editing presence's "leave", sent on pagehide) must reach
    # the server while the test's database is still there: leave the page with the context
    # open, close it, then let the server finish what it is answering. Otherwise a late
    # request can hold locks while the database is emptied for the next test.
    if not page.is_closed():
        page.goto("about:blank")
    context.close()
    _wait_for_server_requests()


def _wait_for_server_requests(timeout: float = 10.0) -> None:
    """Wait until the live server is answering no request (its threads have ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        if not busy:
            return
        time.sleep(0.05)


@pytest.fixture
def page(request, browser, live_server):
    yield from _page(request, browser, DESKTOP)


@pytest.fixture
def phone_page(request, browser, live_server):
    yield from _page(request, browser, PHONE)


@pytest.fixture
def login(live_server):
    """Sign a user in through the login form, as a person does."""

    def sign_in(page, user, password: str = TEST_PASSWORD):
        from accounts.verification import second_factor_required
        from tests.accounts.signing_in import authenticator, fresh_code

        device = authenticator(user) if second_factor_required(user) else None
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if device is not None and "/accounts/two-step/" in page.url:
            # The code from the person's authenticator app (the board and admins need one).
            page.get_by_label("Code").fill(fresh_code(device))
            page.get_by_role("button", name="Verify").click()
            page.wait_for_load_state()

    return sign_in


@pytest.fixture
def shoot():
    """Save a screenshot as a test artifact (``test-artifacts/<name>.png``)."""

    def save(page, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


def no_sideways_scroll(page) -> bool:
    """True when the page is no wider than its window (nothing to scroll sideways to)."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
