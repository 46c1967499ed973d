from django import forms
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts.models import User, team_members
from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.interactions.choices import CompanyNeed
from pocketworld.interactions.models import Interaction, Task


class InteractionForm(PolicyModelForm):
    """An interaction, and for an aftercare visit its record and an optional follow-up."""

    needs = forms.MultipleChoiceField(
        label=_("the company's needs"),
        choices=CompanyNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up_title = forms.CharField(label=_("follow-up"), max_length=200, required=False)
    follow_up_due_on = forms.DateField(
        label=_("follow-up due on"), required=False, widget=DATE_WIDGET
    )
    follow_up_assignee = forms.ModelChoiceField(
        label=_("follow-up by"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Interaction
        fields = [
            "kind",
            "occurred_on",
            "subject",
            "desk",
            "company",
            "project",
            "team_members",
            "people",
            "notes",
            "company_plan",
            "needs",
            "satisfaction",
            "tags",
        ]
        widgets = {
            "occurred_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 6}),
            "team_members": forms.SelectMultiple(attrs={"size": 5}),
            "people": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.only("pk", "legal_name")
        # Narrowed, not replaced: the policy left out the projects withheld from the user.
        self.fields["project"].queryset = self.fields["project"].queryset.only("pk", "title")
        self.fields["team_members"].queryset = team_members()
        self.fields["people"].queryset = Person.objects.visible_to(self.user).only(
            "pk", "given_name", "family_name"
        )
        self.fields["follow_up_assignee"].queryset = team_members()
        if self.user is not None and not self.instance.pk:
            self.initial.setdefault("follow_up_assignee", self.user.pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up_title") and not cleaned.get("follow_up_due_on"):
            self.add_error("follow_up_due_on", _("When is the follow-up due?"))
        return cleaned

    def follow_up(self):
        """The follow-up task the form asks for, not yet saved, or None."""
        data = self.cleaned_data
        if not data.get("follow_up_title"):
            return None
        return Task(
            title=data["follow_up_title"],
            due_on=data["follow_up_due_on"],
            assignee=data.get("follow_up_assignee") or self.user,
            desk=self.instance.desk,
            company=self.instance.company,
            project=self.instance.project,
        )


class TaskForm(PolicyModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "due_on",
            "assignee",
            "status",
            "desk",
            "company",
            "project",
            "interaction",
            "description",
            "tags",
        ]
        widgets = {"due_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team_members()
        self.fields["company"].queryset = Company.objects.only("pk", "legal_name")
        # Narrowed, not replaced: the policy left out the projects withheld from the user.
        self.fields["project"].queryset = self.fields["project"].queryset.only("pk", "title")
        self.fields["interaction"].queryset = Interaction.objects.visible_to(self.user).only(
            "pk", "kind", "subject"
        )
        if self.user is not None and not self.instance.pk:
            self.initial.setdefault("assignee", self.user.pk)
