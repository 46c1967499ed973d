"""An officer's day: move projects on the board, log an aftercare visit with a follow-up,
and find that follow-up on "My day"."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory, ProjectFactory
from pocketworld.interactions.models import Interaction, Task
from pocketworld.projects.choices import Stage
from pocketworld.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def column(page, stage):
    return page.locator(f'section.board-column[data-stage="{stage}"]')


def test_officer_moves_projects_on_the_board(page, live_server, japan_officer, japan_desk):
    by_menu = ProjectFactory(owner=japan_officer, title="Komatsu training centre")
    by_drag = ProjectFactory(owner=japan_officer, title="Epson service hub")
    sign_in(page, live_server, japan_officer.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Pipeline"
    ).click()
    expect(column(page, "lead").locator(".board-card")).to_have_count(2)

    # From the keyboard: the card's stage menu and its Move button.
    card = page.locator(f"#project-{by_menu.pk}")
    card.get_by_label("Move Komatsu training centre to").select_option("qualified")
    card.get_by_role("button", name="Move").click()
    expect(column(page, "qualified").locator(f"#project-{by_menu.pk}")).to_be_visible()

    # With the mouse: drag the other card onto the next column.
    page.locator(f"#project-{by_drag.pk}").drag_to(column(page, "qualified"))
    expect(column(page, "qualified").locator(".board-card")).to_have_count(2)
    expect(column(page, "lead").locator(".board-card")).to_have_count(0)
    assert set(Project.objects.values_list("stage", flat=True)) == {Stage.QUALIFIED}
    assert by_drag.stage_changes.first().changed_by == japan_officer


def test_aftercare_visit_with_follow_up_shows_on_my_day(
    page, live_server, japan_officer, japan_desk
):
    company = CompanyFactory(legal_name="Asahi Kasei Europe GmbH", status="settled")
    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{company.get_absolute_url()}")
    page.get_by_role("link", name="Log interaction").click()

    page.get_by_label("Kind").select_option("aftercare_visit")
    page.get_by_label("Subject").fill("Annual aftercare visit")
    page.get_by_label("The company's plans").select_option("expand")
    page.get_by_label("Space").check()
    page.get_by_label("Skilled workers").check()
    page.get_by_label("Satisfaction with the location").select_option("4")
    page.get_by_label("Notes").fill("Plans a **second lab** in 2027.")
    page.get_by_label("follow-up", exact=True).fill("Send lab space offers")
    page.get_by_label("Follow-up due on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#aftercare")).to_contain_text("expand")
    expect(page.locator(".notes strong")).to_have_text("second lab")
    visit = Interaction.objects.get(subject="Annual aftercare visit")
    assert visit.needs == ["space", "skilled_workers"] and visit.satisfaction == 4

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My day"
    ).click()
    tasks = page.locator("#my-tasks")
    expect(tasks).to_contain_text("Send lab space offers")
    tasks.get_by_role("button", name="Done").click()
    expect(tasks.locator("del")).to_have_text("Send lab space offers")
    assert Task.objects.get(interaction=visit).status == "done"
