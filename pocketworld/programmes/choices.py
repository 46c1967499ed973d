from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    STARTUP_ACCELERATION = "startup_acceleration", _("start-up acceleration")
    SOFT_LANDING = "soft_landing", _("soft landing")
    SKILLED_WORKERS = "skilled_workers", _("skilled workers")
    TRAINEE_EXCHANGE = "trainee_exchange", _("trainee exchange")
    OTHER = "other", _("other")


class GoalMeasure(models.TextChoices):
    """What a programme sets out to reach, counted as the reports count it."""

    APPLICATIONS = "applications", _("applications")
    SELECTED = "selected", _("start-ups selected")
    COMPLETED = "completed", _("start-ups that completed the programme")
    SETTLED = "settled", _("start-ups settled in the region")
    JOBS = "jobs", _("jobs created")
    NOMINATED = "nominated", _("skilled workers nominated")
    RECOGNISED = "recognised", _("qualifications recognised")
    PLACED = "placed", _("skilled workers placed")
    STILL_EMPLOYED = "still_employed", _("still employed after 12 months")
