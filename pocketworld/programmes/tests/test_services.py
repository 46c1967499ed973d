"""The rules of a start-up's way through a cohort as the services keep them: enrolment, the
allowed moves and what each stage needs, their dates, settling as a won soft-landing
project, the figures a programme reports, and the cohort's matchmaking."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Country, FocusArea, Sector
from pocketworld.core.tests.factories import (
    CohortFactory,
    CompanyFactory,
    DeskFactory,
    DeskMembershipFactory,
    EventFactory,
    MembershipFactory,
    ParticipantFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)
from pocketworld.events.choices import ParticipantRole, RegistrationStatus
from pocketworld.events.models import MatchSuggestion, Participant
from pocketworld.programmes import services
from pocketworld.programmes.choices import DropReason, GoalMeasure, MembershipStage, MilestoneKind
from pocketworld.programmes.models import Membership, MembershipMove, Milestone
from pocketworld.programmes.services import (
    StartupFigures,
    allowed_stages,
    enrol,
    join_matchmaking,
    matches_of,
    move_membership,
    startup_figures,
)
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import create_project, move_stage

pytestmark = pytest.mark.django_db

S = MembershipStage
DAY = datetime.date
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = DAY(2026, 12, 6)

EXPECTED = {
    S.APPLICATION: {S.SELECTED, S.DROPPED},
    S.SELECTED: {S.ONBOARDING, S.DROPPED},
    S.ONBOARDING: {S.IN_PROGRAMME, S.DROPPED},
    S.IN_PROGRAMME: {S.COMPLETED, S.DROPPED, S.SETTLED},
    S.COMPLETED: {S.SETTLED},
    S.DROPPED: {S.APPLICATION},
    S.SETTLED: set(),
}
# The way to each stage from the application, and the day of each step (the cohort
# starts on 2026-03-01, the application is dated 2026-02-01).
PATHS = {
    S.APPLICATION: [],
    S.SELECTED: [S.SELECTED],
    S.ONBOARDING: [S.SELECTED, S.ONBOARDING],
    S.IN_PROGRAMME: [S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME],
    S.COMPLETED: [S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME, S.COMPLETED],
    S.SETTLED: [S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME, S.COMPLETED, S.SETTLED],
    S.DROPPED: [S.DROPPED],
}
ON = {
    S.SELECTED: DAY(2026, 2, 10),
    S.ONBOARDING: DAY(2026, 2, 20),
    S.IN_PROGRAMME: DAY(2026, 3, 2),
    S.COMPLETED: DAY(2026, 6, 30),
    S.SETTLED: DAY(2026, 7, 15),
    S.DROPPED: DAY(2026, 4, 1),
    S.APPLICATION: DAY(2026, 5, 1),
}
SETTLE = {"realised_jobs": 4, "realised_investment": Decimal("250000")}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 6, 10, tzinfo=BERLIN), tick=False)
    return TODAY


@pytest.fixture
def cohort(japan_desk):
    return CohortFactory(programme=ProgrammeFactory(desks=[japan_desk]))


def prepare(membership, stage, on):
    """Give the start-up what a move to `stage` on `on` needs; the values the move takes."""
    if stage == S.IN_PROGRAMME and not membership.mentors.exists():
        membership.mentors.add(PersonFactory())
    if stage == S.SETTLED:
        Milestone.objects.get_or_create(
            membership=membership,
            kind=MilestoneKind.REGISTERED_COMPANY,
            defaults={"reached_on": on},
        )
        return dict(SETTLE)
    if stage == S.DROPPED:
        return {"drop_reason": DropReason.WITHDREW}
    return {}


def walk(membership, stages, user):
    """The start-up moved along `stages`, each on its day of ON, with what each needs."""
    for stage in stages:
        values = prepare(membership, stage, ON[stage])
        membership = move_membership(membership, stage, user, on=ON[stage], **values)
    return membership


def at(stage, cohort, user, **fields):
    """A new start-up of `cohort` brought to `stage` along its way."""
    return walk(MembershipFactory(cohort=cohort, **fields), PATHS[stage], user)


def history(membership):
    return list(
        MembershipMove.objects.filter(membership=membership).values_list(
            "from_stage", "to_stage", "moved_on", "moved_by", "note"
        )
    )


def refused(membership, stage, user, **kwargs):
    """The errors of a refused move, checked to have left the start-up as it was."""
    before = Membership.objects.get(pk=membership.pk)
    moves = history(membership)
    projects = set(Project.objects.values_list("pk", "stage"))
    with pytest.raises(ValidationError) as error:
        move_membership(membership, stage, user, **kwargs)
    after = Membership.objects.get(pk=membership.pk)
    assert (after.stage, after.stage_changed_on, after.project_id) == (
        before.stage,
        before.stage_changed_on,
        before.project_id,
    )
    assert (after.drop_reason, after.drop_note) == (before.drop_reason, before.drop_note)
    assert history(membership) == moves
    assert set(Project.objects.values_list("pk", "stage")) == projects
    return error.value.message_dict


def linked_project(membership, user, stage=Stage.LEAD):
    """A soft-landing project of the start-up's company in the pipeline, linked to it."""
    project = create_project(
        Project(
            title="Soft landing",
            kind=ProjectKind.SOFT_LANDING,
            company=membership.company,
            desk=membership.company.desk,
            owner=user,
            source=ProjectSource.PROGRAMME,
        ),
        user,
        when=datetime.datetime(2026, 5, 1, 9, tzinfo=BERLIN),
    )
    if stage in (Stage.DECISION, Stage.WON):
        project = move_stage(
            project, Stage.DECISION, user, when=datetime.datetime(2026, 6, 1, 9, tzinfo=BERLIN)
        )
    if stage == Stage.WON:
        project = move_stage(
            project,
            Stage.WON,
            user,
            when=datetime.datetime(2026, 6, 2, 9, tzinfo=BERLIN),
            realised_jobs=30,
            realised_investment=Decimal("5000000"),
        )
    membership.project = project
    membership.save()
    return project


