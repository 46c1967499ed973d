"""The events API: the generic checks per model, and a matchmaking day through the API with
the permissions of the pages."""

import pytest
from rest_framework.test import APIClient

from pocketworld.core.testing import APITests
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events.models import MatchProfile, MatchSuggestion, Meeting
from pocketworld.events.tests.specs import EventSpec, ParticipantSpec, ProgrammeItemSpec


class TestEventAPI(EventSpec, APITests):
    pass


class TestParticipantAPI(ParticipantSpec, APITests):
    def api_data(self, request):
        return {**self.form_data(request), "available_slots": [1, 2, 3]}

    def invalid_api_data(self, request):
        return {**self.api_data(request), "available_slots": ["morning"]}


class TestProgrammeItemAPI(ProgrammeItemSpec, APITests):
    def api_data(self, request):
        return {
            **self.form_data(request),
            "starts_at": "2026-07-14T09:00:00+02:00",
            "ends_at": "2026-07-14T10:00:00+02:00",
        }

    def invalid_api_data(self, request):
        return {**self.api_data(request), "ends_at": "2026-07-14T08:00:00+02:00"}


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_matchmaking_day_through_the_api(
    japan_desk, japan_officer, india_officer, django_capture_on_commit_callbacks
):
    event = EventFactory(desks=[japan_desk], slots=3, tables=1)
    chatbots = ParticipantFactory(event=event, company=CompanyFactory(legal_name="Kotozna"))
    hotel = ParticipantFactory(event=event, company=CompanyFactory(legal_name="Rheinhotel"))
    api = client_of(japan_officer)
    for participant, offers, seeks in (
        (chatbots, "Mehrsprachige Chatbots für Hotels", "Hotels in Düsseldorf"),
        (hotel, "Hotelzimmer in Düsseldorf", "Mehrsprachige Chatbots für Gäste"),
    ):
        response = api.post(
            "/api/v1/matchmaking-profiles/",
            {"participant": participant.pk, "offers": offers, "seeks": seeks},
            format="json",
        )
        assert response.status_code == 201, response.content

    # Another desk's officer sees the event but may not act on it.
    assert client_of(india_officer).post(f"/api/v1/events/{event.pk}/suggest/").status_code == 403
    assert not MatchSuggestion.objects.filter(event=event).exists()

    # The background worker computes the suggestions (here as soon as the request is over).
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post(f"/api/v1/events/{event.pk}/suggest/")
    assert accepted.status_code == 202 and accepted.json()["in_progress"]
    state = api.get(f"/api/v1/events/{event.pk}/suggest/").json()
    assert not state["in_progress"] and state["suggestions"] == 1
    [suggestion] = api.get(f"/api/v1/match-suggestions/?event={event.pk}").json()["results"]
    assert suggestion["explanation"]
    response = api.post(
        f"/api/v1/match-suggestions/{suggestion['id']}/decide/", {"status": "maybe"}
    )
    assert response.status_code == 400 and "status" in response.json()
    api.post(f"/api/v1/match-suggestions/{suggestion['id']}/decide/", {"status": "approved"})

    plan = api.post(f"/api/v1/events/{event.pk}/plan/").json()
    assert plan["planned"] == 1 and plan["left_out"] == [] and plan["optimal"]
    [meeting] = api.get(f"/api/v1/participants/{chatbots.pk}/agenda/").json()
    assert meeting["second"]["display"] == "Rheinhotel" and 1 <= meeting["slot"] <= 3

    response = api.post(
        f"/api/v1/meetings/{meeting['id']}/outcome/", {"outcome": "lead", "note": "Pilot"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["project"]["display"]
    assert api.get(f"/api/v1/events/{event.pk}/results/").json()["leads"] == 1
    assert Meeting.objects.get().status == "held"


@pytest.mark.django_db
def test_a_pair_of_one_company_is_refused_with_the_reason(japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk])
    company = CompanyFactory()
    first = ParticipantFactory(event=event, company=company, person=None)
    second = ParticipantFactory(event=event, company=company, person=PersonFactory())
    response = client_of(japan_officer).post(
        "/api/v1/match-suggestions/",
        {"event": event.pk, "first": first.pk, "second": second.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "same organisation" in str(response.json())
    assert not MatchProfile.objects.exists()


@pytest.mark.django_db
def test_suggestions_and_meetings_by_participant(japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk])
    a, b, c = (ParticipantFactory(event=event) for _ in range(3))
    with_a = MatchSuggestion.objects.create(event=event, first=a, second=b, status="approved")
    MatchSuggestion.objects.create(event=event, first=b, second=c, status="approved")
    Meeting.objects.create(event=event, suggestion=with_a, slot=1, table=1)
    api = client_of(japan_officer)

    found = api.get(f"/api/v1/match-suggestions/?participant={a.pk}").json()["results"]
    assert [suggestion["id"] for suggestion in found] == [with_a.pk]
    assert api.get(f"/api/v1/match-suggestions/?participant={b.pk}").json()["count"] == 2
    assert api.get(f"/api/v1/meetings/?participant={a.pk}").json()["count"] == 1
    assert api.get(f"/api/v1/meetings/?participant={c.pk}").json()["count"] == 0


EVENT = {
    "kind": "matchmaking_day",
    "title": "Matchmaking",
    "starts_on": "2026-06-10",
    "ends_on": "2026-06-10",
    "country": "DE",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"slots": 1_000_000}, "slots"),
        ({"slots": 97}, "slots"),
        ({"tables": 1_000_000}, "tables"),
        ({"tables": 501}, "tables"),
        ({"max_meetings": 1000}, "max_meetings"),
        ({"slot_minutes": 0}, "slot_minutes"),
        ({"slot_minutes": 10_000}, "slot_minutes"),
        ({"slots": 12, "breaks": [13]}, "breaks"),
        ({"slots": 12, "breaks": [1] * 1000}, "breaks"),
    ],
)
def test_numbers_that_drive_planning_are_bounded(japan_desk, japan_officer, payload, field):
    response = client_of(japan_officer).post(
        "/api/v1/events/", {**EVENT, "desks": [japan_desk.pk], **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_a_day_as_large_as_allowed_is_taken(japan_desk, japan_officer):
    payload = {"slots": 96, "tables": 500, "max_meetings": 96, "breaks": [48, 12, 12]}
    response = client_of(japan_officer).post(
        "/api/v1/events/", {**EVENT, "desks": [japan_desk.pk], **payload}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["breaks"] == [12, 48]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field",
    [
        ({"available_slots": [10**30]}, "available_slots"),
        ({"available_slots": [97]}, "available_slots"),
        ({"available_slots": [1] * 1000}, "available_slots"),
        ({"max_meetings": 10_000}, "max_meetings"),
    ],
)
def test_a_participants_numbers_are_bounded(japan_desk, japan_officer, payload, field):
    event = EventFactory(desks=[japan_desk], slots=12, tables=2)
    response = client_of(japan_officer).post(
        "/api/v1/participants/",
        {"event": event.pk, "company": CompanyFactory().pk, "role": "visitor", **payload},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
