import pytest

from pocketworld.core.testing import PartViewTests, ViewTests
from pocketworld.core.tests.factories import CompanyFactory, EventFactory
from pocketworld.events.models import Event
from pocketworld.events.tests.specs import EventSpec, ParticipantSpec, ProgrammeItemSpec


class TestEventViews(EventSpec, ViewTests):
    pass


class TestParticipantViews(ParticipantSpec, PartViewTests):
    pass


class TestProgrammeItemViews(ProgrammeItemSpec, PartViewTests):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, field",
    [
        ({"slots": "1000000"}, "slots"),
        ({"tables": "1000000"}, "tables"),
        ({"max_meetings": "1000"}, "max_meetings"),
        ({"slot_minutes": "0"}, "slot_minutes"),
    ],
)
def test_numbers_that_drive_planning_are_bounded_in_the_form(
    client, japan_officer, japan_desk, values, field
):
    client.force_login(japan_officer)
    data = {
        "kind": "matchmaking_day",
        "title": "Matchmaking",
        "starts_on": "2026-06-10",
        "ends_on": "2026-06-10",
        "country": "DE",
        "desks": [japan_desk.pk],
        "slot_minutes": "20",
        "slots": "12",
        "tables": "6",
        "max_meetings": "8",
        **values,
    }
    response = client.post("/events/add/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_participants_slots_are_bounded_in_the_form(client, japan_officer, japan_desk):
    event = EventFactory(desks=[japan_desk], slots=12, tables=2)
    client.force_login(japan_officer)
    response = client.post(
        "/participants/add/",
        {
            "event": event.pk,
            "company": CompanyFactory().pk,
            "role": "visitor",
            "status": "registered",
            "available_slots": "1, 99999999999999999999",
        },
    )
    assert response.status_code == 200
    assert "available_slots" in response.context["form"].errors
