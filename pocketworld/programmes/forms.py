from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.programmes.models import Cohort, Goal, Programme


class ProgrammeForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = Programme
        fields = [
            "kind",
            "name",
            "starts_on",
            "ends_on",
            "desks",
            "partners",
            "focus_areas",
            "budget",
            "description",
            "tags",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "desks": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 5}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class CohortForm(PolicyModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "starts_on", "ends_on", "places", "notes"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class GoalForm(PolicyModelForm):
    class Meta:
        model = Goal
        fields = ["programme", "measure", "target"]
