"""A matchmaking day from start to agenda: the officer creates the day, adds participants
with what they offer and seek, has the background worker compute the suggestions,
approves suggested pairs, plans the meetings and opens a participant's agenda; afterwards
records a meeting's lead and builds a delegation's programme."""

import datetime

import pytest
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import CompanyFactory, EventFactory, ParticipantFactory
from pocketworld.events.models import Event, MatchSuggestion, Meeting
from pocketworld.events.tests.test_matchmaking_runs import run_the_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = [
    (
        "Kotozna Inc.",
        "多言語チャットボットとAI翻訳サービスを提供します。",
        "ドイツのホテルや小売業の顧客",
    ),
    (
        "Rheinhotel GmbH",
        "Hotels in Düsseldorf",
        "Wir suchen mehrsprachige Chatbots für Gäste aus Japan.",
    ),
    (
        "Stadtwerke Düsseldorf AG",
        "Energie und Wasser für die Stadt",
        "Sensoren für Wasserleitungen",
    ),
]


def worker_runs_at_the_first_poll(page):
    """Hold the page's first poll of its own address while the database worker runs what
    is queued: the test and the live server share SQLite's in-memory database and must not
    use it at once. The addresses polled, once the worker has run."""
    polled = []

    def poll(route):
        if not polled and route.request.headers.get("hx-request"):
            run_the_worker()
            polled.append(route.request.url)
        route.continue_()

    page.route(page.url, poll)
    return polled


def test_officer_plans_a_matchmaking_day(page, live_server, japan_officer, japan_desk, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for name, _offers, _seeks in PARTICIPANTS:
        CompanyFactory(legal_name=name)
    sign_in(page, live_server, japan_officer.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Events"
    ).click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Kind").select_option("matchmaking_day")
    page.get_by_label("Title").fill("Japan Tech Festival matchmaking")
    page.get_by_label("First day").fill("2026-06-10")
    page.get_by_label("Last day").fill("2026-06-10")
    page.locator("#id_country").select_option("DE")
    page.get_by_label("Japan Desk").check()
    page.get_by_label("First meeting at").fill("10:00")
    page.get_by_label("Meeting slots").fill("4")
    page.locator("#id_tables").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Japan Tech Festival matchmaking")

    for name, offers, seeks in PARTICIPANTS:
        page.get_by_role("link", name="Add participant").click()
        page.get_by_label("Company").select_option(label=name)
        page.get_by_label("Role").select_option("visitor")
        page.get_by_role("button", name="Save").click()
        row = page.locator("#participant-table tr", has_text=name)
        row.get_by_role("link", name="Add profile").click()
        page.get_by_label("Offers").fill(offers)
        page.get_by_label("Seeks").fill(seeks)
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#participant-table tbody tr")).to_have_count(3)

    page.get_by_role("link", name="Matchmaking").click()
    page.get_by_role("button", name="Suggest matches").click()
    # The background worker computes them: the page says so and polls until it is done.
    expect(page.locator("#matchmaking-status")).to_have_text("Suggestions are being computed …")
    expect(page.get_by_role("button", name="Suggest matches")).to_be_disabled()
    polled = worker_runs_at_the_first_poll(page)
    suggestions = page.locator("#suggestion-table tbody tr")
    # Generous: the worker may load the sentence encoder first.
    expect(suggestions).to_have_count(3, timeout=60_000)
    assert polled == [page.url]
    expect(page.locator("#matchmaking-status")).to_contain_text("Suggestions last computed on")
    # The chatbot maker and the hotel seeking chatbots, across Japanese and German, first.
    expect(suggestions.first).to_contain_text("Kotozna")
    expect(suggestions.first).to_contain_text("Rheinhotel")
    for index in range(2):
        suggestions.nth(index).get_by_role("button", name="Approve").click()
    expect(page.locator("#suggestion-table")).to_contain_text("approved")

    page.get_by_role("button", name="Plan meetings").click()
    expect(page.locator("#plan-grid")).to_contain_text("Kotozna")
    event = Event.objects.get(title="Japan Tech Festival matchmaking")
    assert Meeting.objects.filter(event=event, status="planned").count() == 2

    page.locator("#agendas tr", has_text="Kotozna").get_by_role("link", name="Agenda").click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Rheinhotel")
    expect(agenda).to_contain_text("10:")
    with page.expect_download() as download:
        page.get_by_role("link", name="iCalendar").click()
    assert download.value.suggested_filename.endswith(".ics")


def test_officer_records_a_lead_and_builds_a_delegation_programme(
    page, live_server, japan_officer, japan_desk
):
    event = EventFactory(
        desks=[japan_desk], title="Bangalore delegation", slots=4, tables=2,
        starts_on=datetime.date(2026, 7, 14), ends_on=datetime.date(2026, 7, 15),
    )  # fmt: skip
    first = ParticipantFactory(event=event, company=CompanyFactory(legal_name="HydroLoop Inc."))
    second = ParticipantFactory(event=event, company=CompanyFactory(legal_name="H2 Rheinland"))
    suggestion = MatchSuggestion.objects.create(
        event=event, first=first, second=second, status="approved"
    )
    Meeting.objects.create(event=event, suggestion=suggestion, slot=1, table=1)
    sign_in(page, live_server, japan_officer.username)

    page.goto(f"{live_server.url}/events/{event.pk}/matchmaking/")
    page.locator("#outcomes").get_by_role("link", name="Record outcome").click()
    page.get_by_label("Outcome", exact=True).select_option("lead")
    page.get_by_label("About the outcome").fill("Wants a site for a pilot plant.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#results")).to_contain_text("1 leads, 1 projects")
    page.locator("#outcomes").get_by_role("link", name="project").click()
    expect(page.locator("h1")).to_contain_text("Bangalore delegation")

    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    page.get_by_role("link", name="Add programme item").click()
    page.get_by_label("Starts at").fill("2026-07-14T10:00")
    page.get_by_label("Ends at").fill("2026-07-14T09:00")
    page.get_by_label("Title").fill("Visit to the Heinrich Hertz Vocational College")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-ends_at")).to_have_text("It ends before it starts.")
    page.get_by_label("Ends at").fill("2026-07-14T12:00")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.locator("#programme-table")).to_contain_text("Heinrich Hertz Vocational College")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == f"programme-{event.pk}.pdf"
