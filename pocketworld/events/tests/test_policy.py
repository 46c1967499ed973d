"""What partner viewers see of events (companies taking part, never people nor the desks'
matchmaking), and the desks that share an event keeping their share."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events.choices import MeetingStatus, SuggestionStatus
from pocketworld.events.models import (
    MatchmakingRun,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    ProgrammeItem,
)
from pocketworld.events.tests.specs import EventSpec
from pocketworld.events.tests.test_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def matchmaking_day(japan_desk):
    """A day with a company's representative, a person alone, a programme and a meeting."""
    event = EventFactory(
        desks=[japan_desk],
        title="Japan Day",
        leader=PersonFactory(given_name="Aiko", family_name="Tanaka"),
        budget=12000,
        slots=4,
        tables=2,
        first_slot_at=datetime.time(10),
    )
    representative = ParticipantFactory(
        event=event,
        company=CompanyFactory(legal_name="Kotozna"),
        person=PersonFactory(given_name="Lena", family_name="Hartmann"),
        notes="Wants to meet hotel chains",
    )
    alone = ParticipantFactory(
        event=event, company=None, person=PersonFactory(given_name="Kenji", family_name="Mori")
    )
    ProgrammeItem.objects.create(
        event=event,
        title="Visit to the harbour",
        starts_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 9)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 6, 10, 10)),
        host_company=representative.company,
        host_person=PersonFactory(given_name="Jonas", family_name="Brandt"),
        notes="Ask about the new warehouse",
    )
    MatchProfile.objects.create(participant=representative, offers="Chatbots", seeks="Hotels")
    suggestion = MatchSuggestion.objects.create(
        event=event, first=representative, second=alone, status=SuggestionStatus.APPROVED
    )
    Meeting.objects.create(
        event=event, suggestion=suggestion, slot=1, table=1, status=MeetingStatus.HELD,
        outcome_note="Promising lead",
    )  # fmt: skip
    return event


PEOPLE = ("Tanaka", "Hartmann", "Mori", "Brandt")
INTERNAL = ("Wants to meet hotel chains", "Ask about the new warehouse", "Promising lead")


def assert_nothing_of_people_or_internal_work(text):
    for secret in PEOPLE + INTERNAL:
        assert secret not in text, secret


def test_partner_reads_participants_without_people_or_notes(matchmaking_day, partner_viewer):
    response = api_of(partner_viewer).get("/api/v1/participants/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["company"]["display"] for item in results] == ["Kotozna"]
    assert "person" not in results[0] and "notes" not in results[0]
    assert_nothing_of_people_or_internal_work(response.content.decode())


def test_partner_reads_the_programme_without_hosts_or_notes(matchmaking_day, partner_viewer):
    response = api_of(partner_viewer).get("/api/v1/programme-items/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["title"] == "Visit to the harbour" and item["host_company"]["display"] == "Kotozna"
    assert "host_person" not in item
    assert_nothing_of_people_or_internal_work(response.content.decode())


def test_partner_reads_the_event_without_its_leader_or_budget(matchmaking_day, partner_viewer):
    response = api_of(partner_viewer).get(f"/api/v1/events/{matchmaking_day.pk}/")
    assert response.status_code == 200
    assert "leader" not in response.json() and "budget" not in response.json()
    assert response.json()["title"] == "Japan Day"


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/matchmaking-profiles/"])
def test_matchmaking_is_not_for_partners(matchmaking_day, partner_viewer, japan_officer, url):
    assert api_of(partner_viewer).get(url).json()["results"] == []
    assert api_of(japan_officer).get(url).json()["count"] == 1


def test_an_events_results_and_agendas_are_not_for_partners(
    matchmaking_day, partner_viewer, japan_officer
):
    participant = matchmaking_day.participants.get(company__legal_name="Kotozna")
    for client, status in ((api_of(partner_viewer), 404), (api_of(japan_officer), 200)):
        assert client.get(f"/api/v1/events/{matchmaking_day.pk}/results/").status_code == status
        assert client.get(f"/api/v1/participants/{participant.pk}/agenda/").status_code == status
    for suffix in ("/", ".pdf", ".ics"):
        url = f"/participants/{participant.pk}/agenda{suffix}"
        assert pages_of(partner_viewer).get(url).status_code == 404, url
    assert (
        pages_of(partner_viewer).get(f"/events/{matchmaking_day.pk}/matchmaking/").status_code
        == 404
    )


def test_only_who_may_change_the_event_has_its_suggestions_computed(
    matchmaking_day, partner_viewer, india_officer, japan_officer, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = f"/events/{matchmaking_day.pk}/suggestions/"
    api = f"/api/v1/events/{matchmaking_day.pk}/suggest/"
    # Matchmaking is internal work: not there for partners; another desk only reads it.
    assert pages_of(partner_viewer).post(page).status_code == 404
    assert api_of(partner_viewer).post(api).status_code == 403
    assert api_of(partner_viewer).get(api).status_code == 404
    assert pages_of(india_officer).post(page).status_code == 403
    assert api_of(india_officer).post(api).status_code == 403
    assert api_of(india_officer).get(api).json()["in_progress"] is False
    assert not MatchmakingRun.objects.exists() and not DBTaskResult.objects.exists()

    assert api_of(japan_officer).post(api).status_code == 202
    assert MatchmakingRun.objects.get().event == matchmaking_day


def test_the_event_page_shows_partners_companies_only(
    matchmaking_day, partner_viewer, japan_officer
):
    url = f"/events/{matchmaking_day.pk}/"
    page = pages_of(partner_viewer).get(url).content.decode()
    assert "Kotozna" in page and "Visit to the harbour" in page
    assert_nothing_of_people_or_internal_work(page)
    assert "Hartmann" in pages_of(japan_officer).get(url).content.decode()


def test_the_programme_as_pdf_and_calendar_names_no_people_for_partners(
    matchmaking_day, partner_viewer, tmp_path
):
    client = pages_of(partner_viewer)
    pdf = client.get(f"/events/{matchmaking_day.pk}/programme.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content, tmp_path)
    assert "Visit to the harbour" in text
    assert_nothing_of_people_or_internal_work(text)
    for url in (
        f"/events/{matchmaking_day.pk}/programme/",
        f"/events/{matchmaking_day.pk}/programme.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_nothing_of_people_or_internal_work(response.content.decode())


def test_an_officer_cannot_remove_a_desk_that_shares_the_event(
    japan_desk, india_desk, japan_officer
):
    event = EventFactory(desks=[japan_desk, india_desk], title="Shared fair")
    response = api_of(japan_officer).patch(
        f"/api/v1/events/{event.pk}/", {"desks": [japan_desk.pk], "title": "Renamed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert set(event.desks.all()) == {japan_desk, india_desk}


def test_the_event_form_keeps_the_desks_that_share_the_event(
    request, japan_desk, india_desk, japan_officer
):
    event = EventFactory(desks=[japan_desk, india_desk], title="Shared fair")
    data = {**EventSpec().form_data(request), "title": "Renamed", "desks": [japan_desk.pk]}
    response = pages_of(japan_officer).post(f"/events/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert set(event.desks.all()) == {japan_desk, india_desk}


def test_a_director_may_remove_a_desk(japan_desk, india_desk, director):
    event = EventFactory(desks=[japan_desk, india_desk])
    api_of(director).patch(f"/api/v1/events/{event.pk}/", {"desks": [japan_desk.pk]}, format="json")
    assert list(event.desks.all()) == [japan_desk]
