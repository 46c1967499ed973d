"""An officer marks a project confidential; a colleague on the same desk, outside its team,
then sees only the codename on the board and in the search, and is refused its page."""

import pytest
from playwright.sync_api import expect

from pocketworld.core.choices import DeskRole
from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import (
    CompanyFactory,
    DeskMembershipFactory,
    ProjectFactory,
    UserFactory,
)
from pocketworld.projects.choices import AccessAction
from pocketworld.projects.models import AccessLogEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPANY = "Hoshino Ceramics Europe GmbH"
TITLE = "Hoshino membrane plant in Hilden"


@pytest.fixture
def colleague(japan_desk):
    user = UserFactory(username="leonhardt", first_name="Benjamin", last_name="Leonhardt")
    DeskMembershipFactory(desk=japan_desk, user=user, role=DeskRole.OFFICER)
    return user


def test_a_colleague_sees_only_the_codename(browser, page, live_server, japan_officer, colleague):
    company = CompanyFactory(legal_name=COMPANY, country_id="JP")
    project = ProjectFactory(title=TITLE, company=company, owner=japan_officer)

    # The owner marks the project confidential from its page.
    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Confidential").check()
    page.get_by_label("Codename").fill("Project Falcon")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#confidentiality")).to_contain_text("Project Falcon")
    expect(page.locator("#access-log")).to_contain_text("marked confidential")

    # The colleague on the same desk, in a browser of their own.
    context = browser.new_context(locale="en-GB")
    other = context.new_page()
    sign_in(other, live_server, colleague.username)
    other.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Pipeline"
    ).click()
    card = other.locator(f"#project-{project.pk}")
    expect(card).to_contain_text("Project Falcon")
    expect(card).to_contain_text("confidential, Japan")
    expect(card).not_to_contain_text("Hoshino")
    expect(card.get_by_role("link")).to_have_count(0)  # its page is for the team
    expect(card.locator("form")).to_have_count(0)  # nor may the colleague move it

    # The quick find knows the company, but not that it has this project.
    other.wait_for_load_state()  # the box searches once htmx has bound it
    quick_find = other.get_by_role("combobox", name="Quick find")
    quick_find.fill("Hoshino Ceramics")
    suggestions = other.locator("#quick-find-list")
    expect(suggestions).to_contain_text(COMPANY)
    expect(suggestions).not_to_contain_text("Project Falcon")
    expect(suggestions).not_to_contain_text(TITLE)
    quick_find.fill("Falcon")
    expect(suggestions).to_contain_text("Project Falcon")
    expect(suggestions).not_to_contain_text("Hoshino")
    other.goto(f"{live_server.url}/search/?q=Falcon")
    expect(other.locator("main")).to_contain_text("Project Falcon")
    expect(other.locator("main")).not_to_contain_text("Hoshino")

    # Its page is refused with the reason, and the refusal is recorded for the owner.
    response = other.goto(f"{live_server.url}{project.get_absolute_url()}")
    assert response.status == 403
    expect(other.locator("#refusal")).to_contain_text("Project Falcon is confidential")
    context.close()
    refused = AccessLogEntry.objects.filter(action=AccessAction.REFUSED)
    assert set(refused.values_list("project", "user")) == {(project.pk, colleague.pk)}
