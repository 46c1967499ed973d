"""The stage rules: every transition, reasons for losses, realised figures for wins."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pocketworld.core.tests.factories import ProjectFactory
from pocketworld.projects.choices import OPEN_STAGES, LossReason, Stage
from pocketworld.projects.models import TRANSITIONS, Project, StageChange
from pocketworld.projects.services import CycleTime, move_stage

pytestmark = pytest.mark.django_db

WIN = {"realised_jobs": 40, "realised_investment": Decimal("2500000")}
LOSS = {"loss_reason": LossReason.COSTS}

EXPECTED = {
    Stage.LEAD: {
        Stage.QUALIFIED,
        Stage.SITE_SEARCH,
        Stage.PROPOSAL,
        Stage.DECISION,
        Stage.LOST,
        Stage.ON_HOLD,
    },
    Stage.QUALIFIED: {
        Stage.LEAD,
        Stage.SITE_SEARCH,
        Stage.PROPOSAL,
        Stage.DECISION,
        Stage.LOST,
        Stage.ON_HOLD,
    },
    Stage.SITE_SEARCH: {
        Stage.LEAD,
        Stage.QUALIFIED,
        Stage.PROPOSAL,
        Stage.DECISION,
        Stage.LOST,
        Stage.ON_HOLD,
    },
    Stage.PROPOSAL: {
        Stage.LEAD,
        Stage.QUALIFIED,
        Stage.SITE_SEARCH,
        Stage.DECISION,
        Stage.LOST,
        Stage.ON_HOLD,
    },
    Stage.DECISION: {*OPEN_STAGES, Stage.WON, Stage.LOST, Stage.ON_HOLD} - {Stage.DECISION},
    Stage.ON_HOLD: {*OPEN_STAGES, Stage.LOST},
    Stage.LOST: {Stage.LEAD},
    Stage.WON: {Stage.ON_HOLD},
}


def project_in(stage, japan_officer):
    """A project brought to `stage` through allowed moves."""
    project = ProjectFactory(owner=japan_officer)
    path = {
        Stage.LEAD: [],
        Stage.QUALIFIED: [Stage.QUALIFIED],
        Stage.SITE_SEARCH: [Stage.SITE_SEARCH],
        Stage.PROPOSAL: [Stage.PROPOSAL],
        Stage.DECISION: [Stage.DECISION],
        Stage.WON: [Stage.DECISION, Stage.WON],
        Stage.LOST: [Stage.LOST],
        Stage.ON_HOLD: [Stage.ON_HOLD],
    }[stage]
    for step in path:
        extra = WIN if step == Stage.WON else LOSS if step == Stage.LOST else {}
        project = move_stage(project, step, japan_officer, **extra)
    return project


def test_transition_table_is_the_documented_one():
    assert {stage: set(targets) for stage, targets in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("from_stage", list(Stage))
@pytest.mark.parametrize("to_stage", list(Stage))
def test_every_transition(japan_desk, japan_officer, from_stage, to_stage):
    project = project_in(from_stage, japan_officer)
    before = StageChange.objects.filter(project=project).count()
    extra = WIN if to_stage == Stage.WON else LOSS if to_stage == Stage.LOST else {}
    if to_stage in EXPECTED[from_stage]:
        moved = move_stage(project, to_stage, japan_officer, **extra)
        assert moved.stage == to_stage
        change = StageChange.objects.filter(project=project).first()
        assert (change.from_stage, change.to_stage, change.changed_by) == (
            from_stage,
            to_stage,
            japan_officer,
        )
    else:
        with pytest.raises(ValidationError) as error:
            move_stage(project, to_stage, japan_officer, **extra)
        assert "stage" in error.value.message_dict
        assert Project.objects.get(pk=project.pk).stage == from_stage
        assert StageChange.objects.filter(project=project).count() == before


def test_lost_needs_a_reason_and_other_needs_text(japan_desk, japan_officer):
    project = ProjectFactory(owner=japan_officer)
    with pytest.raises(ValidationError) as error:
        move_stage(project, Stage.LOST, japan_officer)
    assert "loss_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        move_stage(project, Stage.LOST, japan_officer, loss_reason=LossReason.OTHER)
    assert "loss_note" in error.value.message_dict
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD
    lost = move_stage(
        project, Stage.LOST, japan_officer, loss_reason=LossReason.OTHER, loss_note="Merged"
    )
    assert (lost.loss_reason, lost.loss_note) == (LossReason.OTHER, "Merged")
    reopened = move_stage(lost, Stage.LEAD, japan_officer)
    assert reopened.loss_reason == "" and reopened.loss_note == ""


def test_won_needs_realised_jobs_and_investment(japan_desk, japan_officer):
    project = project_in(Stage.DECISION, japan_officer)
    with pytest.raises(ValidationError) as error:
        move_stage(project, Stage.WON, japan_officer, realised_jobs=12)
    assert set(error.value.message_dict) == {"realised_investment"}
    won = move_stage(project, Stage.WON, japan_officer, **WIN)
    assert (won.realised_jobs, won.realised_investment) == (40, Decimal("2500000"))


def test_stage_cannot_be_changed_by_saving(japan_desk, japan_officer):
    project = ProjectFactory(owner=japan_officer)
    project.stage = Stage.WON
    with pytest.raises(ValidationError):
        project.save()
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


def test_every_project_records_its_first_stage(japan_desk, japan_officer):
    project = ProjectFactory(owner=japan_officer)
    first = project.stage_changes.get()
    assert (first.from_stage, first.to_stage, first.changed_by) == ("", Stage.LEAD, japan_officer)


def test_moves_can_be_dated_but_only_in_order(japan_desk, japan_officer):
    from pocketworld.core.tests.factories import CompanyFactory
    from pocketworld.projects.services import create_project

    start = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    project = create_project(
        Project(
            title="Komatsu expansion",
            kind="expansion",
            company=CompanyFactory(),
            desk=japan_desk,
            owner=japan_officer,
            source="existing_company",
        ),
        japan_officer,
        when=start,
    )
    later = start + datetime.timedelta(days=30)
    moved = move_stage(project, Stage.QUALIFIED, japan_officer, when=later)
    assert moved.stage_changed_at == later
    assert [c.changed_at for c in moved.stage_changes.order_by("changed_at")] == [start, later]
    with pytest.raises(ValidationError):
        move_stage(moved, Stage.SITE_SEARCH, japan_officer, when=start)


def test_funnel_counts_come_from_the_stage_history(japan_desk, japan_officer):
    from pocketworld.projects.services import funnel

    # Passed every stage and won; then put on hold: still counts as won.
    winner = project_in(Stage.WON, japan_officer)
    move_stage(winner, Stage.ON_HOLD, japan_officer)
    # Went from lead straight to proposal, then was lost: passed qualified and site search.
    skipped = ProjectFactory(owner=japan_officer)
    skipped = move_stage(skipped, Stage.PROPOSAL, japan_officer)
    move_stage(skipped, Stage.LOST, japan_officer, **LOSS)
    # Still a lead.
    ProjectFactory(owner=japan_officer)
    counts = funnel(Project.objects.all())
    assert counts == {
        Stage.LEAD: 3,
        Stage.QUALIFIED: 2,
        Stage.SITE_SEARCH: 2,
        Stage.PROPOSAL: 2,
        Stage.DECISION: 1,
        Stage.WON: 1,
    }
    # The current stages alone (on hold, lost, lead) would have shown no win at all.
    assert not Project.objects.filter(stage=Stage.WON).exists()


def test_funnel_of_a_period_counts_only_its_moves(japan_desk, japan_officer):
    import time_machine

    from pocketworld.projects.services import cycle_time, funnel

    with time_machine.travel(datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC), tick=False):
        project = ProjectFactory(owner=japan_officer)
    with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC), tick=False):
        project = move_stage(project, Stage.DECISION, japan_officer)
    with time_machine.travel(datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC), tick=False):
        move_stage(project, Stage.WON, japan_officer, **WIN)
    in_2026 = funnel(
        Project.objects.all(),
        since=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        until=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
    )
    assert in_2026[Stage.WON] == 1 and in_2026[Stage.LEAD] == 1
    in_2024 = funnel(
        Project.objects.all(), until=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    assert set(in_2024.values()) == {0}
    assert cycle_time(Project.objects.all()) == CycleTime(1, 387, 387.0)
