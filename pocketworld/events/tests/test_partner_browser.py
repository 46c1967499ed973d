"""A partner viewer follows an event: the companies taking part and the programme's visits,
no person, no budget, no matchmaking."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events.models import ProgrammeItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_viewer_sees_the_companies_of_an_event_and_no_people(
    page, live_server, partner_viewer, japan_desk
):
    event = EventFactory(
        desks=[japan_desk],
        title="Delegation from Osaka",
        leader=PersonFactory(given_name="Aiko", family_name="Tanaka"),
        budget=5000,
        slots=4,
        tables=2,
    )
    company = CompanyFactory(legal_name="Kotozna Inc.")
    ParticipantFactory(
        event=event,
        company=company,
        person=PersonFactory(given_name="Lena", family_name="Hartmann"),
    )
    ParticipantFactory(event=event, company=None, person=PersonFactory(family_name="Mori"))
    ProgrammeItem.objects.create(
        event=event,
        title="Visit to the harbour",
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 9)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 10)),
        host_company=company,
        host_person=PersonFactory(family_name="Brandt"),
        notes="Ask about the warehouse",
    )
    sign_in(page, live_server, partner_viewer.username)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Events"
    ).click()
    page.get_by_role("link", name="Delegation from Osaka").click()
    expect(page.locator("h1")).to_have_text("Delegation from Osaka")
    participants = page.locator("#participant-table")
    expect(participants).to_contain_text("Kotozna Inc.")
    expect(page.locator("#programme")).to_contain_text("Visit to the harbour")
    body = page.locator("main")
    for secret in ("Tanaka", "Hartmann", "Mori", "Brandt", "warehouse", "budget"):
        expect(body).not_to_contain_text(secret)
    expect(page.get_by_role("link", name="Matchmaking")).to_have_count(0)
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.locator("main")).to_contain_text("Visit to the harbour")
    expect(page.locator("main")).not_to_contain_text("Brandt")
