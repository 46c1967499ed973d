"""The stage rules of investment projects, for the UI, the API, imports and tasks alike."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, Func, IntegerField, OuterRef, Q, Subquery
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
    counted, so a period's funnel shows what moved in that period. One query: a project
    has passed a stage when it moved to that stage or any later one.
    """
    changes = StageChange.objects.filter(project__in=projects, to_stage__in=PIPELINE)
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    if until is not None:
        changes = changes.filter(changed_at__lt=until)
    counts = changes.aggregate(
        **{
            stage.value: Count("project", distinct=True, filter=Q(to_stage__in=PIPELINE[index:]))
            for index, stage in enumerate(PIPELINE)
        }
    )
    return {stage: counts[stage.value] for stage in PIPELINE}


class DaysBetween(Func):
    """Whole days from a datetime to a later one, as Python's `timedelta.days` counts them.

    SQLite and PostgreSQL disagree on date arithmetic, so each gets its own SQL.
    """

    arity = 2  # start, end
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        (start, start_params), (end, end_params) = map(compiler.compile, self.source_expressions)
        sql = (
            f"((CAST(strftime('%%s', {end}) AS INTEGER)"
            f" - CAST(strftime('%%s', {start}) AS INTEGER)) / 86400)"
        )
        return sql, (*end_params, *start_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        (start, start_params), (end, end_params) = map(compiler.compile, self.source_expressions)
        sql = f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 86400) AS integer)"
        return sql, (*end_params, *start_params)


@dataclass(frozen=True)
class CycleTime:
    """Days from lead to win: how many wins, their median and mean."""

    count: int
    median_days: float | None
    mean_days: float | None


def cycle_time(projects, since=None, until=None):
    """Days from each project's first stage change to its win, for the projects of
    `projects` won between `since` and `until` (a project won twice there: its first win).

    Computed in the database: one query for the count and mean, one for the median.
    """
    wins = StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.WON)
    if since is not None:
        wins = wins.filter(changed_at__gte=since)
    if until is not None:
        wins = wins.filter(changed_at__lt=until)
    first_change = StageChange.objects.filter(project=OuterRef("pk")).order_by("changed_at")
    cycles = (
        projects.filter(Exists(wins))
        .annotate(
            days=DaysBetween(
                Subquery(first_change.values("changed_at")[:1]),
                Subquery(wins.order_by("changed_at").values("changed_at")[:1]),
            )
        )
        .order_by()
    )
    summary = cycles.aggregate(count=Count("pk"), mean=Avg("days"))
    count = summary["count"]
    if not count:
        return CycleTime(0, None, None)
    middle = list(
        cycles.order_by("days").values_list("days", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    median = sum(middle) / len(middle)
    return CycleTime(
        count,
        int(median) if median.is_integer() else median,
        round(float(summary["mean"]), 1),
    )
