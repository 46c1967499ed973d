"""What the desks do with companies: interactions (aftercare visits with their structured
record among them) and the follow-ups that must not be dropped."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.core.models import PrimaryModel
from pocketworld.core.permissions import AccessRule, ConfidentialLink, check_savable
from pocketworld.interactions.choices import (
    CompanyNeed,
    CompanyPlan,
    InteractionKind,
    Satisfaction,
    TaskStatus,
)


class Interaction(PrimaryModel):
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    subject = models.CharField(_("subject"), max_length=200)
    desk = models.ForeignKey(
        "desks.Desk", verbose_name=_("desk"), on_delete=models.PROTECT, related_name="interactions"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
    )
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members"),
        blank=True,
        related_name="interactions",
    )
    people = models.ManyToManyField(
        "contacts.Person", verbose_name=_("people"), blank=True, related_name="interactions"
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    # The structured record of an aftercare visit.
    company_plan = models.CharField(
        _("the company's plans"), max_length=20, choices=CompanyPlan.choices, blank=True
    )
    needs = models.JSONField(_("the company's needs"), default=list, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the location"), choices=Satisfaction.choices, null=True, blank=True
    )

    access = AccessRule(
        desk_lookups=("desk",),
        internal=True,
        personal_fields=("people",),
        # An interaction about a confidential project names its company: for its team only.
        confidential_links=(ConfidentialLink("project"),),
    )
    _history_m2m_fields = ["team_members", "people"]

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["company", "-occurred_on"]),
            models.Index(fields=["project", "-occurred_on"]),
            models.Index(fields=["desk", "-occurred_on"]),
            # The KPIs: visits of one kind in a period, and which companies had them;
            # one desk's visits of one kind.
            models.Index(fields=["kind", "occurred_on", "company"]),
            models.Index(fields=["desk", "kind", "occurred_on"]),
            models.Index(fields=["-occurred_on", "-id"]),  # the list's order
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("interactions:interaction_detail", args=[self.pk])

    @property
    def is_aftercare_visit(self):
        return self.kind == InteractionKind.AFTERCARE_VISIT

    def clean(self):
        super().clean()
        errors = {}
        if not self.company_id and not self.project_id:
            errors["company"] = _("An interaction is with a company or about a project.")
        if (
            self.project_id
            and self.company_id
            and self.project.company_id
            not in (
                None,
                self.company_id,
            )
        ):
            errors["project"] = _("This project belongs to another company.")
        unknown = set(self.needs or []) - set(CompanyNeed.values)
        if unknown:
            errors["needs"] = _("Unknown needs: %(needs)s") % {"needs": ", ".join(sorted(unknown))}
        if self.is_aftercare_visit:
            if not self.company_id:
                errors["company"] = _("An aftercare visit is a visit to a company.")
            if not self.company_plan:
                errors["company_plan"] = _("Record the company's plans.")
            if self.satisfaction is None:
                errors["satisfaction"] = _("Record how satisfied the company is.")
        elif self.company_plan or self.needs or self.satisfaction is not None:
            errors["kind"] = _("Plans, needs and satisfaction belong to aftercare visits.")
        if errors:
            raise ValidationError(errors)

    def owning_desk_ids(self):
        return {self.desk_id} if self.desk_id else set()

    def need_labels(self):
        labels = dict(CompanyNeed.choices)
        return [labels.get(need, need) for need in self.needs or []]


class Task(PrimaryModel):
    """A follow-up: something a team member must do by a date."""

    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    desk = models.ForeignKey(
        "desks.Desk", verbose_name=_("desk"), on_delete=models.PROTECT, related_name="tasks"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("follow-up of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.TextField(_("description"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)

    access = AccessRule(
        desk_lookups=("desk",),
        internal=True,
        # A task about a confidential project is for its team, and for its assignee, who
        # receives it with the project under its codename and without the company.
        confidential_links=(
            ConfidentialLink("project", readers=("assignee",), blanked=("company", "interaction")),
        ),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            models.Index(fields=["company", "status"]),
            models.Index(fields=["project", "status"]),
            # The list's order, alone and within a status or a desk.
            models.Index(fields=["due_on", "id"]),
            models.Index(fields=["status", "due_on", "id"]),
            models.Index(fields=["desk", "due_on", "id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("interactions:task_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        check_savable(self, kwargs.get("update_fields"))
        if self.status == TaskStatus.DONE and self.completed_at is None:
            self.completed_at = timezone.now()
        elif self.status != TaskStatus.DONE:
            self.completed_at = None
        super().save(*args, **kwargs)

    def owning_desk_ids(self):
        return {self.desk_id} if self.desk_id else set()
