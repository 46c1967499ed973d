"""An officer sets up a programme: its kind, period and desk, then a cohort and a goal, and
finds it in the list of programmes; takes a start-up of a cohort to settling here; and
places a skilled worker with an employer."""

import datetime

import pytest
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import (
    CohortFactory,
    CollegeFactory,
    CompanyFactory,
    OpenPositionFactory,
    PersonFactory,
    ProgrammeFactory,
)
from pocketworld.programmes.models import Programme
from pocketworld.projects.models import Project

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


def test_officer_takes_a_start_up_through_its_milestones_to_settled(
    page, live_server, japan_officer, japan_desk
):
    """A start-up applies, is selected and onboarded, gets its mentor, goes through the
    cohort, registers its company here and settles: the won project appears, and the
    programme's figures count it."""
    programme = ProgrammeFactory(
        name="Global Acceleration Hub", starts_on=datetime.date(2026, 1, 1), desks=[japan_desk]
    )
    cohort = CohortFactory(
        programme=programme, name="Spring cohort", starts_on=datetime.date(2026, 3, 2)
    )
    programme.goals.create(measure="settled", target=2)
    startup = CompanyFactory(legal_name="Soranoe Inc.")
    PersonFactory(given_name="Hiroshi", family_name="Tanaka")

    sign_in(page, live_server, japan_officer.username)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.locator(f"#cohort-{cohort.pk}").get_by_role("link", name="Add start-up").click()
    page.get_by_label("Start-up *").select_option(label="Soranoe Inc.")
    page.get_by_label("Applied on").fill("2026-02-02")
    page.get_by_label("Team size").fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#membership-stage")).to_have_text("application")

    def move_to(stage):
        page.locator("#move-form").get_by_label("Move to").select_option(stage)
        page.locator("#move-form").get_by_role("button", name="Move").click()

    move_to("selected")
    move_to("onboarding")
    move_to("in_programme")  # without a mentor
    expect(page.get_by_text("Name the start-up's mentor first")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Edit", exact=True).first.click()
    page.get_by_label("Mentors").select_option(label="Hiroshi Tanaka")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#mentors")).to_contain_text("Hiroshi Tanaka")
    move_to("in_programme")
    expect(page.locator("#membership-stage")).to_have_text("in the programme")
    move_to("completed")

    page.get_by_role("link", name="Add milestone").click()
    page.get_by_label("Kind").select_option("registered_company")
    page.get_by_label("Reached on").fill("2026-11-10")
    page.get_by_label("Note").fill("Soranoe GmbH")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#milestone-table")).to_contain_text("registered a company here")

    move_to("settled")  # needs the jobs and the investment
    expect(page.locator("#error-realised_jobs")).to_be_visible()
    page.get_by_label("Jobs created here").fill("3")
    page.get_by_label("Investment here (EUR)").fill("270000")
    page.get_by_role("button", name="Move").click()
    expect(page.locator("#membership-stage")).to_have_text("settled in the region")
    expect(page.locator("#soft-landing-project")).to_contain_text("won")

    page.locator("#soft-landing-project").get_by_role("link").click()
    expect(page.locator(".stage")).to_have_text("won")
    project = Project.objects.get(company=startup)
    assert (project.stage, project.kind, project.realised_jobs) == ("won", "soft_landing", 3)
    assert project.desk == japan_desk

    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    row = page.locator(f"#cohort-{cohort.pk}")
    # applications, selected, completed, settled, jobs
    expect(row.locator("td.number")).to_have_text(["—", "1", "1", "1", "1", "3"])
    expect(page.locator("#goal-table")).to_contain_text("1")


def test_officer_places_a_candidate_with_an_employer(page, live_server, india_officer, india_desk):
    """A nurse nominated by the partner college gets her German certificate and the
    recognition, is matched with a hospital's open position, arrives and starts work: the
    programme's figures count her as placed."""
    programme = ProgrammeFactory(
        name="Skilled workers from Bengaluru",
        kind="skilled_workers",
        starts_on=datetime.date(2025, 1, 1),
        desks=[india_desk],
    )
    cohort = CohortFactory(
        programme=programme, name="Nursing 2026", starts_on=datetime.date(2026, 1, 5)
    )
    CollegeFactory(partner__name="Bengaluru Technical Training College")
    hospital = OpenPositionFactory(
        company=CompanyFactory(legal_name="Rheinland Klinikum"),
        title="Registered nurse",
        german_level="B2",
        starts_on=datetime.date(2026, 10, 1),
    )

    sign_in(page, live_server, india_officer.username)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.locator(f"#cohort-{cohort.pk}").get_by_role("link", name="Add candidate").click()
    page.get_by_label("Given name *").fill("Divya")
    page.get_by_label("Family name *").fill("Nair")
    page.get_by_label("Nominated by *").select_option(label="Bengaluru Technical Training College")
    page.get_by_label("Occupation (ISCO-08) *").select_option(label="2221 Nursing professionals")
    page.get_by_label("From *").select_option(label="India")
    page.get_by_label("Nominated on *").fill("2026-01-12")
    page.get_by_role("button", name="Save").click()
    # Kept on consent: the day it was given is asked for.
    expect(page.locator(".has-error")).to_contain_text("consent given on")
    page.get_by_label("Consent given on *").fill("2026-01-10")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#candidate-stage")).to_have_text("nominated by the college")

    def move_to(stage, **fields):
        page.locator("#move-form").get_by_label("Move to").select_option(stage)
        page.locator("#move-form").get_by_role("button", name="Move").click()
        for label, value in fields.items():
            field = page.get_by_label(label, exact=True)
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        page.get_by_role("button", name="Move").click()

    move_to("language", **{"German level": "B2", "certificate of": "2026-06-20"})
    move_to(
        "recognition",
        **{"recognition": "full", "competent authority": "Bezirksregierung Düsseldorf"},
    )
    # The open position fits her: the same occupation, German enough.
    expect(page.locator("#matching-positions")).to_contain_text("Registered nurse")
    expect(page.locator("#matching-positions")).to_contain_text("B2 required")
    move_to("matched", **{"matched with": str(hospital)})
    move_to("visa")
    move_to("arrived")
    move_to("placed")  # the start date is asked for
    expect(page.locator("#error-starts_on")).to_be_visible()
    page.get_by_label("start date").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Move").click()
    expect(page.locator("#candidate-stage")).to_have_text("placed")
    expect(page.locator("#placement")).to_contain_text("Rheinland Klinikum")

    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    row = page.locator(f"#cohort-{cohort.pk}")
    # places, nominated, recognised, placed, still employed after 12 months
    expect(row.locator("td.number")).to_have_text(["—", "1", "1", "1", "0"])
    expect(page.locator("#by-occupation")).to_contain_text("2221 Nursing professionals")
