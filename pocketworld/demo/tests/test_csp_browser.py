"""Every main page of the demo world, used as a desk head uses it, under the
Content-Security-Policy: My day, the lists and detail pages, the board with a card dragged,
the dashboard, search as you type, matchmaking, the import wizard, settings with the
second factor's set-up, the API's documentation and (as the administrator) the audit log.
The browser reports each thing the policy blocked; there must be none."""

import pytest
from playwright.sync_api import expect

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.testing import sign_in
from pocketworld.demo.events import MATCHMAKING
from pocketworld.demo.world import DEMO_PASSWORD, load_demo_world
from pocketworld.events.models import Event
from pocketworld.projects.choices import Stage
from pocketworld.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEAD = "neu"  # the Japan Desk's head
ADMINISTRATOR = "admin"
# What the browser blocked, as the page itself learns it (`securitypolicyviolation`).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def demo_world(db):
    load_demo_world(create_users=True)


def test_the_main_pages_run_under_the_policy(page, live_server, demo_world, tmp_path):
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def visit(path):
        page.goto(live_server.url + path)
        expect(page.locator("main, body").first).to_be_visible()

    def assert_none_blocked(where):
        reported = page.evaluate("window.cspViolations || []")
        assert not reported and not blocked, f"{where}: {reported or blocked}"

    sign_in(page, live_server, HEAD, DEMO_PASSWORD)
    assert_none_blocked("My day")

    company = Company.objects.filter(desk__slug="japan").order_by("pk").first()
    person = Person.objects.filter(desk__slug="japan").order_by("pk").first()
    event = Event.objects.get(title=MATCHMAKING)
    for path in (
        "/companies/",
        company.get_absolute_url(),
        "/people/",
        person.get_absolute_url(),
        "/projects/",
        "/interactions/",
        "/reports/",
        "/events/",
        event.get_absolute_url(),
        f"/events/{event.pk}/matchmaking/",
        "/privacy/retention/",
        "/privacy/records/",
        "/change-sets/",
        "/settings/",
        "/settings/second-factor/authenticator/",
        "/api/v1/docs/",
    ):
        visit(path)
        assert_none_blocked(path)
    expect(page.locator(".swagger-ui")).to_be_visible()

    # The board, and a card dragged to the next stage.
    visit("/projects/board/?desk=" + str(company.desk_id))
    card = page.locator(
        f'section.board-column[data-stage="{Stage.LEAD}"] .board-card[draggable="true"]'
    ).first
    card_id = card.get_attribute("id")
    qualified = page.locator(f'section.board-column[data-stage="{Stage.QUALIFIED}"]')
    card.drag_to(qualified, target_position={"x": 30, "y": 30})  # a long column's top
    expect(qualified.locator(f"#{card_id}")).to_be_visible()
    moved = Project.objects.get(pk=card_id.removeprefix("project-"))
    assert moved.stage == Stage.QUALIFIED
    assert_none_blocked("the board")

    # Search as you type, and a suggestion opened from the keyboard.
    box = page.locator("#quick-find")
    box.fill("Toshiba")
    expect(page.locator("#quick-find-list .suggestion").first).to_be_visible()
    box.press("Enter")
    expect(page).not_to_have_url(live_server.url + "/projects/board/")
    assert_none_blocked("the quick find")

    # The language switch submits from its select.
    page.locator("#language-select").select_option("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The import wizard: upload, columns, check.
    path = tmp_path / "fair.csv"
    path.write_bytes(b"Firma;Land\nHitachi Energy Germany AG;Japan\n")
    visit("/imports/")
    page.get_by_label("Records *").select_option("companies")
    page.get_by_label("File *").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("button", name="Check the rows").click()
    expect(page.locator("#import-counts")).to_contain_text("1 rows")
    assert_none_blocked("the import wizard")

    # The audit log, which only an administrator reads.
    page.context.clear_cookies()
    sign_in(page, live_server, ADMINISTRATOR, DEMO_PASSWORD)
    visit("/audit/")
    expect(page.locator("#object-table")).to_be_visible()
    assert_none_blocked("the audit log")
