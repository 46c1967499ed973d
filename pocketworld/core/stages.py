"""What every record with stages shares (an investment project, a start-up in a cohort, a
skilled worker on the way to an employer): its stage changes only through its app's move
service, which checks the move against the stages it may go to and records it."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _


class StagedModel(models.Model):
    """A record whose `stage` field a save changes only inside `moving(record)`."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_stage", None)
        if stored is not None and stored != self.stage and not getattr(self, "_moving", False):
            raise ValidationError(_("The stage changes only through a stage move."))
        super().save(*args, **kwargs)
        self._stored_stage = self.stage

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_stage = instance.__dict__.get("stage")
        return instance


@contextmanager
def moving(record):
    """Let `record`'s saves change its stage: for its app's move service alone."""
    record._moving = True
    try:
        yield record
    finally:
        record._moving = False


def checked_move(stages, transitions, from_stage, to_stage, refusal):
    """`to_stage` as one of `stages` (a TextChoices), if `transitions` lead there from
    `from_stage`; otherwise a ValidationError at "stage", `refusal` naming the two stages
    as %(from)s and %(to)s."""
    try:
        to_stage = stages(to_stage)
    except ValueError:
        raise ValidationError(
            {"stage": _("%(stage)s is not a stage.") % {"stage": to_stage}}
        ) from None
    from_stage = stages(from_stage)
    if to_stage not in transitions[from_stage]:
        raise ValidationError({"stage": refusal % {"from": from_stage.label, "to": to_stage.label}})
    return to_stage


def place_on(path):
    """A move's place on `path` (its `to_stage` among the stages in order; -1 off it): the
    largest of a record's moves is the furthest stage it reached."""
    return Case(
        *(When(to_stage=stage, then=Value(index)) for index, stage in enumerate(path)),
        default=Value(-1),
        output_field=IntegerField(),
    )
