"""Investment projects (cases) and the record of every stage they went through.

The stage of a project changes only through `services.move_stage`, which checks the
transition, writes a `StageChange` and saves the project; `Project.save` refuses any other
change of stage. Funnels and cycle times read the `StageChange` rows, never the current
stage alone.

A project may be confidential: its access rule says what that withholds from everyone but
its team (`core.permissions.Confidentiality`), and its `AccessLogEntry` rows record who
opened, exported or was refused it, and who marked it confidential or lifted that.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pocketworld.core.models import PrimaryModel
from pocketworld.core.permissions import (
    AccessRule,
    Confidentiality,
    ConfidentialLink,
    check_savable,
)
from pocketworld.core.querysets import PolicyManager
from pocketworld.core.stages import StagedModel
from pocketworld.projects.choices import (
    OPEN_STAGES,
    AccessAction,
    AccessChannel,
    LossReason,
    ProjectKind,
    ProjectSource,
    SpaceKind,
    Stage,
)

# Where a project may go from each stage.
TRANSITIONS = {
    **{
        stage: {*OPEN_STAGES, Stage.LOST, Stage.ON_HOLD} - {stage}
        | ({Stage.WON} if stage == Stage.DECISION else set())
        for stage in OPEN_STAGES
    },
    Stage.ON_HOLD: {*OPEN_STAGES, Stage.LOST},
    Stage.LOST: {Stage.LEAD},  # reopened
    Stage.WON: {Stage.ON_HOLD},  # the investment is postponed after all
}


class Project(StagedModel, PrimaryModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    prospect_name = models.CharField(
        _("prospect not yet registered"),
        max_length=250,
        blank=True,
        help_text=_("The company's name while it is not in the registry."),
    )
    desk = models.ForeignKey(
        "desks.Desk", verbose_name=_("desk"), on_delete=models.PROTECT, related_name="projects"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other team members"),
        blank=True,
        related_name="projects",
    )
    partners = models.ManyToManyField(
        "companies.PartnerOrganisation",
        verbose_name=_("partners involved"),
        blank=True,
        related_name="projects",
    )
    source = models.CharField(_("source"), max_length=20, choices=ProjectSource.choices)
    source_note = models.CharField(
        _("source details"), max_length=250, blank=True, help_text=_("Which event, which partner.")
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="projects"
    )
    expected_jobs = models.PositiveIntegerField(_("expected jobs"), null=True, blank=True)
    expected_investment = models.DecimalField(
        _("expected investment (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    space_needed = models.PositiveIntegerField(_("space needed (m²)"), null=True, blank=True)
    space_kind = models.CharField(
        _("kind of space"), max_length=20, choices=SpaceKind.choices, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    origin_country = models.ForeignKey(
        "core.Country",
        verbose_name=_("relocation from country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("relocation from municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    destination_municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("destination municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD, editable=False
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    loss_reason = models.CharField(
        _("reason for the loss"), max_length=30, choices=LossReason.choices, blank=True
    )
    loss_note = models.CharField(_("about the loss"), max_length=250, blank=True)
    realised_jobs = models.PositiveIntegerField(_("realised jobs"), null=True, blank=True)
    realised_investment = models.DecimalField(
        _("realised investment (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        db_default=False,
        help_text=_(
            "Only the owner, the team, the directors and the administrators see the company "
            "and what identifies it; everyone else sees the codename."
        ),
    )
    codename = models.CharField(
        _("codename"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("What everyone else calls a confidential project, e.g. “Project Falcon”."),
    )
    hide_country = models.BooleanField(
        _("hide the country too"),
        default=False,
        db_default=False,
        help_text=_(
            "Outside the team, a confidential project shows its company's country of origin "
            "unless this is ticked."
        ),
    )

    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("desk",),
        internal=True,
        confidential=Confidentiality(
            flag="confidential",
            members=("owner", "team"),
            codename="codename",
            title="title",
            identifying_fields=(
                "company",
                "prospect_name",
                "partners",
                "source_note",
                "expected_jobs",
                "expected_investment",
                "space_needed",
                "origin_municipality",
                "loss_note",
                "realised_jobs",
                "realised_investment",
                "description",
                "tags",
            ),  # fmt: skip
            disclosed=(("disclosed_country", "company__country"),),
            hide_flag="hide_country",
            hide_fields=("origin_country",),
        ),
    )
    _history_m2m_fields = ["team", "partners", "focus_areas"]
    # Set by the policy on a copy whose identifying fields are withheld from its reader.
    withheld = False

    class Meta:
        ordering = ["-stage_changed_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["desk", "stage"]),
            models.Index(fields=["owner", "stage"]),
            models.Index(fields=["stage", "stage_changed_at"]),
            models.Index(fields=["-stage_changed_at"]),  # the list's order
            models.Index(fields=["desk", "-stage_changed_at"]),
            # The few confidential ones, looked up on every request (`withheld_ids`).
            models.Index(
                fields=["owner"],
                condition=models.Q(confidential=True),
                name="project_confidential",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(company__isnull=True, prospect_name=""),
                name="project_has_company_or_prospect",
                violation_error_message=_("Name the company or the prospect."),
            ),
            models.UniqueConstraint(
                fields=["codename"],
                condition=models.Q(confidential=True),
                name="project_codename_unique_when_confidential",
                violation_error_message=_("Another confidential project has this codename."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def company_label(self):
        """The company's or the prospect's name; of a project withheld from the reader, what
        the reader may know (its company's country, unless the owner hides that too)."""
        if self.withheld:
            country = getattr(self, "disclosed_country", None)
            if country is None:
                return gettext("confidential")
            return gettext("confidential, %(country)s") % {"country": country}
        return str(self.company) if self.company_id else self.prospect_name

    @property
    def country_code(self):
        """The company's country of origin, as far as the reader may know it ("" if not)."""
        if self.withheld:
            country = getattr(self, "disclosed_country", None)
            return country.pk if country else ""
        return self.company.country_id if self.company_id else ""

    @property
    def days_in_stage(self):
        return (timezone.now() - self.stage_changed_at).days

    def clean(self):
        super().clean()
        errors = {}
        if not self.company_id and not self.prospect_name:
            errors["company"] = _("Name the company or the prospect.")
        self.codename = self.codename.strip()
        if self.confidential and not self.codename:
            errors["codename"] = _("A confidential project needs a codename.")
        elif self.confidential and (
            Project._base_manager.filter(confidential=True, codename__iexact=self.codename)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["codename"] = _("Another confidential project is called %(codename)s.") % {
                "codename": self.codename
            }
        if errors:
            raise ValidationError(errors)
        check_stage_fields(self, self.stage)

    def save(self, *args, **kwargs):
        check_savable(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def owning_desk_ids(self):
        return {self.desk_id} if self.desk_id else set()

    def allowed_stages(self):
        """Where the project may go, the next stage of the pipeline first."""
        allowed = [stage for stage in Stage if stage in TRANSITIONS[Stage(self.stage)]]
        order = list(Stage)
        following = [stage for stage in allowed if order.index(stage) > order.index(self.stage)]
        return following[:1] + [stage for stage in allowed if stage not in following[:1]]


def check_stage_fields(project, stage):
    """What a stage needs: a reason for a loss, the realised figures for a win."""
    errors = {}
    if stage == Stage.LOST:
        if not project.loss_reason:
            errors["loss_reason"] = _("Say why the project was lost.")
        elif project.loss_reason == LossReason.OTHER and not project.loss_note:
            errors["loss_note"] = _("Describe the reason when it is 'other'.")
    if stage == Stage.WON:
        if project.realised_jobs is None:
            errors["realised_jobs"] = _("A won project needs the realised jobs.")
        if project.realised_investment is None:
            errors["realised_investment"] = _("A won project needs the realised investment.")
    if errors:
        raise ValidationError(errors)


class StageChange(models.Model):
    """One move of a project from a stage to another; never edited afterwards."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("project__desk",),
        internal=True,
        confidential_links=(ConfidentialLink("project"),),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [
            models.Index(fields=["to_stage", "changed_at", "project"]),  # funnels
            # The projects that moved in a period, and those opened in it (the KPIs).
            models.Index(fields=["changed_at", "project"]),
            models.Index(fields=["from_stage", "changed_at", "project"]),
        ]

    def __str__(self):
        before = self.get_from_stage_display() or "—"
        return f"{self.project}: {before} → {self.get_to_stage_display()}"

    def owning_desk_ids(self):
        return self.project.owning_desk_ids()


class AccessLogEntry(models.Model):
    """Who opened, exported or was refused a confidential project, and who marked it
    confidential or lifted that, when and how: what its owner and the directors review.
    Written by `services.record_access`; never edited."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(
        pgettext_lazy("access log", "what"), max_length=20, choices=AccessAction.choices
    )
    via = models.CharField(
        pgettext_lazy("access log", "via"),
        max_length=10,
        choices=AccessChannel.choices,
        blank=True,
    )
    at = models.DateTimeField(pgettext_lazy("access log", "when"), default=timezone.now)

    objects = PolicyManager()
    access = AccessRule(internal=True, readers=("project__owner",))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["project", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.user or '—'}"
