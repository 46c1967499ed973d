"""The stage rules of investment projects, for the UI, the API, imports and tasks alike."""

import statistics
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.core import permissions
from pocketworld.core.stages import checked_move, moving, place_on
from pocketworld.projects.choices import OPEN_STAGES, AccessAction, Stage
from pocketworld.projects.models import (
    TRANSITIONS,
    AccessLogEntry,
    Project,
    StageChange,
    check_stage_fields,
)

# What a move may set on the project besides the stage.
MOVE_FIELDS = ("loss_reason", "loss_note", "realised_jobs", "realised_investment")


@transaction.atomic
def create_project(project, user, note="", when=None):
    """Save a new project and record its first stage (dated `when`, for imports)."""
    project.full_clean()
    check_stage_fields(project, project.stage)
    project.stage_changed_at = when or timezone.now()
    project.save()
    StageChange.objects.create(
        project=project,
        from_stage="",
        to_stage=project.stage,
        changed_at=project.stage_changed_at,
        changed_by=user,
        note=note,
    )
    record_confidentiality(project, user, was_confidential=False, when=project.stage_changed_at)
    return project


# --- confidential projects ------------------------------------------------------------------


def check_marking(user, confidential, owner, team):
    """A project is marked confidential (or stays so) only by one of its members: its owner,
    its team, a director or an administrator; anyone else would lock themselves out."""
    if confidential and not permissions.would_be_member(
        user, Project, {"owner": owner, "team": list(team)}
    ):
        raise ValidationError(
            {
                "confidential": _(
                    "Only the project's owner, its team, the directors and the administrators "
                    "may keep it confidential: add yourself to the team first."
                )
            }
        )


def record_confidentiality(project, user, was_confidential, when=None):
    """Marking a project confidential, or lifting that, is recorded in its access log."""
    if bool(project.confidential) == bool(was_confidential):
        return
    action = AccessAction.MARKED if project.confidential else AccessAction.LIFTED
    AccessLogEntry.objects.create(
        project=project, user=user, action=action, at=when or timezone.now()
    )


@permissions.records_access(Project)
def record_access(user, ids, action, via):
    """Who opened, exported or was refused confidential projects: their access log."""
    moment = timezone.now()
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(project_id=pk, user=user, action=action, via=via, at=moment) for pk in ids
    )


@transaction.atomic
def move_stage(project, to_stage, user, note="", when=None, **values):
    """Move `project` to `to_stage`, with what that stage needs (reason, realised figures).

    Raises ValidationError, keyed by field, when the move is not allowed or incomplete.
    """
    unknown = set(values) - set(MOVE_FIELDS)
    if unknown:
        raise TypeError(f"move_stage() got unexpected fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    from_stage = Stage(project.stage)
    refusal = _("A project cannot move from %(from)s to %(to)s.")
    to_stage = checked_move(Stage, TRANSITIONS, from_stage, to_stage, refusal)
    for field, value in values.items():
        setattr(project, field, value)
    if to_stage != Stage.LOST:
        project.loss_reason, project.loss_note = "", ""
    check_stage_fields(project, to_stage)
    when = when or timezone.now()
    if when < project.stage_changed_at:
        raise ValidationError(
            {"stage": _("A stage change cannot be dated before the project's last one.")}
        )
    project.stage, project.stage_changed_at = to_stage, when
    with moving(project):
        project.full_clean()
        project.save()
    StageChange.objects.create(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_at=when,
        changed_by=user,
        note=note,
    )
    return project


# The pipeline in order; a win has passed every stage before it.
PIPELINE = [*OPEN_STAGES, Stage.WON]


def funnel(projects, since=None, until=None):
    """How many of `projects` reached each pipeline stage, read from their stage history.

    A project that skipped a stage (lead → decision) has passed it; a project lost or on
    hold keeps the furthest stage it reached. `since`/`until` limit the stage changes
    counted, so a period's funnel shows what moved in that period. One query gives each
    project's furthest stage; a project has passed every stage up to it.
    """
    changes = StageChange.objects.filter(project__in=projects, to_stage__in=PIPELINE)
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    if until is not None:
        changes = changes.filter(changed_at__lt=until)
    furthest = Counter(
        changes.values("project")
        .annotate(furthest=Max(place_on(PIPELINE)))
        .values_list("furthest", flat=True)
        .order_by()
    )
    return {
        stage: sum(count for reached, count in furthest.items() if reached >= index)
        for index, stage in enumerate(PIPELINE)
    }


@dataclass(frozen=True)
class CycleTime:
    """Days from lead to win: how many wins, their median and mean."""

    count: int
    median_days: float | None
    mean_days: float | None


def cycle_time(projects, since=None, until=None):
    """Days from each project's first stage change to its win, for the projects of
    `projects` won between `since` and `until` (a project won twice there: its first win).

    One query over the stage history, grouped by project: its first change and its first
    win in the window; Python counts the days between (`timedelta.days`) and takes their
    median and mean (a number per win, a few thousand a year at most).
    """
    wins = Q(to_stage=Stage.WON)
    if since is not None:
        wins &= Q(changed_at__gte=since)
    if until is not None:
        wins &= Q(changed_at__lt=until)
    spans = (
        StageChange.objects.filter(
            project__in=StageChange.objects.filter(wins).values("project"),
        )
        .filter(project__in=projects.values("pk"))
        .values("project")
        .annotate(first=Min("changed_at"), won=Min("changed_at", filter=wins))
        .values_list("first", "won")
        .order_by()
    )
    days = sorted((won - first).days for first, won in spans)
    if not days:
        return CycleTime(0, None, None)
    median = statistics.median(days)
    return CycleTime(
        len(days),
        int(median) if float(median).is_integer() else median,
        round(statistics.fmean(days), 1),
    )
