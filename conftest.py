"""Personas and the little world they work in, shared by every app's tests.

The Japan desk covers Japan, the India desk India; records "of the Japan desk" are what
the Japan officer may change and the India officer may only read.
"""

import os

import pytest

from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.models import Country
from pocketworld.core.services import load_reference_data
from pocketworld.core.tests.factories import (
    DeskCoverageFactory,
    DeskFactory,
    DeskMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.LANGUAGE_CODE = "en"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def japan_desk(db):
    desk = DeskFactory(name="Japan Desk", slug="japan")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="JP"))
    return desk


@pytest.fixture
def india_desk(db):
    desk = DeskFactory(name="India Desk", slug="india")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="IN"))
    return desk


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def director(db):
    return UserFactory(username="klerks", role=Role.DIRECTOR)


@pytest.fixture
def japan_officer(japan_desk):
    user = UserFactory(username="neu")
    DeskMembershipFactory(desk=japan_desk, user=user, role=DeskRole.OFFICER)
    return user


@pytest.fixture
def japan_assistant(japan_desk):
    user = UserFactory(username="assistant")
    DeskMembershipFactory(desk=japan_desk, user=user, role=DeskRole.ASSISTANT)
    return user


@pytest.fixture
def india_officer(india_desk):
    user = UserFactory(username="froehlich")
    DeskMembershipFactory(desk=india_desk, user=user, role=DeskRole.OFFICER)
    return user


@pytest.fixture
def partner_viewer(db):
    return UserFactory(username="partner", role=Role.PARTNER_VIEWER)


@pytest.fixture
def anonymous():
    return None


PERSONAS = [
    "administrator",
    "director",
    "japan_officer",
    "japan_assistant",
    "india_officer",
    "partner_viewer",
    "anonymous",
]


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _reference_data_for_live_server(request):
    """A live-server test runs on a flushed database: bring the reference data back.

    (Serialized rollback cannot: under Playwright's event loop Django hands out other
    connection objects, which lack the serialized copy.)
    """
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        load_reference_data()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}; make test installs it."
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test body are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """After a fuzz run: cases sent and server errors met, per kind and persona."""
    from pocketworld.demo.tests.fuzzing import SUMMARY_PROPERTY

    totals = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, counts in getattr(report, "user_properties", ()):
                if name == SUMMARY_PROPERTY:
                    key = (counts["kind"], counts["persona"])
                    total = totals.setdefault(key, {"cases": 0, "server_errors": 0, "tests": 0})
                    total["cases"] += counts["cases"]
                    total["server_errors"] += counts["server_errors"]
                    total["tests"] += 1
    if totals:
        terminalreporter.section("fuzz")
        for (kind, persona), total in sorted(totals.items()):
            terminalreporter.line(
                f"{kind} as {persona}: {total['cases']} cases in {total['tests']} tests, "
                f"{total['server_errors']} server errors"
            )
