"""The stage rules of investment projects, for the UI, the API, imports and tasks alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.projects.choices import Stage
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
