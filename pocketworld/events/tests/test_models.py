"""The rules the events' models keep: dates, breaks, who takes part once, pairs stored once,
one meeting per table and slot, and who sees and changes an event."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events.models import Event, MatchSuggestion, Meeting, Participant

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts(japan_desk):
    event = EventFactory.build(
        starts_on=datetime.date(2026, 6, 10), ends_on=datetime.date(2026, 6, 9)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_breaks_are_slots_of_the_day(japan_desk):
    event = EventFactory(desks=[japan_desk], slots=12, breaks=[6])
    event.full_clean()
    event.breaks = [0, 13]
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert list(error.value.message_dict) == ["breaks"]


def test_a_participant_is_a_company_or_a_person(japan_desk):
    event = EventFactory(desks=[japan_desk])
    with pytest.raises(ValidationError, match="Name the company or the person"):
        Participant(event=event, role="visitor").full_clean()


def test_a_company_or_person_takes_part_once(japan_desk):
    company = CompanyFactory()
    first = ParticipantFactory(company=company)
    event = first.event
    with pytest.raises(ValidationError, match="This company already takes part"):
        Participant(event=event, company=company, role="exhibitor").full_clean()
    # Two people of the company are two participants.
    for person in PersonFactory.create_batch(2):
        ParticipantFactory(event=event, company=company, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(event=event, company=company, role="visitor")
    assert event.participants.count() == 3


def test_a_pair_is_stored_once_in_order(japan_desk):
    first = ParticipantFactory()
    second = ParticipantFactory(event=first.event)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchSuggestion.objects.create(event=first.event, first=second, second=first)
    MatchSuggestion.objects.create(event=first.event, first=first, second=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchSuggestion.objects.create(event=first.event, first=first, second=second)


def test_one_planned_meeting_per_table_and_slot(japan_desk):
    event = EventFactory(desks=[japan_desk])
    a, b, c = (ParticipantFactory(event=event) for _ in range(3))
    taken = Meeting.objects.create(
        event=event,
        suggestion=MatchSuggestion.objects.create(event=event, first=a, second=b),
        slot=1,
        table=1,
    )
    other = MatchSuggestion.objects.create(event=event, first=a, second=c)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(event=event, suggestion=other, slot=1, table=1)
    taken.status = "cancelled"
    taken.save()
    Meeting.objects.create(event=event, suggestion=other, slot=1, table=1)


def test_an_event_belongs_to_its_desks(japan_desk, india_desk, japan_officer, india_officer):
    festival = EventFactory(desks=[japan_desk])
    shared = EventFactory(desks=[japan_desk, india_desk])
    participant = ParticipantFactory(event=festival)

    assert set(Event.objects.editable_by(japan_officer)) == {festival, shared}
    assert set(Event.objects.editable_by(india_officer)) == {shared}
    assert list(Participant.objects.editable_by(india_officer)) == []
    assert list(Participant.objects.editable_by(japan_officer)) == [participant]
