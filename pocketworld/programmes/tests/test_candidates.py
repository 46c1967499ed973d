"""The skilled-worker track as the services keep it: nominating a candidate on their
consent, the allowed moves and what each stage needs, their dates, the places of an open
position, matching candidates and positions, the figures a programme reports, and the
follow-ups of a placement."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core.models import Country, Occupation
from pocketworld.core.tests.factories import (
    CohortFactory,
    CompanyFactory,
    DeskFactory,
    PartnerOrganisationFactory,
    ProgrammeFactory,
)
from pocketworld.programmes import services
from pocketworld.programmes.choices import (
    CandidateStage,
    LanguageLevel,
    Recognition,
    WithdrawalReason,
)
from pocketworld.programmes.models import (
    Candidate,
    CandidateMove,
    College,
    Course,
    OpenPosition,
    Placement,
)
from pocketworld.programmes.services import (
    candidate_figures,
    candidates_for,
    fit,
    keep_on_consent,
    move_candidate,
    nominate,
    open_places,
    positions_for,
)

pytestmark = pytest.mark.django_db

C = CandidateStage
DAY = datetime.date
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = DAY(2026, 12, 6)

EXPECTED = {
    C.NOMINATED: {C.LANGUAGE, C.WITHDRAWN},
    C.LANGUAGE: {C.RECOGNITION, C.WITHDRAWN},
    C.RECOGNITION: {C.MATCHED, C.WITHDRAWN},
    C.MATCHED: {C.VISA, C.WITHDRAWN},
    C.VISA: {C.ARRIVED, C.WITHDRAWN},
    C.ARRIVED: {C.PLACED, C.WITHDRAWN},
    C.PLACED: set(),
    C.WITHDRAWN: {C.NOMINATED},
}
# The way to each stage from the nomination (dated 2026-02-01; the cohort runs from
# 2026-03-01 to 2026-08-31), and the day of each step.
PATHS = {
    C.NOMINATED: [],
    C.LANGUAGE: [C.LANGUAGE],
    C.RECOGNITION: [C.LANGUAGE, C.RECOGNITION],
    C.MATCHED: [C.LANGUAGE, C.RECOGNITION, C.MATCHED],
    C.VISA: [C.LANGUAGE, C.RECOGNITION, C.MATCHED, C.VISA],
    C.ARRIVED: [C.LANGUAGE, C.RECOGNITION, C.MATCHED, C.VISA, C.ARRIVED],
    C.PLACED: [C.LANGUAGE, C.RECOGNITION, C.MATCHED, C.VISA, C.ARRIVED, C.PLACED],
    C.WITHDRAWN: [C.WITHDRAWN],
}
NOMINATED_ON = DAY(2026, 2, 1)
CONSENT_ON = DAY(2026, 1, 15)
ON = {
    C.LANGUAGE: DAY(2026, 3, 1),
    C.RECOGNITION: DAY(2026, 4, 1),
    C.MATCHED: DAY(2026, 5, 1),
    C.VISA: DAY(2026, 6, 1),
    C.ARRIVED: DAY(2026, 7, 1),
    C.PLACED: DAY(2026, 7, 15),
    C.WITHDRAWN: DAY(2026, 8, 15),
    C.NOMINATED: DAY(2026, 9, 1),
}
# A day after every step of every way above.
LATER = DAY(2026, 10, 1)
# The way again after withdrawing (2026-08-15).
AGAIN = {
    C.NOMINATED: DAY(2026, 9, 1),
    C.LANGUAGE: DAY(2026, 9, 5),
    C.RECOGNITION: DAY(2026, 9, 10),
}
COHORT_ENDS_ON = DAY(2026, 8, 31)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 6, 10, tzinfo=BERLIN), tick=False)
    return TODAY


@pytest.fixture
def programme(india_desk):
    return ProgrammeFactory(kind="skilled_workers", desks=[india_desk])


@pytest.fixture
def cohort(programme):
    return CohortFactory(programme=programme, starts_on=DAY(2026, 3, 1), ends_on=COHORT_ENDS_ON)


def occupation(code):
    return Occupation.objects.get(code=code)


def make_college(name="Kerala College of Nursing"):
    partner = PartnerOrganisationFactory(
        name=name,
        kind="college",
        partnership="education",
        country=Country.objects.get(code="IN"),
    )
    return College.objects.create(partner=partner)


def make_course(college, code="2221", german_level=LanguageLevel.B1, name="Nursing"):
    return Course.objects.create(
        college=college, name=name, occupation=occupation(code), german_level=german_level
    )


def make_position(code="2221", places=1, german_level=LanguageLevel.B2, starts_on=None):
    return OpenPosition.objects.create(
        company=CompanyFactory(),
        occupation=occupation(code),
        places=places,
        german_level=german_level,
        starts_on=starts_on or DAY(2026, 9, 1),
    )


def make_candidate(
    cohort,
    user,
    code="2221",
    college=None,
    course=None,
    family_name="Nair",
    given_name="Anjali",
    country="IN",
    nominated_on=NOMINATED_ON,
    consent_given_on=CONSENT_ON,
):
    """A candidate nominated through the service, their person kept on consent."""
    college = college or (course.college if course else make_college(f"College of {family_name}"))
    person = Person(
        given_name=given_name, family_name=family_name, consent_given_on=consent_given_on
    )
    candidate = Candidate(
        cohort=cohort,
        college=college,
        course=course,
        occupation=occupation(code),
        country_id=country,
        nominated_on=nominated_on,
    )
    return nominate(candidate, person, user)


def needs(stage, on, position=None):
    """What a move to `stage` on `on` needs."""
    if stage == C.LANGUAGE:
        return {
            "german_level": LanguageLevel.B2,
            "german_certified_on": on - datetime.timedelta(10),
        }
    if stage == C.RECOGNITION:
        return {"recognition": Recognition.PARTIAL, "recognition_authority": "Bezirksregierung"}
    if stage == C.MATCHED:
        return {"position": position}
    if stage == C.PLACED:
        return {"starts_on": on}
    if stage == C.WITHDRAWN:
        return {"withdrawal_reason": WithdrawalReason.PERSONAL}
    return {}


def walk(candidate, stages, user, position=None, days=ON, **overrides):
    """The candidate moved along `stages`, each on its day, with what each needs
    (`overrides` replacing some of it)."""
    for stage in stages:
        values = needs(stage, days[stage], position)
        values.update({key: value for key, value in overrides.items() if key in values})
        candidate = move_candidate(candidate, stage, user, on=days[stage], **values)
    return candidate


def at(stage, cohort, user, position=None, **fields):
    """A new candidate of `cohort` brought to `stage` along the way."""
    if position is None and C.MATCHED in PATHS[stage]:
        position = make_position(places=2)
    return walk(make_candidate(cohort, user, **fields), PATHS[stage], user, position)


def history(candidate):
    return list(
        CandidateMove.objects.filter(candidate=candidate).values_list(
            "from_stage", "to_stage", "moved_on", "moved_by", "note"
        )
    )


def stored(candidate):
    values = Candidate.objects.filter(pk=candidate.pk).values().get()
    values.pop("last_updated")
    return values


def refused(candidate, stage, user, **kwargs):
    """The errors of a refused move, checked to have left the candidate as it was."""
    before, moves = stored(candidate), history(candidate)
    placements = list(Placement.objects.values_list("pk", "candidate", "position", "starts_on"))
    with pytest.raises(ValidationError) as error:
        move_candidate(candidate, stage, user, **kwargs)
    assert stored(candidate) == before
    assert history(candidate) == moves
    assert list(Placement.objects.values_list("pk", "candidate", "position", "starts_on")) == (
        placements
    )
    return error.value.message_dict


# --- nominating ---------------------------------------------------------------------------


def test_a_nominated_person_is_kept_on_consent(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    person = Person.objects.get(pk=candidate.person_id)
    assert (person.legal_basis, person.consent_given_on) == (LegalBasis.CONSENT, DAY(2026, 1, 15))
    assert Candidate.objects.get(pk=candidate.pk).person_id == person.pk


def test_keeping_on_consent_overrides_another_legal_basis(programme, india_desk):
    person = Person(
        family_name="Nair",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        consent_given_on=DAY(2026, 1, 15),
    )
    keep_on_consent(person, programme)
    person.refresh_from_db()
    assert (person.legal_basis, person.desk_id) == (LegalBasis.CONSENT, india_desk.pk)


def test_a_nominated_person_gets_a_desk_of_the_programme(cohort, india_officer, india_desk):
    person = Person.objects.get(pk=make_candidate(cohort, india_officer).person_id)
    assert person.desk_id == india_desk.pk


def test_a_nominated_person_of_another_desk_gets_one_of_the_programme(
    cohort, india_officer, india_desk, japan_desk
):
    person = Person(family_name="Nair", consent_given_on=DAY(2026, 1, 15), desk=japan_desk)
    candidate = Candidate(
        cohort=cohort,
        college=make_college(),
        occupation=occupation("2221"),
        country_id="IN",
        nominated_on=NOMINATED_ON,
    )
    nominate(candidate, person, india_officer)
    assert Person.objects.get(pk=candidate.person_id).desk_id == india_desk.pk


def test_a_nominated_person_keeps_their_desk_if_it_is_the_programmes(
    cohort, programme, india_officer, india_desk
):
    second = DeskFactory(name="Skilled Workers Desk", slug="skilled-workers")
    programme.desks.add(second)
    person = Person(family_name="Nair", consent_given_on=DAY(2026, 1, 15), desk=second)
    candidate = Candidate(
        cohort=cohort,
        college=make_college(),
        occupation=occupation("2221"),
        country_id="IN",
        nominated_on=NOMINATED_ON,
    )
    nominate(candidate, person, india_officer)
    assert Person.objects.get(pk=candidate.person_id).desk_id == second.pk != india_desk.pk


def test_nominating_records_the_nomination_as_the_first_move(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    stored_candidate = Candidate.objects.get(pk=candidate.pk)
    assert (stored_candidate.stage, stored_candidate.stage_changed_on) == (
        C.NOMINATED,
        NOMINATED_ON,
    )
    assert history(candidate) == [("", C.NOMINATED, NOMINATED_ON, india_officer.pk, "")]


def test_nominating_needs_the_day_consent_was_given(cohort, india_officer):
    with pytest.raises(ValidationError) as error:
        make_candidate(cohort, india_officer, consent_given_on=None)
    assert "consent_given_on" in error.value.message_dict
    assert (Person.objects.count(), Candidate.objects.count(), CandidateMove.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_nomination_is_not_dated_in_the_future(cohort, india_officer):
    with pytest.raises(ValidationError) as error:
        make_candidate(cohort, india_officer, nominated_on=TODAY + datetime.timedelta(1))
    assert set(error.value.message_dict) == {"nominated_on"}
    assert (Person.objects.count(), Candidate.objects.count(), CandidateMove.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_nomination_needs_its_day(cohort, india_officer):
    with pytest.raises(ValidationError) as error:
        make_candidate(cohort, india_officer, nominated_on=None)
    assert "nominated_on" in error.value.message_dict
    assert (Person.objects.count(), Candidate.objects.count(), CandidateMove.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_nomination_may_be_dated_today(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer, nominated_on=TODAY)
    assert history(candidate)[0][2] == TODAY


def test_a_nomination_refused_after_the_person_was_kept_saves_no_person(cohort, india_officer):
    """The course of another college is refused by the candidate's own check, after the
    person record was saved: the whole nomination is undone."""
    course = make_course(make_college("Other College"))
    person = Person(family_name="Nair", consent_given_on=DAY(2026, 1, 15))
    candidate = Candidate(
        cohort=cohort,
        college=make_college(),
        course=course,
        occupation=occupation("2221"),
        country_id="IN",
        nominated_on=NOMINATED_ON,
    )
    with pytest.raises(ValidationError) as error:
        nominate(candidate, person, india_officer)
    assert "course" in error.value.message_dict
    assert (Person.objects.count(), Candidate.objects.count(), CandidateMove.objects.count()) == (
        0,
        0,
        0,
    )


# --- the allowed moves --------------------------------------------------------------------


def test_the_candidate_transition_table_is_the_documented_one():
    assert {
        stage: set(targets) for stage, targets in services.CANDIDATE_TRANSITIONS.items()
    } == EXPECTED
    assert services.CANDIDATE_PATH == [
        C.NOMINATED,
        C.LANGUAGE,
        C.RECOGNITION,
        C.MATCHED,
        C.VISA,
        C.ARRIVED,
        C.PLACED,
    ]
    assert set(services.SEEKING) == {C.NOMINATED, C.LANGUAGE, C.RECOGNITION}


@pytest.mark.parametrize("to_stage", list(C))
@pytest.mark.parametrize("from_stage", list(C))
def test_every_move_between_two_stages(cohort, india_officer, from_stage, to_stage):
    position = make_position(places=2)
    candidate = at(from_stage, cohort, india_officer, position=position)
    assert candidate.stage == from_stage
    values = needs(to_stage, LATER, position)
    if to_stage in EXPECTED[from_stage]:
        moves = len(history(candidate))
        moved = move_candidate(candidate, to_stage, india_officer, on=LATER, **values)
        assert Candidate.objects.get(pk=candidate.pk).stage == to_stage == moved.stage
        assert history(candidate)[moves:] == [(from_stage, to_stage, LATER, india_officer.pk, "")]
    else:
        errors = refused(candidate, to_stage, india_officer, on=LATER, **values)
        assert set(errors) == {"stage"}


def test_an_unknown_stage_is_refused_at_the_stage(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    assert set(refused(candidate, "hired", india_officer, on=LATER)) == {"stage"}


def test_a_move_takes_only_the_fields_of_a_stage(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    with pytest.raises(TypeError):
        move_candidate(candidate, C.LANGUAGE, india_officer, on=LATER, notes="no")


def test_each_move_is_recorded_with_its_day_user_and_note(cohort, india_officer, japan_officer):
    candidate = make_candidate(cohort, india_officer)
    values = needs(C.LANGUAGE, ON[C.LANGUAGE])
    move_candidate(candidate, C.LANGUAGE, japan_officer, on=ON[C.LANGUAGE], note="B2", **values)
    assert history(candidate)[-1] == (
        C.NOMINATED,
        C.LANGUAGE,
        ON[C.LANGUAGE],
        japan_officer.pk,
        "B2",
    )


# --- what each stage needs ----------------------------------------------------------------


def test_the_language_stage_needs_the_level_and_the_day_of_the_certificate(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    errors = refused(candidate, C.LANGUAGE, india_officer, on=LATER)
    assert set(errors) == {"german_level", "german_certified_on"}


def test_a_certificate_dated_after_the_move_is_refused(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    errors = refused(
        candidate,
        C.LANGUAGE,
        india_officer,
        on=DAY(2026, 3, 1),
        german_level=LanguageLevel.B2,
        german_certified_on=DAY(2026, 3, 2),
    )
    assert set(errors) == {"german_certified_on"}


def test_the_language_stage_keeps_the_certificate(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    move_candidate(
        candidate,
        C.LANGUAGE,
        india_officer,
        on=DAY(2026, 3, 1),
        german_level=LanguageLevel.B1,
        german_certified_on=DAY(2026, 3, 1),
    )
    candidate.refresh_from_db()
    assert (candidate.german_level, candidate.german_certified_on) == ("B1", DAY(2026, 3, 1))


def test_the_recognition_stage_needs_the_recognition_and_the_authority(cohort, india_officer):
    candidate = at(C.LANGUAGE, cohort, india_officer)
    errors = refused(candidate, C.RECOGNITION, india_officer, on=LATER)
    assert set(errors) == {"recognition", "recognition_authority"}
    move_candidate(
        candidate,
        C.RECOGNITION,
        india_officer,
        on=LATER,
        recognition=Recognition.APPLIED,
        recognition_authority="Bezirksregierung Düsseldorf",
    )
    candidate.refresh_from_db()
    assert (candidate.recognition, candidate.recognition_authority) == (
        Recognition.APPLIED,
        "Bezirksregierung Düsseldorf",
    )


def test_matching_needs_a_position(cohort, india_officer):
    candidate = at(C.RECOGNITION, cohort, india_officer)
    assert set(refused(candidate, C.MATCHED, india_officer, on=LATER)) == {"position"}


def test_matching_needs_an_open_place_at_the_position(cohort, india_officer):
    position = make_position(places=1)
    at(C.MATCHED, cohort, india_officer, position=position, family_name="First")
    candidate = at(C.RECOGNITION, cohort, india_officer, family_name="Second")
    errors = refused(candidate, C.MATCHED, india_officer, on=LATER, position=position)
    assert set(errors) == {"position"}


def test_matching_keeps_the_position(cohort, india_officer):
    position = make_position(places=1)
    candidate = at(C.MATCHED, cohort, india_officer, position=position)
    assert Candidate.objects.get(pk=candidate.pk).position_id == position.pk


def test_placing_needs_a_start_date(cohort, india_officer):
    candidate = at(C.ARRIVED, cohort, india_officer)
    assert set(refused(candidate, C.PLACED, india_officer, on=LATER)) == {"starts_on"}


def test_placing_refuses_a_start_before_the_arrival(cohort, india_officer):
    candidate = at(C.ARRIVED, cohort, india_officer)
    errors = refused(
        candidate,
        C.PLACED,
        india_officer,
        on=LATER,
        starts_on=ON[C.ARRIVED] - datetime.timedelta(1),
    )
    assert set(errors) == {"starts_on"}


def test_placing_records_the_placement_at_the_position_from_the_start_date(cohort, india_officer):
    position = make_position(places=1)
    candidate = at(C.ARRIVED, cohort, india_officer, position=position)
    move_candidate(candidate, C.PLACED, india_officer, on=LATER, starts_on=ON[C.ARRIVED])
    placement = Placement.objects.get(candidate=candidate)
    assert (placement.position_id, placement.starts_on) == (position.pk, ON[C.ARRIVED])
    assert (placement.employed_after_6_months, placement.ended_on) == (None, None)


def test_withdrawing_needs_a_reason(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    assert set(refused(candidate, C.WITHDRAWN, india_officer, on=LATER)) == {"withdrawal_reason"}


def test_withdrawing_for_another_reason_needs_a_note(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    errors = refused(
        candidate, C.WITHDRAWN, india_officer, on=LATER, withdrawal_reason=WithdrawalReason.OTHER
    )
    assert set(errors) == {"withdrawal_note"}
    move_candidate(
        candidate,
        C.WITHDRAWN,
        india_officer,
        on=LATER,
        withdrawal_reason=WithdrawalReason.OTHER,
        withdrawal_note="Family moved to Canada",
    )
    candidate.refresh_from_db()
    assert (candidate.withdrawal_reason, candidate.withdrawal_note) == (
        WithdrawalReason.OTHER,
        "Family moved to Canada",
    )


def test_nominating_again_clears_why_the_candidate_withdrew(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    move_candidate(
        candidate,
        C.WITHDRAWN,
        india_officer,
        on=ON[C.WITHDRAWN],
        withdrawal_reason=WithdrawalReason.OTHER,
        withdrawal_note="Exam postponed",
    )
    move_candidate(candidate, C.NOMINATED, india_officer, on=LATER)
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.withdrawal_reason, candidate.withdrawal_note) == (
        C.NOMINATED,
        "",
        "",
    )


# --- the days of the moves ----------------------------------------------------------------


def test_a_move_is_not_dated_before_the_last_one(cohort, india_officer):
    candidate = at(C.LANGUAGE, cohort, india_officer)
    day_before = ON[C.LANGUAGE] - datetime.timedelta(1)
    values = needs(C.RECOGNITION, day_before)
    errors = refused(candidate, C.RECOGNITION, india_officer, on=day_before, **values)
    assert set(errors) == {"moved_on"}


def test_a_move_may_be_dated_the_day_of_the_last_one(cohort, india_officer):
    candidate = at(C.LANGUAGE, cohort, india_officer)
    values = needs(C.RECOGNITION, ON[C.LANGUAGE])
    moved = move_candidate(candidate, C.RECOGNITION, india_officer, on=ON[C.LANGUAGE], **values)
    assert (moved.stage, moved.stage_changed_on) == (C.RECOGNITION, ON[C.LANGUAGE])


def test_a_move_is_not_dated_in_the_future(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    tomorrow = TODAY + datetime.timedelta(1)
    values = needs(C.WITHDRAWN, tomorrow)
    errors = refused(candidate, C.WITHDRAWN, india_officer, on=tomorrow, **values)
    assert set(errors) == {"moved_on"}


def test_a_move_without_a_day_is_dated_today(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    moved = move_candidate(candidate, C.WITHDRAWN, india_officer, **needs(C.WITHDRAWN, TODAY))
    assert moved.stage_changed_on == TODAY
    assert history(candidate)[-1][2] == TODAY


def test_the_visa_is_granted_on_the_day_of_its_move(cohort, india_officer):
    candidate = at(C.MATCHED, cohort, india_officer)
    move_candidate(candidate, C.VISA, india_officer, on=DAY(2026, 6, 3))
    candidate.refresh_from_db()
    assert (candidate.visa_granted_on, candidate.arrived_on) == (DAY(2026, 6, 3), None)


def test_the_candidate_arrives_on_the_day_of_its_move(cohort, india_officer):
    candidate = at(C.VISA, cohort, india_officer)
    move_candidate(candidate, C.ARRIVED, india_officer, on=DAY(2026, 7, 4))
    candidate.refresh_from_db()
    assert (candidate.visa_granted_on, candidate.arrived_on) == (ON[C.VISA], DAY(2026, 7, 4))


# --- the stage changes only through a move ------------------------------------------------


def test_saving_a_candidate_does_not_change_their_stage(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    candidate.stage = C.LANGUAGE
    with pytest.raises(ValidationError):
        candidate.save()
    assert Candidate.objects.get(pk=candidate.pk).stage == C.NOMINATED


def test_saving_a_moved_candidate_does_not_change_their_stage(cohort, india_officer):
    candidate = at(C.LANGUAGE, cohort, india_officer)
    candidate.stage = C.PLACED
    with pytest.raises(ValidationError):
        candidate.save()
    assert Candidate.objects.get(pk=candidate.pk).stage == C.LANGUAGE


def test_saving_a_candidate_changes_their_other_fields(cohort, india_officer):
    candidate = Candidate.objects.get(pk=make_candidate(cohort, india_officer).pk)
    candidate.notes = "Prefers the Rhineland."
    candidate.save()
    assert Candidate.objects.get(pk=candidate.pk).notes == "Prefers the Rhineland."


# --- the places of a position --------------------------------------------------------------


def test_open_places_are_the_places_less_those_matched_or_placed(cohort, india_officer):
    position = make_position(places=4)
    assert open_places(position) == 4
    at(C.MATCHED, cohort, india_officer, position=position, family_name="Matched")
    at(C.ARRIVED, cohort, india_officer, position=position, family_name="Arrived")
    at(C.PLACED, cohort, india_officer, position=position, family_name="Placed")
    at(C.RECOGNITION, cohort, india_officer, family_name="Seeking")
    assert open_places(position) == 1


def test_a_withdrawn_candidate_frees_their_place(cohort, india_officer):
    position = make_position(places=1)
    candidate = at(C.MATCHED, cohort, india_officer, position=position)
    assert open_places(position) == 0
    move_candidate(candidate, C.WITHDRAWN, india_officer, on=LATER, **needs(C.WITHDRAWN, LATER))
    assert open_places(position) == 1


def test_a_placement_that_ended_frees_its_place(cohort, india_officer):
    position = make_position(places=1)
    candidate = at(C.PLACED, cohort, india_officer, position=position)
    assert open_places(position) == 0
    Placement.objects.filter(candidate=candidate).update(ended_on=DAY(2026, 11, 30))
    assert open_places(position) == 1


def test_open_places_may_leave_one_candidate_out(cohort, india_officer):
    position = make_position(places=2)
    first = at(C.MATCHED, cohort, india_officer, position=position, family_name="First")
    at(C.MATCHED, cohort, india_officer, position=position, family_name="Second")
    assert open_places(position) == 0
    assert open_places(position, but=first) == 1


def test_a_candidate_nominated_again_holds_no_place(cohort, india_officer):
    """Withdrawing keeps the position they were matched with; nominating again lets it
    go, so that the place is free for others."""
    position = make_position(places=1)
    candidate = at(C.MATCHED, cohort, india_officer, position=position)
    move_candidate(
        candidate,
        C.WITHDRAWN,
        india_officer,
        on=ON[C.WITHDRAWN],
        **needs(C.WITHDRAWN, ON[C.WITHDRAWN]),
    )
    assert open_places(position) == 1
    move_candidate(candidate, C.NOMINATED, india_officer, on=LATER)
    again = Candidate.objects.get(pk=candidate.pk)
    assert (again.stage, again.position_id) == (C.NOMINATED, None)
    assert open_places(position) == 1


def test_a_candidate_nominated_again_may_be_matched_with_the_position_they_left(
    cohort, india_officer
):
    """Their old position does not count against its only place once they start over."""
    position = make_position(places=1)
    candidate = at(C.MATCHED, cohort, india_officer, position=position)
    candidate = move_candidate(
        candidate,
        C.WITHDRAWN,
        india_officer,
        on=ON[C.WITHDRAWN],
        **needs(C.WITHDRAWN, ON[C.WITHDRAWN]),
    )
    candidate = walk(candidate, [C.NOMINATED, *PATHS[C.RECOGNITION]], india_officer, days=AGAIN)
    moved = move_candidate(candidate, C.MATCHED, india_officer, on=LATER, position=position)
    assert (moved.stage, moved.position_id) == (C.MATCHED, position.pk)


# --- matching candidates and positions ----------------------------------------------------


def certified(cohort, user, level, code="2221", course=None, **fields):
    """A candidate with a German certificate of `level`."""
    candidate = make_candidate(cohort, user, code=code, course=course, **fields)
    return move_candidate(
        candidate,
        C.LANGUAGE,
        user,
        on=ON[C.LANGUAGE],
        german_level=level,
        german_certified_on=ON[C.LANGUAGE],
    )


def test_the_same_occupation_with_enough_german_in_time_scores_six(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B2)
    position = make_position("2221", german_level=LanguageLevel.B2, starts_on=DAY(2026, 9, 1))
    match = fit(candidate, position)
    assert match.score == 6
    assert (match.candidate, match.position) == (candidate, position)
    assert len(match.reasons) == 3
    occupation_reason, german_reason, time_reason = match.reasons
    assert "same occupation" in occupation_reason
    assert "2221" in occupation_reason and "Nursing professionals" in occupation_reason
    assert "B2 required" in german_reason and "one level to go" not in german_reason
    assert "2026-09-01" in time_reason and "before" not in time_reason


def test_more_german_than_required_is_enough(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.C1)
    match = fit(candidate, make_position("2221", german_level=LanguageLevel.B1))
    assert match.score == 6
    assert "German C1, B1 required" in match.reasons[1]


def test_a_related_occupation_of_the_same_minor_group_scores_one(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B2, code="2221")
    match = fit(candidate, make_position("2222", german_level=LanguageLevel.B2))
    assert match.score == 1 + 2 + 1
    assert "related occupation" in match.reasons[0]
    assert "2222" in match.reasons[0] and "Midwifery" in match.reasons[0]


def test_another_minor_group_is_no_match(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.C2, code="2221")
    assert fit(candidate, make_position("3221", german_level="")) is None
    assert fit(candidate, make_position("7411", german_level="")) is None
    electrician = certified(cohort, india_officer, LanguageLevel.B1, code="7411", family_name="Das")
    assert fit(electrician, make_position("2221", german_level="")) is None
    assert fit(electrician, make_position("7412", german_level="")).score == 1 + 1


def test_german_two_levels_below_the_requirement_is_no_match(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B1)
    assert fit(candidate, make_position("2221", german_level=LanguageLevel.C1)) is None


def test_german_one_level_below_matches_without_its_points(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B1)
    match = fit(candidate, make_position("2221", german_level=LanguageLevel.B2))
    assert match.score == 3 + 1
    assert "B1" in match.reasons[1] and "B2 required" in match.reasons[1]
    assert "one level to go" in match.reasons[1]


def test_a_position_without_a_german_requirement_gives_no_german_points(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.A1)
    match = fit(candidate, make_position("2221", german_level=""))
    assert match.score == 3 + 1
    assert not any("German" in reason for reason in match.reasons)


def test_without_a_certificate_the_german_of_the_course_counts(cohort, india_officer):
    course = make_course(make_college(), "2221", german_level=LanguageLevel.B2)
    candidate = make_candidate(cohort, india_officer, course=course)
    match = fit(candidate, make_position("2221", german_level=LanguageLevel.B2))
    assert match.score == 6
    assert "German B2, B2 required" in match.reasons[1]
    low_course = make_course(course.college, "2221", german_level=LanguageLevel.A2, name="Care")
    other = make_candidate(cohort, india_officer, course=low_course, family_name="Das")
    assert fit(other, make_position("2221", german_level=LanguageLevel.B2)) is None


def test_the_certificate_counts_before_the_german_of_the_course(cohort, india_officer):
    course = make_course(make_college(), "2221", german_level=LanguageLevel.A2)
    candidate = certified(cohort, india_officer, LanguageLevel.B2, course=course)
    assert fit(candidate, make_position("2221", german_level=LanguageLevel.B2)).score == 6


def test_without_any_german_a1_is_one_level_to_go(cohort, india_officer):
    candidate = make_candidate(cohort, india_officer)
    match = fit(candidate, make_position("2221", german_level=LanguageLevel.A1))
    assert match.score == 3 + 1
    assert "A1 required" in match.reasons[1] and "one level to go" in match.reasons[1]
    assert fit(candidate, make_position("2221", german_level=LanguageLevel.A2)) is None


def test_a_position_starting_before_the_cohort_ends_loses_the_point_for_time(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B2)
    early = fit(candidate, make_position(starts_on=COHORT_ENDS_ON - datetime.timedelta(1)))
    assert early.score == 5
    assert "before the candidate is available" in early.reasons[2]
    assert COHORT_ENDS_ON.isoformat() in early.reasons[2]
    assert fit(candidate, make_position(starts_on=COHORT_ENDS_ON)).score == 6


def test_an_arrived_candidate_is_available_from_their_arrival(cohort, india_officer):
    candidate = at(C.ARRIVED, cohort, india_officer)
    assert candidate.arrived_on == ON[C.ARRIVED] < COHORT_ENDS_ON
    assert fit(candidate, make_position(starts_on=ON[C.ARRIVED])).score == 6
    early = fit(candidate, make_position(starts_on=ON[C.ARRIVED] - datetime.timedelta(1)))
    assert early.score == 5
    assert ON[C.ARRIVED].isoformat() in early.reasons[2]


def test_a_candidate_of_an_open_ended_cohort_is_available_in_time(programme, india_officer):
    open_ended = CohortFactory(programme=programme, starts_on=DAY(2026, 3, 1), ends_on=None)
    candidate = certified(open_ended, india_officer, LanguageLevel.B2)
    assert fit(candidate, make_position(starts_on=DAY(2026, 3, 1))).score == 6


def test_positions_for_a_candidate_best_first_then_the_earliest(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B2, code="2221")
    related = make_position("2222", starts_on=DAY(2026, 9, 1))
    later = make_position("2221", starts_on=DAY(2026, 10, 1))
    earlier = make_position("2221", starts_on=DAY(2026, 9, 15))
    more_german = make_position("2221", german_level=LanguageLevel.C1, starts_on=DAY(2026, 9, 2))
    make_position("2221", german_level=LanguageLevel.C2)  # two levels above
    make_position("3221")  # another minor group
    full = make_position("2221", places=1, starts_on=DAY(2026, 9, 3))
    at(C.MATCHED, cohort, india_officer, position=full, family_name="Other")
    matches = positions_for(candidate, OpenPosition.objects.all())
    assert [(match.position, match.score) for match in matches] == [
        (earlier, 6),
        (later, 6),
        (related, 4),
        (more_german, 4),
    ]


def test_positions_for_a_candidate_keep_the_place_they_hold(cohort, india_officer):
    position = make_position("2221", places=1)
    candidate = at(C.MATCHED, cohort, india_officer, position=position)
    assert open_places(position) == 0
    assert [match.position for match in positions_for(candidate, OpenPosition.objects.all())] == [
        position
    ]


def test_positions_for_a_candidate_only_from_the_given_ones(cohort, india_officer):
    candidate = certified(cohort, india_officer, LanguageLevel.B2)
    chosen = make_position("2221")
    make_position("2221")
    matches = positions_for(candidate, OpenPosition.objects.filter(pk=chosen.pk))
    assert [match.position for match in matches] == [chosen]


def test_candidates_for_a_position_are_those_still_seeking_best_first(cohort, india_officer):
    position = make_position("2221", places=3, german_level=LanguageLevel.B2)
    best = certified(cohort, india_officer, LanguageLevel.B2, family_name="Zachariah")
    at(C.RECOGNITION, cohort, india_officer, family_name="Recognised")  # B2, 2221: 6
    one_to_go = certified(cohort, india_officer, LanguageLevel.B1, family_name="Bose")
    related = certified(cohort, india_officer, LanguageLevel.B2, code="2222", family_name="Anand")
    nominated = make_candidate(cohort, india_officer, family_name="Menon")  # no German: None
    at(C.MATCHED, cohort, india_officer, family_name="Matched")
    at(C.WITHDRAWN, cohort, india_officer, family_name="Withdrawn")
    certified(cohort, india_officer, LanguageLevel.C2, code="3221", family_name="Other")
    matches = candidates_for(position, Candidate.objects.all())
    recognised = Candidate.objects.get(person__family_name="Recognised")
    assert [(str(match.candidate), match.score) for match in matches] == [
        (str(recognised), 6),
        (str(best), 6),
        (str(related), 4),
        (str(one_to_go), 4),
    ]
    assert nominated.pk not in {match.candidate.pk for match in matches}
    assert "one level to go" in matches[3].reasons[1]


def test_candidates_for_a_position_include_a_nominated_one(cohort, india_officer):
    course = make_course(make_college(), "2221", german_level=LanguageLevel.B2)
    candidate = make_candidate(cohort, india_officer, course=course)
    matches = candidates_for(make_position("2221"), Candidate.objects.all())
    assert [(match.candidate.pk, match.score) for match in matches] == [(candidate.pk, 6)]


def test_a_full_position_has_no_candidates(cohort, india_officer):
    position = make_position("2221", places=1)
    at(C.MATCHED, cohort, india_officer, position=position, family_name="Matched")
    certified(cohort, india_officer, LanguageLevel.B2, family_name="Seeking")
    assert candidates_for(position, Candidate.objects.all()) == []


# --- what a programme reports -------------------------------------------------------------

# A way walked a year earlier, so that the follow-up after 12 months can be answered.
ON_2025 = {stage: day.replace(year=2025) for stage, day in ON.items()}


def walked_in_2025(cohort, user, stages, recognition, **fields):
    candidate = make_candidate(
        cohort, user, nominated_on=DAY(2025, 2, 1), consent_given_on=DAY(2025, 1, 15), **fields
    )
    position = make_position(starts_on=DAY(2025, 9, 1))
    return walk(candidate, stages, user, position, days=ON_2025, recognition=recognition)


@pytest.fixture
def cohort_2025(india_desk):
    programme = ProgrammeFactory(
        kind="skilled_workers", desks=[india_desk], starts_on=DAY(2025, 1, 1)
    )
    return CohortFactory(programme=programme, starts_on=DAY(2025, 3, 1), ends_on=DAY(2025, 8, 31))


def test_candidate_figures_of_a_cohort(cohort_2025, cohort, india_officer):
    user = india_officer
    placed_path = PATHS[C.PLACED]
    employed = walked_in_2025(
        cohort_2025, user, placed_path, Recognition.PARTIAL, family_name="Employed"
    )
    left = walked_in_2025(cohort_2025, user, placed_path, Recognition.FULL, family_name="Left")
    walked_in_2025(cohort_2025, user, PATHS[C.RECOGNITION], Recognition.APPLIED, family_name="A")
    walked_in_2025(cohort_2025, user, [], Recognition.APPLIED, family_name="Nominated")
    walked_in_2025(cohort_2025, user, [C.WITHDRAWN], Recognition.APPLIED, family_name="Gone")
    placement = Placement.objects.get(candidate=employed)
    placement.employed_after_12_months = True
    placement.full_clean()
    placement.save()
    ended = Placement.objects.get(candidate=left)
    ended.ended_on = DAY(2026, 1, 31)
    ended.employed_after_6_months = False
    ended.full_clean()
    ended.save()
    at(C.RECOGNITION, cohort, user, family_name="This year")  # another cohort

    figures = candidate_figures(Candidate.objects.all())
    assert figures[cohort_2025.pk] == services.CandidateFigures(
        nominated=5, recognised=2, placed=2, still_employed=1
    )
    assert figures[cohort.pk] == services.CandidateFigures(1, 1, 0, 0)
    assert set(figures) == {cohort_2025.pk, cohort.pk}


def test_candidate_figures_by_occupation_and_by_country(cohort, india_officer):
    at(C.PLACED, cohort, india_officer, code="2221", family_name="Placed")
    at(C.RECOGNITION, cohort, india_officer, code="2221", family_name="Recognised")
    make_candidate(cohort, india_officer, code="2222", country="PH", family_name="Santos")
    by_occupation = candidate_figures(Candidate.objects.all(), by="occupation")
    assert by_occupation == {
        occupation("2221").pk: services.CandidateFigures(2, 2, 1, 0),
        occupation("2222").pk: services.CandidateFigures(1, 0, 0, 0),
    }
    by_country = candidate_figures(Candidate.objects.all(), by="country")
    assert by_country == {
        "IN": services.CandidateFigures(2, 2, 1, 0),
        "PH": services.CandidateFigures(1, 0, 0, 0),
    }


# --- the follow-ups of a placement --------------------------------------------------------


@pytest.fixture
def placement(cohort, india_officer):
    candidate = at(C.PLACED, cohort, india_officer)
    return Placement.objects.get(candidate=candidate)


@pytest.mark.parametrize("answer", [True, False])
@pytest.mark.parametrize(
    ("field", "starts_on"),
    [
        ("employed_after_6_months", DAY(2026, 6, 7)),
        ("employed_after_12_months", DAY(2025, 12, 7)),
    ],
)
def test_a_follow_up_is_not_answered_before_its_day(placement, field, starts_on, answer):
    placement.starts_on = starts_on
    setattr(placement, field, answer)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert set(error.value.message_dict) == {field}
    placement.starts_on -= datetime.timedelta(1)  # its day is today
    placement.full_clean()


def test_still_employed_after_12_months_is_refused_for_one_who_left_before(placement):
    placement.starts_on = DAY(2025, 6, 1)
    placement.employed_after_12_months = True
    placement.ended_on = DAY(2026, 5, 31)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert set(error.value.message_dict) == {"employed_after_12_months"}
    placement.ended_on = DAY(2026, 6, 1)  # left on the day of the follow-up
    placement.full_clean()
    placement.ended_on = DAY(2026, 5, 31)
    placement.employed_after_12_months = False
    placement.full_clean()


def test_still_employed_after_6_months_is_refused_for_one_who_left_before(placement):
    placement.starts_on = DAY(2026, 1, 10)
    placement.employed_after_6_months = True
    placement.ended_on = DAY(2026, 7, 9)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert set(error.value.message_dict) == {"employed_after_6_months"}


def test_a_placement_does_not_end_before_it_starts(placement):
    placement.ended_on = placement.starts_on - datetime.timedelta(1)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert set(error.value.message_dict) == {"ended_on"}
    placement.ended_on = placement.starts_on
    placement.full_clean()
