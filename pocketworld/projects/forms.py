from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts.models import team_members
from pocketworld.companies.models import Company
from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.projects.choices import LossReason, Stage
from pocketworld.projects.models import Project
from pocketworld.projects.services import check_marking


class ProjectForm(PolicyModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "confidential",
            "codename",
            "hide_country",
            "kind",
            "company",
            "prospect_name",
            "desk",
            "owner",
            "team",
            "partners",
            "source",
            "source_note",
            "focus_areas",
            "expected_jobs",
            "expected_investment",
            "space_needed",
            "space_kind",
            "target_date",
            "probability",
            "origin_country",
            "origin_municipality",
            "destination_municipality",
            "description",
            "tags",
        ]
        widgets = {
            "target_date": DATE_WIDGET,
            "team": forms.SelectMultiple(attrs={"size": 5}),
            "partners": forms.SelectMultiple(attrs={"size": 5}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.only("pk", "legal_name")
        self.fields["owner"].queryset = team_members()
        self.fields["team"].queryset = team_members()
        if self.user is not None and not self.instance.pk:
            self.initial.setdefault("owner", self.user.pk)

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            try:
                check_marking(
                    self.user,
                    cleaned.get("confidential"),
                    cleaned.get("owner"),
                    cleaned.get("team") or [],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class StageMoveForm(forms.Form):
    """Moving a project on: the target stage and what it needs (reason, realised figures)."""

    stage = forms.ChoiceField(label=_("new stage"), choices=Stage.choices)
    note = forms.CharField(label=_("note"), max_length=250, required=False)
    loss_reason = forms.ChoiceField(
        label=_("reason for the loss"),
        choices=[("", "---------"), *LossReason.choices],
        required=False,
    )
    loss_note = forms.CharField(label=_("about the loss"), max_length=250, required=False)
    realised_jobs = forms.IntegerField(label=_("realised jobs"), min_value=0, required=False)
    realised_investment = forms.DecimalField(
        label=_("realised investment (EUR)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        allowed = set(project.allowed_stages())
        self.fields["stage"].choices = [(s, label) for s, label in Stage.choices if s in allowed]

    def move_values(self):
        """The values the target stage takes, for services.move_stage."""
        data = self.cleaned_data
        stage = data["stage"]
        values = {}
        if stage == Stage.LOST:
            values = {"loss_reason": data["loss_reason"], "loss_note": data["loss_note"]}
        elif stage == Stage.WON:
            values = {
                "realised_jobs": data["realised_jobs"],
                "realised_investment": data["realised_investment"],
            }
        return values
