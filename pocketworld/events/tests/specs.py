import datetime

from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
)
from pocketworld.events.models import Event, Participant, ProgrammeItem


class EventSpec(ModelSpec):
    model = Event
    url_prefix = "events:event"
    api_basename = "event"
    invalid_field = "ends_on"

    def make_object(self, request):
        return EventFactory(
            title="Japan Tech Festival", desks=[request.getfixturevalue("japan_desk")]
        )

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        return {
            "kind": "matchmaking_day",
            "title": "Tech festival matchmaking",
            "starts_on": "2026-06-10",
            "ends_on": "2026-06-10",
            "country": "DE",
            "desks": [desk.pk],
            "slot_minutes": 20,
            "slots": 12,
            "breaks": "6",
            "tables": 6,
            "max_meetings": 8,
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "ends_on": "2026-06-01"}

    def api_data(self, request):
        return {**self.form_data(request), "breaks": [6]}

    def invalid_api_data(self, request):
        return self.invalid_form_data(request) | {"breaks": [6]}

    def changed_field(self):
        return "title", "Tech festival matchmaking 2026"


class EventPartSpec(ModelSpec):
    """Parts of a Japan desk event."""

    def event(self, request):
        if not hasattr(self, "_event"):
            self._event = EventFactory(desks=[request.getfixturevalue("japan_desk")])
        return self._event

    def existing_form_values(self, obj):
        return {"event": obj.event_id}


class ParticipantSpec(EventPartSpec):
    model = Participant
    url_prefix = "events:participant"
    api_basename = "participant"
    invalid_field = "available_slots"

    def make_object(self, request):
        return ParticipantFactory(event=self.event(request))

    def form_data(self, request):
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Preferred Networks")
        return {
            "event": self.event(request).pk,
            "company": self._company.pk,
            "role": "exhibitor",
            "status": "registered",
            "available_slots": "1, 2, 3",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "available_slots": "morning"}

    def changed_field(self):
        return "status", "confirmed"


class ProgrammeItemSpec(EventPartSpec):
    model = ProgrammeItem
    url_prefix = "events:programmeitem"
    api_basename = "programmeitem"
    invalid_field = "ends_at"

    def make_object(self, request):
        start = datetime.datetime(2026, 7, 14, 10, tzinfo=datetime.UTC)
        return ProgrammeItem.objects.create(
            event=self.event(request),
            title="Visit to the vocational college",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )

    def form_data(self, request):
        return {
            "event": self.event(request).pk,
            "title": "Welcome at the city hall",
            "starts_at": "2026-07-14T09:00",
            "ends_at": "2026-07-14T10:00",
            "place": "Rathaus Düsseldorf",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "ends_at": "2026-07-14T08:00"}

    def changed_field(self):
        return "place", "Stadttor"
