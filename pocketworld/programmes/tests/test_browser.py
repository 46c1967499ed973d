"""An officer sets up a programme: its kind, period and desk, then a cohort and a goal, and
finds it in the list of programmes."""

import pytest
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_sets_up_a_programme_with_a_cohort_and_a_goal(
    page, live_server, japan_officer, japan_desk
):
    sign_in(page, live_server, japan_officer.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Programmes"
    ).click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Kind").select_option("startup_acceleration")
    page.get_by_label("Name").fill("Global Acceleration Hub")
    page.get_by_label("First day").fill("2026-04-01")
    page.get_by_label("Japan Desk").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Global Acceleration Hub")

    page.get_by_role("link", name="Add cohort").click()
    page.get_by_label("Name").fill("Future Tech Fest cohort")
    page.get_by_label("First day").fill("2026-03-15")  # before the programme
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The programme starts later.")).to_be_visible()
    page.get_by_label("First day").fill("2026-10-05")
    page.get_by_label("Last day").fill("2026-11-27")
    page.get_by_label("Places").fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#cohort-table")).to_contain_text("Future Tech Fest cohort")

    page.get_by_role("link", name="Add goal").click()
    page.get_by_label("Measure").select_option("settled")
    page.get_by_label("Target").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#goal-table")).to_contain_text("start-ups settled in the region")

    programme = Programme.objects.get()
    assert list(programme.desks.all()) == [japan_desk]
    assert [(c.name, c.places) for c in programme.cohorts.all()] == [("Future Tech Fest cohort", 7)]
    assert [(g.measure, g.target) for g in programme.goals.all()] == [("settled", 2)]

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Programmes"
    ).click()
    expect(page.locator("#programme-table")).to_contain_text("Global Acceleration Hub")