# --- the allowed moves --------------------------------------------------------------------


def test_transition_table_is_the_documented_one():
    assert {stage: set(targets) for stage, targets in services.TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("from_stage", list(S))
@pytest.mark.parametrize("to_stage", list(S))
def test_every_move_between_two_stages(cohort, japan_officer, from_stage, to_stage):
    membership = at(from_stage, cohort, japan_officer)
    assert membership.stage == from_stage
    values = prepare(membership, to_stage, TODAY)
    if to_stage in EXPECTED[from_stage]:
        moved = move_membership(membership, to_stage, japan_officer, note="Moved on", **values)
        assert (moved.stage, moved.stage_changed_on) == (to_stage, TODAY)
        assert history(membership)[-1] == (
            from_stage,
            to_stage,
            TODAY,
            japan_officer.pk,
            "Moved on",
        )
    else:
        errors = refused(membership, to_stage, japan_officer, **values)
        assert set(errors) == {"stage"}


def test_the_next_stage_of_the_way_is_offered_first(cohort, japan_officer):
    membership = at(S.IN_PROGRAMME, cohort, japan_officer)
    assert allowed_stages(membership) == [S.COMPLETED, S.DROPPED, S.SETTLED]
    assert allowed_stages(at(S.SETTLED, cohort, japan_officer)) == []


def test_an_unknown_stage_is_refused_at_the_stage(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    assert set(refused(membership, "graduated", japan_officer)) == {"stage"}


def test_a_move_takes_only_the_fields_of_a_stage(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    with pytest.raises(TypeError):
        move_membership(membership, S.SELECTED, japan_officer, notes="Smuggled")
    assert Membership.objects.get(pk=membership.pk).stage == S.APPLICATION


# --- what each stage needs ----------------------------------------------------------------


def test_dropping_out_needs_a_reason(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    assert set(refused(membership, S.DROPPED, japan_officer)) == {"drop_reason"}
    assert set(refused(membership, S.DROPPED, japan_officer, drop_reason="")) == {"drop_reason"}
    dropped = move_membership(membership, S.DROPPED, japan_officer, drop_reason=DropReason.NO_FIT)
    assert (dropped.stage, dropped.drop_reason, dropped.drop_note) == (
        S.DROPPED,
        DropReason.NO_FIT,
        "",
    )


def test_dropping_out_for_another_reason_needs_a_note(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    errors = refused(membership, S.DROPPED, japan_officer, drop_reason=DropReason.OTHER)
    assert set(errors) == {"drop_note"}
    dropped = move_membership(
        membership,
        S.DROPPED,
        japan_officer,
        drop_reason=DropReason.OTHER,
        drop_note="Acquired by a competitor",
    )
    assert (dropped.drop_reason, dropped.drop_note) == (
        DropReason.OTHER,
        "Acquired by a competitor",
    )


def test_a_startup_in_the_programme_has_a_mentor(cohort, japan_officer):
    membership = at(S.ONBOARDING, cohort, japan_officer)
    errors = refused(membership, S.IN_PROGRAMME, japan_officer)
    assert set(errors) == {NON_FIELD_ERRORS}
    membership.mentors.add(PersonFactory())
    assert move_membership(membership, S.IN_PROGRAMME, japan_officer).stage == S.IN_PROGRAMME


def test_settling_needs_a_registered_company_reached_by_the_move_day(cohort, japan_officer):
    membership = at(S.COMPLETED, cohort, japan_officer)
    on = DAY(2026, 8, 1)
    assert set(refused(membership, S.SETTLED, japan_officer, on=on, **SETTLE)) == {NON_FIELD_ERRORS}
    # Another milestone reached is not a company registered here.
    Milestone.objects.create(
        membership=membership, kind=MilestoneKind.OPENED_OFFICE, reached_on=DAY(2026, 7, 1)
    )
    assert set(refused(membership, S.SETTLED, japan_officer, on=on, **SETTLE)) == {NON_FIELD_ERRORS}
    # Set out, not reached; then reached only after the move's day.
    registered = Milestone.objects.create(
        membership=membership, kind=MilestoneKind.REGISTERED_COMPANY, due_on=DAY(2026, 7, 1)
    )
    assert set(refused(membership, S.SETTLED, japan_officer, on=on, **SETTLE)) == {NON_FIELD_ERRORS}
    registered.reached_on = DAY(2026, 8, 2)
    registered.save()
    assert set(refused(membership, S.SETTLED, japan_officer, on=on, **SETTLE)) == {NON_FIELD_ERRORS}
    registered.reached_on = on
    registered.save()
    settled = move_membership(membership, S.SETTLED, japan_officer, on=on, **SETTLE)
    assert (settled.stage, settled.stage_changed_on) == (S.SETTLED, on)


def test_settling_needs_the_jobs_and_the_investment(cohort, japan_officer):
    membership = at(S.COMPLETED, cohort, japan_officer)
    prepare(membership, S.SETTLED, ON[S.COMPLETED])
    assert set(refused(membership, S.SETTLED, japan_officer)) == {
        "realised_jobs",
        "realised_investment",
    }
    assert set(refused(membership, S.SETTLED, japan_officer, realised_investment=Decimal("1"))) == {
        "realised_jobs"
    }
    assert set(refused(membership, S.SETTLED, japan_officer, realised_jobs=3)) == {
        "realised_investment"
    }
    # No jobs (yet) is an answer.
    settled = move_membership(
        membership, S.SETTLED, japan_officer, realised_jobs=0, realised_investment=Decimal("0")
    )
    assert (settled.project.realised_jobs, settled.project.realised_investment) == (0, 0)


def test_settling_with_a_won_project_needs_no_jobs(cohort, japan_officer):
    membership = at(S.COMPLETED, cohort, japan_officer)
    prepare(membership, S.SETTLED, ON[S.COMPLETED])
    project = linked_project(membership, japan_officer, Stage.WON)
    changes = project.stage_changes.count()
    settled = move_membership(membership, S.SETTLED, japan_officer)
    assert settled.stage == S.SETTLED
    assert settled.project == project
    project.refresh_from_db()
    assert (project.stage, project.realised_jobs) == (Stage.WON, 30)
    assert project.stage_changes.count() == changes
    assert Project.objects.count() == 1


# --- dates in order -----------------------------------------------------------------------


def test_a_move_is_not_dated_before_the_last_one(cohort, japan_officer):
    membership = at(S.SELECTED, cohort, japan_officer)
    errors = refused(
        membership, S.ONBOARDING, japan_officer, on=ON[S.SELECTED] - datetime.timedelta(1)
    )
    assert set(errors) == {"moved_on"}
    # The same day as the last move is in order.
    moved = move_membership(membership, S.ONBOARDING, japan_officer, on=ON[S.SELECTED])
    assert moved.stage_changed_on == ON[S.SELECTED]


def test_a_move_is_not_dated_in_the_future(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    errors = refused(membership, S.SELECTED, japan_officer, on=TODAY + datetime.timedelta(1))
    assert set(errors) == {"moved_on"}
    assert (
        move_membership(membership, S.SELECTED, japan_officer, on=TODAY).stage_changed_on == TODAY
    )


def test_a_move_without_a_day_is_dated_today(cohort, japan_officer):
    moved = move_membership(MembershipFactory(cohort=cohort), S.SELECTED, japan_officer)
    assert moved.stage_changed_on == TODAY
    assert history(moved)[-1][2] == TODAY


def test_the_programme_itself_is_not_dated_before_the_cohort_starts(cohort, japan_officer):
    membership = at(S.ONBOARDING, cohort, japan_officer)  # onboarding before the start is fine
    assert membership.stage_changed_on < cohort.starts_on
    membership.mentors.add(PersonFactory())
    errors = refused(membership, S.IN_PROGRAMME, japan_officer, on=DAY(2026, 2, 28))
    assert set(errors) == {"moved_on"}
    moved = move_membership(membership, S.IN_PROGRAMME, japan_officer, on=cohort.starts_on)
    assert moved.stage_changed_on == cohort.starts_on


def test_completing_is_not_dated_before_the_cohort_starts(cohort, japan_officer):
    membership = at(S.IN_PROGRAMME, cohort, japan_officer)
    # The cohort was put off after the start-up began it.
    cohort.starts_on = DAY(2026, 9, 1)
    cohort.save()
    errors = refused(membership, S.COMPLETED, japan_officer, on=DAY(2026, 8, 31))
    assert set(errors) == {"moved_on"}
    # Dropping out is not a stage of the cohort itself.
    dropped = move_membership(
        membership, S.DROPPED, japan_officer, on=DAY(2026, 8, 31), drop_reason=DropReason.WITHDREW
    )
    assert dropped.stage == S.DROPPED


def test_an_application_is_not_dated_in_the_future(cohort, japan_officer):
    company = CompanyFactory()
    membership = Membership(
        cohort=cohort, company=company, applied_on=TODAY + datetime.timedelta(1)
    )
    with pytest.raises(ValidationError) as error:
        enrol(membership, japan_officer)
    assert set(error.value.message_dict) == {"applied_on"}
    assert not Membership.objects.exists()
    assert not MembershipMove.objects.exists()
    enrolled = enrol(Membership(cohort=cohort, company=company, applied_on=TODAY), japan_officer)
    assert enrolled.stage == S.APPLICATION


# --- what a move records ------------------------------------------------------------------


def test_enrolling_records_the_application_as_the_first_move(cohort, japan_officer):
    membership = enrol(
        Membership(cohort=cohort, company=CompanyFactory(), applied_on=DAY(2026, 2, 3)),
        japan_officer,
        note="Via the website",
    )
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.stage, stored.stage_changed_on) == (S.APPLICATION, DAY(2026, 2, 3))
    assert history(membership) == [
        ("", S.APPLICATION, DAY(2026, 2, 3), japan_officer.pk, "Via the website")
    ]


def test_each_move_is_recorded_with_its_day_user_and_note(cohort, japan_officer, japan_assistant):
    membership = MembershipFactory(cohort=cohort)
    membership = move_membership(
        membership, S.SELECTED, japan_officer, on=DAY(2026, 2, 10), note="Strong pitch"
    )
    membership = move_membership(membership, S.ONBOARDING, japan_assistant, on=DAY(2026, 2, 20))
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.stage, stored.stage_changed_on) == (S.ONBOARDING, DAY(2026, 2, 20))
    assert history(membership) == [
        ("", S.APPLICATION, DAY(2026, 2, 1), None, ""),
        (S.APPLICATION, S.SELECTED, DAY(2026, 2, 10), japan_officer.pk, "Strong pitch"),
        (S.SELECTED, S.ONBOARDING, DAY(2026, 2, 20), japan_assistant.pk, ""),
    ]


def test_saving_a_membership_does_not_change_its_stage(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    membership.stage = S.SELECTED
    with pytest.raises(ValidationError):
        membership.save()
    fetched = Membership.objects.get(pk=membership.pk)
    assert fetched.stage == S.APPLICATION
    fetched.stage = S.SETTLED
    with pytest.raises(ValidationError):
        fetched.save()
    assert Membership.objects.get(pk=membership.pk).stage == S.APPLICATION
    assert len(history(membership)) == 1
    # Other fields are saved as ever.
    fetched.stage = S.APPLICATION
    fetched.notes = "Met at the fair"
    fetched.save()
    assert Membership.objects.get(pk=membership.pk).notes == "Met at the fair"


# --- settling as a won soft-landing project -----------------------------------------------


def test_settling_records_a_won_soft_landing_project(cohort, japan_officer, japan_desk):
    partners = PartnerOrganisationFactory.create_batch(2)
    cohort.programme.partners.set(partners)
    PartnerOrganisationFactory()  # not the programme's
    membership = at(S.COMPLETED, cohort, japan_officer)
    prepare(membership, S.SETTLED, ON[S.COMPLETED])
    settled = move_membership(
        membership,
        S.SETTLED,
        japan_officer,
        on=DAY(2026, 7, 15),
        note="Registered in Düsseldorf",
        realised_jobs=6,
        realised_investment=Decimal("750000"),
    )
    project = Project.objects.get()
    assert Membership.objects.get(pk=membership.pk).project == project == settled.project
    assert (
        project.kind,
        project.source,
        project.company,
        project.desk,
        project.owner,
        project.stage,
        project.realised_jobs,
        project.realised_investment,
    ) == (
        ProjectKind.SOFT_LANDING,
        ProjectSource.PROGRAMME,
        membership.company,
        japan_desk,
        japan_officer,
        Stage.WON,
        6,
        Decimal("750000"),
    )
    assert set(project.partners.all()) == set(partners)
    change = project.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        "",
        Stage.WON,
        japan_officer,
        "Registered in Düsseldorf",
    )
    assert change.changed_at.astimezone(BERLIN).date() == DAY(2026, 7, 15)


def test_settling_straight_from_the_programme_records_a_project_too(cohort, japan_officer):
    membership = at(S.IN_PROGRAMME, cohort, japan_officer)
    settled = move_membership(
        membership, S.SETTLED, japan_officer, **prepare(membership, S.SETTLED, ON[S.COMPLETED])
    )
    assert settled.project.stage == Stage.WON
    assert history(membership)[-1][:2] == (S.IN_PROGRAMME, S.SETTLED)


def test_a_settled_project_is_the_companys_desks_when_the_programme_has_it(
    japan_desk, india_desk, japan_officer
):
    cohort = CohortFactory(programme=ProgrammeFactory(desks=[japan_desk, india_desk]))
    company = CompanyFactory(country=Country.objects.get(code="IN"))
    assert company.desk == india_desk
    membership = at(S.COMPLETED, cohort, japan_officer, company=company)
    settled = move_membership(
        membership, S.SETTLED, japan_officer, **prepare(membership, S.SETTLED, ON[S.COMPLETED])
    )
    assert settled.project.desk == india_desk


def test_else_a_settled_project_is_a_programme_desk_the_user_works_at(
    japan_desk, india_desk, director
):
    elsewhere = DeskFactory()
    assert india_desk.pk < elsewhere.pk
    cohort = CohortFactory(programme=ProgrammeFactory(desks=[elsewhere, india_desk]))
    officer = UserFactory()
    DeskMembershipFactory(desk=elsewhere, user=officer, role=DeskRole.OFFICER)
    officers = at(S.COMPLETED, cohort, officer)  # a Japanese company: the Japan desk's
    assert officers.company.desk == japan_desk
    settled = move_membership(
        officers, S.SETTLED, officer, **prepare(officers, S.SETTLED, ON[S.COMPLETED])
    )
    assert settled.project.desk == elsewhere
    # One who works at none of them: the programme's first desk.
    directors = at(S.COMPLETED, cohort, director)
    settled = move_membership(
        directors, S.SETTLED, director, **prepare(directors, S.SETTLED, ON[S.COMPLETED])
    )
    assert settled.project.desk == india_desk


def test_settling_wins_its_project_at_decision(cohort, japan_officer):
    membership = at(S.COMPLETED, cohort, japan_officer)
    values = prepare(membership, S.SETTLED, ON[S.COMPLETED])
    project = linked_project(membership, japan_officer, Stage.DECISION)
    settled = move_membership(
        membership, S.SETTLED, japan_officer, on=DAY(2026, 7, 15), note="Done", **values
    )
    assert settled.project == project
    assert Project.objects.count() == 1
    project.refresh_from_db()
    assert (project.stage, project.realised_jobs, project.realised_investment) == (
        Stage.WON,
        4,
        Decimal("250000"),
    )
    change = project.stage_changes.latest("changed_at")
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        Stage.DECISION,
        Stage.WON,
        japan_officer,
        "Done",
    )
    assert change.changed_at.astimezone(BERLIN).date() == DAY(2026, 7, 15)


@pytest.mark.parametrize("stage", [Stage.LEAD, Stage.PROPOSAL])
def test_settling_refuses_a_project_not_yet_at_decision(cohort, japan_officer, stage):
    membership = at(S.COMPLETED, cohort, japan_officer)
    values = prepare(membership, S.SETTLED, ON[S.COMPLETED])
    project = linked_project(membership, japan_officer)
    if stage != Stage.LEAD:
        project = move_stage(project, stage, japan_officer)
    errors = refused(membership, S.SETTLED, japan_officer, **values)
    assert set(errors) == {"project"}
    assert "a project is won from “decision”" in errors["project"][0]
    assert Project.objects.get().stage == stage
    assert not Project.objects.filter(stage=Stage.WON).exists()


def test_settling_refuses_a_project_the_user_may_not_change(
    japan_desk, india_desk, japan_officer, india_officer
):
    cohort = CohortFactory(programme=ProgrammeFactory(desks=[japan_desk, india_desk]))
    membership = at(S.COMPLETED, cohort, india_officer)
    values = prepare(membership, S.SETTLED, ON[S.COMPLETED])
    project = linked_project(membership, japan_officer, Stage.DECISION)
    assert project.desk == japan_desk
    errors = refused(membership, S.SETTLED, india_officer, **values)
    assert set(errors) == {"project"}


# --- applying again -----------------------------------------------------------------------


def test_applying_again_clears_why_it_dropped_out(cohort, japan_officer):
    membership = MembershipFactory(cohort=cohort)
    membership = move_membership(
        membership,
        S.DROPPED,
        japan_officer,
        on=DAY(2026, 3, 1),
        drop_reason=DropReason.OTHER,
        drop_note="Visa delayed",
    )
    again = move_membership(membership, S.APPLICATION, japan_officer, on=DAY(2026, 5, 1))
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.stage, stored.drop_reason, stored.drop_note) == (S.APPLICATION, "", "")
    assert (again.drop_reason, again.drop_note) == ("", "")
    assert history(membership)[-1][:3] == (S.DROPPED, S.APPLICATION, DAY(2026, 5, 1))


# --- the figures a programme reports ------------------------------------------------------


def settle(membership, user, jobs):
    values = prepare(membership, S.SETTLED, ON[S.SETTLED])
    values["realised_jobs"] = jobs
    return move_membership(membership, S.SETTLED, user, on=ON[S.SETTLED], **values)


def test_startup_figures_count_each_stage_a_startup_passed(cohort, japan_officer):
    at(S.APPLICATION, cohort, japan_officer)
    selected = at(S.SELECTED, cohort, japan_officer)
    move_membership(selected, S.DROPPED, japan_officer, drop_reason=DropReason.NO_FUNDING)
    at(S.COMPLETED, cohort, japan_officer)
    settle(at(S.IN_PROGRAMME, cohort, japan_officer), japan_officer, jobs=4)
    settle(at(S.COMPLETED, cohort, japan_officer), japan_officer, jobs=3)
    figures = startup_figures(Membership.objects.all())
    assert figures == {
        cohort.pk: StartupFigures(
            applications=5, selected=4, completed=3, settled=2, dropped=1, jobs=7
        )
    }


def test_startup_figures_keep_cohorts_apart(cohort, japan_officer):
    other = CohortFactory(programme=cohort.programme)
    settle(at(S.COMPLETED, cohort, japan_officer), japan_officer, jobs=5)
    at(S.SELECTED, other, japan_officer)
    at(S.DROPPED, other, japan_officer)
    figures = startup_figures(Membership.objects.all())
    assert figures == {
        cohort.pk: StartupFigures(applications=1, selected=1, completed=1, settled=1, jobs=5),
        other.pk: StartupFigures(applications=2, selected=1, dropped=1),
    }
    assert startup_figures(Membership.objects.filter(cohort=other)) == {
        other.pk: StartupFigures(applications=2, selected=1, dropped=1)
    }
    assert startup_figures(Membership.objects.none()) == {}


def test_startup_figures_count_jobs_only_of_won_projects(cohort, japan_officer):
    settled = settle(at(S.COMPLETED, cohort, japan_officer), japan_officer, jobs=5)
    move_stage(settled.project, Stage.ON_HOLD, japan_officer)
    figures = startup_figures(Membership.objects.all())
    assert (figures[cohort.pk].settled, figures[cohort.pk].jobs) == (1, 0)


def test_a_goal_is_measured_by_its_figure():
    figures = StartupFigures(
        applications=10, selected=6, completed=5, settled=3, dropped=2, jobs=17
    )
    assert {measure: figures.for_goal(measure) for measure in GoalMeasure} == {
        GoalMeasure.APPLICATIONS: 10,
        GoalMeasure.SELECTED: 6,
        GoalMeasure.COMPLETED: 5,
        GoalMeasure.SETTLED: 3,
        GoalMeasure.JOBS: 17,
        GoalMeasure.NOMINATED: None,
        GoalMeasure.RECOGNISED: None,
        GoalMeasure.PLACED: None,
        GoalMeasure.STILL_EMPLOYED: None,
    }
    assert figures.for_goal("jobs") == 17


def test_figures_add_up():
    total = StartupFigures(applications=1, selected=1, jobs=2)
    total.add(StartupFigures(applications=3, settled=1, dropped=1, jobs=5))
    assert total == StartupFigures(applications=4, selected=1, settled=1, dropped=1, jobs=7)


# --- matchmaking at the cohort's event ----------------------------------------------------


def test_joining_matchmaking_adds_the_startups_of_the_cohort(cohort, japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk])
    cohort.event = event
    cohort.save()
    sectors = list(Sector.objects.order_by("code")[:2])
    focus_area = FocusArea.objects.first()
    by_stage = {}
    for stage in S:
        company = CompanyFactory(description=f"A start-up at {stage}")
        company.sectors.set(sectors)
        if focus_area:
            company.focus_areas.add(focus_area)
        by_stage[stage] = at(stage, cohort, japan_officer, company=company, startup_stage="seed")
    already = at(S.IN_PROGRAMME, cohort, japan_officer)
    ParticipantFactory(event=event, company=already.company, role=ParticipantRole.EXHIBITOR)
    elsewhere = at(S.SELECTED, CohortFactory(programme=cohort.programme), japan_officer)

    assert join_matchmaking(cohort, japan_officer) == 4

    matched = {S.SELECTED, S.ONBOARDING, S.IN_PROGRAMME, S.COMPLETED}
    added = Participant.objects.filter(event=event).exclude(company=already.company)
    assert {participant.company for participant in added} == {
        by_stage[stage].company for stage in matched
    }
    for participant in added.select_related("profile", "company"):
        assert (participant.role, participant.status, participant.person) == (
            ParticipantRole.VISITOR,
            RegistrationStatus.CONFIRMED,
            None,
        )
        profile = participant.profile
        assert (profile.stage, profile.offers) == ("seed", participant.company.description)
        assert list(profile.sectors.order_by("code")) == sectors
        assert list(profile.focus_areas.all()) == ([focus_area] if focus_area else [])
    # The company already taking part keeps its one registration; the other cohort's stays out.
    kept = Participant.objects.get(event=event, company=already.company)
    assert kept.role == ParticipantRole.EXHIBITOR
    assert not Participant.objects.filter(company=elsewhere.company).exists()
    # Joining again adds no one.
    assert join_matchmaking(cohort, japan_officer) == 0
    assert Participant.objects.filter(event=event).count() == 5


def test_joining_matchmaking_needs_the_cohorts_event(cohort, japan_officer):
    at(S.SELECTED, cohort, japan_officer)
    with pytest.raises(ValidationError) as error:
        join_matchmaking(cohort, japan_officer)
    assert set(error.value.message_dict) == {"event"}
    assert not Participant.objects.exists()


def test_joining_matchmaking_needs_leave_to_change_the_event(
    cohort, japan_desk, japan_officer, india_officer
):
    cohort.event = EventFactory(desks=[japan_desk])
    cohort.save()
    at(S.SELECTED, cohort, japan_officer)
    with pytest.raises(ValidationError) as error:
        join_matchmaking(cohort, india_officer)
    assert set(error.value.message_dict) == {"event"}
    assert not Participant.objects.exists()


def test_the_matches_of_a_startup_are_its_pairs_best_first(cohort, japan_desk, japan_officer):
    event = EventFactory(desks=[japan_desk])
    cohort.event = event
    cohort.save()
    membership = at(S.IN_PROGRAMME, cohort, japan_officer)
    before = ParticipantFactory(event=event)  # a lower id: the start-up is second in its pair
    startup = ParticipantFactory(event=event, company=membership.company)
    after = ParticipantFactory(event=event)
    unrelated = ParticipantFactory(event=event)
    weaker = MatchSuggestion.objects.create(
        event=event,
        first=before,
        second=startup,
        score=0.4,
        reasons=[{"code": "same_desk", "detail": ""}],
    )
    better = MatchSuggestion.objects.create(
        event=event,
        first=startup,
        second=after,
        score=0.9,
        reasons=[{"code": "same_sector", "detail": "Manufacturing"}],
    )
    MatchSuggestion.objects.create(event=event, first=before, second=unrelated, score=0.99)
    # The same company's pair at another event is not the cohort's.
    other = EventFactory(desks=[japan_desk])
    MatchSuggestion.objects.create(
        event=other,
        first=ParticipantFactory(event=other, company=membership.company),
        second=ParticipantFactory(event=other),
        score=1.0,
    )

    matches = matches_of(membership, japan_officer)

    assert [(match.suggestion, match.other) for match in matches] == [
        (better, after),
        (weaker, before),
    ]
    assert matches[0].reasons == ["the same sector (Manufacturing)"]
    assert matches[1].reasons == ["looked after by the same desk"]
    assert [match.meeting for match in matches] == [None, None]


def test_a_startup_has_no_matches_without_an_event(cohort, japan_officer):
    assert matches_of(MembershipFactory(cohort=cohort), japan_officer) == []


# --- bugs found while writing these tests -------------------------------------------------


# shows the bug: move_membership (services.py, the select_for_update() at the start of it)
# locks the membership while select_related follows its nullable `project`, an outer join;
# PostgreSQL refuses that ("FOR UPDATE cannot be applied to the nullable side of an outer
# join", NotSupportedError), so every move fails there. SQLite ignores FOR UPDATE: this
# passes on SQLite and fails on PostgreSQL (as every test here that moves a start-up does).
# Locking the membership alone, select_for_update(of=("self",)), makes them all pass.
def test_a_start_up_moves_on_every_database(cohort, japan_officer):
    moved = move_membership(MembershipFactory(cohort=cohort), S.SELECTED, japan_officer)
    assert Membership.objects.get(pk=moved.pk).stage == S.SELECTED


# Found and shown first as a bug: settling "today" (the move form's default day) before noon
# dated the won project at 12:00 today, a moment still to come, and the pipeline then refused
# to move that project until noon ("A stage change cannot be dated before the project's last
# one"). services.moment_of (noon, or now if that is still to come) fixed it meanwhile.
def test_a_project_settled_this_morning_may_be_moved_on_at_once(
    cohort, japan_officer, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 6, 9, tzinfo=BERLIN), tick=False)
    membership = at(S.COMPLETED, cohort, japan_officer)
    settled = move_membership(
        membership, S.SETTLED, japan_officer, **prepare(membership, S.SETTLED, TODAY)
    )
    assert settled.project.stage_changed_at <= timezone.now()
    move_stage(settled.project, Stage.ON_HOLD, japan_officer)
    assert Project.objects.get().stage == Stage.ON_HOLD
