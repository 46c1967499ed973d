"""The stage rules of investment projects, for the UI, the API, imports and tasks alike."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Min, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.projects.choices import OPEN_STAGES, Stage
from pocketworld.projects.models import TRANSITIONS, Project, StageChange, check_stage_fields

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
    return project


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
    try:
        to_stage = Stage(to_stage)
    except ValueError:
        raise ValidationError(
            {"stage": _("%(stage)s is not a stage.") % {"stage": to_stage}}
        ) from None
    if to_stage not in TRANSITIONS[from_stage]:
        raise ValidationError(
            {
                "stage": _("A project cannot move from %(from)s to %(to)s.")
                % {"from": from_stage.label, "to": to_stage.label}
            }
        )
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
    project._moving = True
    project.full_clean()
    project.save()
    project._moving = False
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
    counted, so a period's funnel shows what moved in that period.
    """
    changes = StageChange.objects.filter(project__in=projects, to_stage__in=PIPELINE)
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    if until is not None:
        changes = changes.filter(changed_at__lt=until)
    position = Case(
        *(When(to_stage=stage, then=Value(index)) for index, stage in enumerate(PIPELINE)),
        output_field=IntegerField(),
    )
    furthest = (
        changes.values("project")
        .annotate(furthest=Max(position))
        .values_list("furthest", flat=True)
    )
    reached = Counter(furthest)
    counts, total = {}, 0
    for index in reversed(range(len(PIPELINE))):
        total += reached.get(index, 0)
        counts[PIPELINE[index]] = total
    return {stage: counts[stage] for stage in PIPELINE}


def cycle_days(projects):
    """Days from each won project's first stage to its win, from the stage history."""
    won = (
        StageChange.objects.filter(project__in=projects, to_stage=Stage.WON)
        .values("project")
        .annotate(won_at=Max("changed_at"))
    )
    started = dict(
        StageChange.objects.filter(project__in=[row["project"] for row in won])
        .values("project")
        .annotate(started_at=Min("changed_at"))
        .values_list("project", "started_at")
    )
    return [(row["won_at"] - started[row["project"]]).days for row in won]
