"""Programmes the service runs with its partners (start-up acceleration, soft landing,
skilled workers from partner colleges), their intakes (cohorts) and the numbers each sets
out to reach; the start-ups of a cohort (memberships), each move of one from stage to
stage, and the milestones it sets out to reach in the region.

A programme belongs to its desks; everything of it is seen and changed by whoever may see
and change the programme. A membership's stage changes only through
`services.move_membership`, which checks the move and records it as a `MembershipMove`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.models import PrimaryModel, TimestampedModel
from pocketworld.core.months import add_months
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager
from pocketworld.core.stages import StagedModel
from pocketworld.events.choices import StartupStage
from pocketworld.programmes.choices import (
    CandidateStage,
    DropReason,
    FundingRound,
    GoalMeasure,
    LanguageLevel,
    MembershipStage,
    MilestoneKind,
    ProgrammeKind,
    Recognition,
    WithdrawalReason,
)

# The largest number a goal may set: far above any programme's, within every database's
# integer.
MAX_GOAL = 1_000_000
# A start-up's team, and the year it was founded: bounds that catch a slip of the keyboard.
MAX_TEAM_SIZE = 100_000
FIRST_FOUNDING_YEAR = 1800
# Ten years: longer than any programme keeps its candidates.
MAX_RETENTION_MONTHS = 120
MAX_PLACES = 1000


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
    retention_months = models.PositiveSmallIntegerField(
        _("candidates kept for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "How long the personal data of its candidates is kept after their last step in "
            "the programme; empty: as the retention rule of consent says."
        ),
    )

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
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("matchmaking event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text=_("Where its start-ups meet the region's companies."),
    )

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(desk_lookups=("programme__desks",), internal_fields=("notes", "event"))

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


class Membership(StagedModel, TimestampedModel):
    """A start-up in a cohort: the facts it applied with, the stage it reached, who helps
    it, and the soft-landing project that follows it when it settles."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("start-up"),
        on_delete=models.PROTECT,
        related_name="programme_memberships",
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=MembershipStage.choices,
        default=MembershipStage.APPLICATION,
        editable=False,
    )
    stage_changed_on = models.DateField(_("in this stage since"), editable=False)
    applied_on = models.DateField(_("applied on"))
    startup_stage = models.CharField(
        _("start-up stage"), max_length=20, choices=StartupStage.choices, blank=True
    )
    founded_in = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_FOUNDING_YEAR)],
        help_text=_("The year."),
    )
    funding_round = models.CharField(
        _("funding round"), max_length=20, choices=FundingRound.choices, blank=True
    )
    team_size = models.PositiveIntegerField(
        _("team size"), null=True, blank=True, validators=[MaxValueValidator(MAX_TEAM_SIZE)]
    )
    mentors = models.ManyToManyField(
        "contacts.Person", verbose_name=_("mentors"), blank=True, related_name="mentorships"
    )
    corporate_partners = models.ManyToManyField(
        "companies.Company",
        verbose_name=_("corporate partners"),
        blank=True,
        related_name="partnered_memberships",
        help_text=_("The region's companies that work with the start-up."),
    )
    drop_reason = models.CharField(
        _("reason for dropping out"), max_length=20, choices=DropReason.choices, blank=True
    )
    drop_note = models.CharField(_("about dropping out"), max_length=250, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("soft-landing project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_memberships",
        help_text=_("The pipeline project that follows its settling; made when it settles."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("cohort__programme__desks",), internal=True, personal_fields=("mentors",)
    )
    _history_m2m_fields = ["mentors", "corporate_partners"]

    class Meta:
        ordering = ["cohort", "company__legal_name"]
        verbose_name = _("start-up in a cohort")
        verbose_name_plural = _("start-ups in cohorts")
        indexes = [models.Index(fields=["cohort", "stage"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "company"],
                name="membership_once_per_cohort",
                violation_error_message=_("This start-up is already in the cohort."),
            ),
        ]

    def __str__(self):
        return f"{self.company} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("programmes:membership_detail", args=[self.pk])

    def owning_desk_ids(self):
        return self.cohort.owning_desk_ids()

    def clean(self):
        super().clean()
        if self.founded_in and self.applied_on and self.founded_in > self.applied_on.year:
            raise ValidationError({"founded_in": _("It was founded after it applied.")})
        if self.project_id and self.company_id and self.project.company_id != self.company_id:
            raise ValidationError({"project": _("The project is another company's.")})

    def save(self, *args, **kwargs):
        if self.stage_changed_on is None:
            self.stage_changed_on = self.applied_on
        super().save(*args, **kwargs)


class StageMove(models.Model):
    """One move of a record from a stage to another (its `record` field, `stages` its
    choices), dated and signed; never edited afterwards."""

    record = ""

    moved_on = models.DateField(_("moved on"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = PolicyManager()

    class Meta:
        abstract = True

    def __str__(self):
        start = self.get_from_stage_display() or "—"
        return f"{getattr(self, self.record)}: {start} → {self.get_to_stage_display()}"

    def get_absolute_url(self):
        return getattr(self, self.record).get_absolute_url() + "#moves"

    def owning_desk_ids(self):
        return getattr(self, self.record).owning_desk_ids()


class MembershipMove(StageMove):
    membership = models.ForeignKey(
        Membership, verbose_name=_("start-up in a cohort"), on_delete=models.CASCADE,
        related_name="moves",
    )  # fmt: skip
    from_stage = models.CharField(
        _("from stage"), max_length=20, choices=MembershipStage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=20, choices=MembershipStage.choices)

    record = "membership"
    access = AccessRule(desk_lookups=("membership__cohort__programme__desks",), internal=True)

    class Meta:
        ordering = ["membership", "moved_on", "pk"]
        verbose_name = _("stage move of a start-up")
        verbose_name_plural = _("stage moves of start-ups")
        indexes = [models.Index(fields=["to_stage", "membership"])]


class Milestone(TimestampedModel):
    """What a start-up sets out to reach in the region, by when, and when it did."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("start-up in a cohort"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Required for “other”.")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(desk_lookups=("membership__cohort__programme__desks",), internal=True)

    class Meta:
        ordering = ["membership", F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind"],
                condition=~Q(kind="other"),
                name="milestone_kind_once_per_membership",
                violation_error_message=_("The start-up has this milestone already."),
            ),
        ]

    def __str__(self):
        return f"{self.membership.company}: {self.name}"

    @property
    def name(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return self.membership.get_absolute_url() + "#milestones"

    def owning_desk_ids(self):
        return self.membership.owning_desk_ids()

    def clean(self):
        super().clean()
        if self.kind == MilestoneKind.OTHER and not self.title.strip():
            raise ValidationError({"title": _("Name a milestone of the kind “other”.")})
        if self.reached_on and self.reached_on > timezone.localdate():
            raise ValidationError({"reached_on": _("A milestone is reached on a past day.")})


# --- skilled workers --------------------------------------------------------------------


class College(TimestampedModel):
    """A partner college abroad or a vocational college here that trains the programme's
    skilled workers: a partner organisation with its courses and the colleges it works
    with."""

    partner = models.OneToOneField(
        "companies.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="college",
    )
    partner_colleges = models.ManyToManyField(
        "self", verbose_name=_("partner colleges"), blank=True, symmetrical=True
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("partner__desks",), shared_when_deskless=True, internal_fields=("notes",)
    )
    _history_m2m_fields = ["partner_colleges"]

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("college")
        verbose_name_plural = _("colleges")

    def __str__(self):
        return str(self.partner)

    def get_absolute_url(self):
        return reverse("programmes:college_detail", args=[self.pk])

    def owning_desk_ids(self):
        return self.partner.owning_desk_ids() if self.partner_id else set()

    def clean(self):
        super().clean()
        if self.partner_id and self.partner.kind not in COLLEGE_KINDS:
            raise ValidationError(
                {"partner": _("A college is a partner of the kind college or university.")}
            )


# The kinds of partner organisation that are colleges.
COLLEGE_KINDS = ("college", "university")


class Course(TimestampedModel):
    """A course of a college that trains for one occupation."""

    college = models.ForeignKey(
        College, verbose_name=_("college"), on_delete=models.CASCADE, related_name="courses"
    )
    name = models.CharField(_("name"), max_length=200)
    occupation = models.ForeignKey(
        "core.Occupation",
        verbose_name=_("occupation (ISCO-08)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "unit"},
    )
    qualification = models.CharField(
        _("qualification"), max_length=200, blank=True, help_text=_("The degree or diploma.")
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    german_level = models.CharField(
        _("German taught to"), max_length=2, choices=LanguageLevel.choices, blank=True
    )

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(desk_lookups=("college__partner__desks",), shared_when_deskless=True)

    class Meta:
        ordering = ["college", "name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "name"],
                name="course_name_unique_in_college",
                violation_error_message=_("The college has a course of this name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.college})"

    def get_absolute_url(self):
        return self.college.get_absolute_url() + "#courses"

    def owning_desk_ids(self):
        return self.college.owning_desk_ids()


class OpenPosition(TimestampedModel):
    """An employer's open positions for skilled workers: ordinary company data, owned as
    its company is."""

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="open_positions",
    )
    occupation = models.ForeignKey(
        "core.Occupation",
        verbose_name=_("occupation (ISCO-08)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "unit"},
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    german_level = models.CharField(
        _("German required"), max_length=2, choices=LanguageLevel.choices, blank=True
    )
    starts_on = models.DateField(_("from"))
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        help_text=_("The programme it is offered through, if one."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("company__desk",), shared_when_deskless=True, internal_fields=("notes",)
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("open position")
        verbose_name_plural = _("open positions")

    def __str__(self):
        return f"{self.title or self.occupation.title} – {self.company}"

    def get_absolute_url(self):
        return reverse("programmes:openposition_detail", args=[self.pk])

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()


class Candidate(StagedModel, TimestampedModel):
    """A skilled worker or trainee of a cohort, on the way from a partner college to an
    employer here. Who they are (name, contact, the consent they gave) is their person
    record; the programme's desks alone read either."""

    # A cohort goes only without its candidates: each one's person record goes with them.
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="candidates"
    )
    person = models.OneToOneField(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="candidacy",
    )
    college = models.ForeignKey(
        College,
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    occupation = models.ForeignKey(
        "core.Occupation",
        verbose_name=_("occupation (ISCO-08)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "unit"},
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=CandidateStage.choices,
        default=CandidateStage.NOMINATED,
        editable=False,
    )
    stage_changed_on = models.DateField(_("in this stage since"), editable=False)
    nominated_on = models.DateField(_("nominated on"))
    german_level = models.CharField(
        _("German level"), max_length=2, choices=LanguageLevel.choices, blank=True
    )
    german_certified_on = models.DateField(_("certificate of"), null=True, blank=True)
    recognition = models.CharField(
        _("recognition"), max_length=20, choices=Recognition.choices, blank=True
    )
    recognition_authority = models.CharField(
        _("competent authority"),
        max_length=200,
        blank=True,
        help_text=_("Which authority decides on the recognition."),
    )
    position = models.ForeignKey(
        OpenPosition,
        verbose_name=_("matched with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    visa_granted_on = models.DateField(_("visa granted on"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("reason for withdrawing"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_note = models.CharField(_("about withdrawing"), max_length=250, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("cohort__programme__desks",),
        internal=True,
        own_desks_only=True,
        # Its links to shared records (college, course, occupation, country, position) name
        # those, not the person.
        personal_fields=(
            "person",
            "nominated_on",
            "german_level",
            "german_certified_on",
            "recognition",
            "recognition_authority",
            "visa_granted_on",
            "arrived_on",
            "withdrawal_reason",
            "withdrawal_note",
            "notes",
        ),
    )

    class Meta:
        # Those that moved last first, as the lists show them: an index keeps it quick.
        ordering = ["-stage_changed_on", "-pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [
            models.Index(fields=["cohort", "stage"]),
            models.Index(fields=["occupation", "stage"]),
            models.Index(fields=["-stage_changed_on", "-id"], name="candidate_moved_last"),
        ]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("programmes:candidate_detail", args=[self.pk])

    def owning_desk_ids(self):
        return self.cohort.owning_desk_ids()

    def clean(self):
        super().clean()
        if self.course_id and self.college_id and self.course.college_id != self.college_id:
            raise ValidationError({"course": _("The course is another college's.")})
        if self.german_certified_on and self.german_certified_on > timezone.localdate():
            raise ValidationError({"german_certified_on": _("A certificate of a past day.")})

    def save(self, *args, **kwargs):
        if self.stage_changed_on is None:
            self.stage_changed_on = self.nominated_on
        super().save(*args, **kwargs)

    @transaction.atomic
    def delete(self, *args, **kwargs):
        """The person record was made for the candidacy (`services.nominate`): it goes with
        it, rather than stay behind for every desk to read."""
        person = self.person
        deleted = super().delete(*args, **kwargs)
        person.delete()
        return deleted


class CandidateMove(StageMove):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="moves"
    )
    from_stage = models.CharField(
        _("from stage"), max_length=20, choices=CandidateStage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=20, choices=CandidateStage.choices)

    record = "candidate"
    access = AccessRule(
        desk_lookups=("candidate__cohort__programme__desks",),
        internal=True,
        own_desks_only=True,
        personal_fields=("note",),
    )

    class Meta:
        ordering = ["candidate", "moved_on", "pk"]
        verbose_name = _("stage move of a candidate")
        verbose_name_plural = _("stage moves of candidates")
        indexes = [models.Index(fields=["to_stage", "candidate"])]


class Placement(TimestampedModel):
    """A candidate's employment at a position, from its start, and whether they are still
    employed there after 6 and after 12 months."""

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="placement"
    )
    position = models.ForeignKey(
        OpenPosition,
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    starts_on = models.DateField(_("start date"))
    employed_after_6_months = models.BooleanField(
        _("still employed after 6 months"), null=True, blank=True
    )
    employed_after_12_months = models.BooleanField(
        _("still employed after 12 months"), null=True, blank=True
    )
    ended_on = models.DateField(
        _("left the employer on"), null=True, blank=True, help_text=_("Empty while employed.")
    )

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("candidate__cohort__programme__desks",),
        internal=True,
        own_desks_only=True,
        personal_fields=(
            "starts_on",
            "employed_after_6_months",
            "employed_after_12_months",
            "ended_on",
        ),
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self):
        return f"{self.candidate} – {self.position.company}"

    def get_absolute_url(self):
        return self.candidate.get_absolute_url() + "#placement"

    def owning_desk_ids(self):
        return self.candidate.owning_desk_ids()

    def check_day(self, months):
        """The day from which a follow-up after `months` can be answered."""
        return add_months(self.starts_on, months)

    def clean(self):
        super().clean()
        if self.ended_on and self.starts_on and self.ended_on < self.starts_on:
            raise ValidationError({"ended_on": _("That is before the start date.")})
        today = timezone.localdate()
        for months in (6, 12):
            field = f"employed_after_{months}_months"
            if getattr(self, field) is None or not self.starts_on:
                continue
            if self.check_day(months) > today:
                raise ValidationError(
                    {field: _("Known from %(date)s on.") % {"date": self.check_day(months)}}
                )
            if getattr(self, field) and self.ended_on and self.ended_on < self.check_day(months):
                raise ValidationError({field: _("The candidate left the employer before then.")})
