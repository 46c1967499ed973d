"""Programmes the service runs with its partners (start-up acceleration, soft landing,
skilled workers from partner colleges), their intakes (cohorts) and the numbers each sets
out to reach.

A programme belongs to its desks; its cohorts and goals are seen and changed by whoever
may see and change the programme.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.models import PrimaryModel, TimestampedModel
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager
from pocketworld.programmes.choices import GoalMeasure, ProgrammeKind

# The largest number a goal may set: far above any programme's, within every database's
# integer.
MAX_GOAL = 1_000_000


def ends_after_it_starts(name):
    """The database's check of a period (`starts_on`, an optional `ends_on`)."""
    return models.CheckConstraint(
        condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
        name=name,
        violation_error_message=_("The last day is before the first."),
    )


def check_period(starts_on, ends_on, field="ends_on"):
    """A period's last day is not before its first (an open end is no last day)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: _("The last day is before the first.")})


class Programme(PrimaryModel):
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    desks = models.ManyToManyField("desks.Desk", verbose_name=_("desks"), related_name="programmes")
    partners = models.ManyToManyField(
        "companies.PartnerOrganisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="programmes",
        help_text=_(
            "The organisations that run it with the service: a trade organisation, "
            "a chamber, colleges."
        ),
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="programmes"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Empty while it runs on.")
    )
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    # Its desks are chosen with it: a programme being created has none yet.
    access = AccessRule(
        desk_lookups=("desks",), shared_when_deskless=True, internal_fields=("budget",)
    )
    _history_m2m_fields = ["desks", "partners", "focus_areas"]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            ends_after_it_starts("programme_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.pk])

    def owning_desk_ids(self):
        return set(self.desks.values_list("pk", flat=True)) if self.pk else set()

    def clean(self):
        super().clean()
        check_period(self.starts_on, self.ends_on)


class ProgrammePart(TimestampedModel):
    """A record that hangs on a programme (its `programme`) and is owned as the programme
    is."""

    class Meta:
        abstract = True

    def owning_desk_ids(self):
        return self.programme.owning_desk_ids()


class Cohort(ProgrammePart):
    """An intake of a programme: the start-ups or skilled workers who begin it together."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    places = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("How many it takes in.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(desk_lookups=("programme__desks",), internal_fields=("notes",))

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="cohort_name_unique_in_programme",
                violation_error_message=_("The programme has a cohort of this name."),
            ),
            ends_after_it_starts("cohort_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.programme.get_absolute_url() + "#cohorts"

    def clean(self):
        super().clean()
        check_period(self.starts_on, self.ends_on)
        programme = self.programme if self.programme_id else None
        if programme is None or not self.starts_on:
            return
        if self.starts_on < programme.starts_on:
            raise ValidationError({"starts_on": _("The programme starts later.")})
        last_day = self.ends_on or self.starts_on
        if programme.ends_on and last_day > programme.ends_on:
            field = "ends_on" if self.ends_on else "starts_on"
            raise ValidationError({field: _("The programme ends earlier.")})


class Goal(ProgrammePart):
    """A number a programme sets out to reach (applications, start-ups settled, workers
    placed)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals"
    )
    measure = models.CharField(_("measure"), max_length=30, choices=GoalMeasure.choices)
    target = models.PositiveIntegerField(_("target"), validators=[MaxValueValidator(MAX_GOAL)])

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(desk_lookups=("programme__desks",))

    class Meta:
        ordering = ["programme", "measure"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "measure"],
                name="goal_measure_unique_in_programme",
                violation_error_message=_("The programme has a goal for this measure."),
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()}: {self.target}"

    def get_absolute_url(self):
        return self.programme.get_absolute_url() + "#goals"
