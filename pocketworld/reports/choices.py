from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    """How the dashboard's period is chosen."""

    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    CUSTOM = "custom", _("custom period")
