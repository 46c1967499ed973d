from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.models import Person, Position
from pocketworld.core import permissions
from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm


class PersonForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = Person
        fields = [
            "salutation",
            "given_name",
            "family_name",
            "native_name",
            "native_script",
            "languages",
            "email",
            "phone",
            "mobile",
            "desk",
            "legal_basis",
            "consent_given_on",
            "contract_ends_on",
            "legal_basis_note",
            "notes",
            "tags",
        ]
        widgets = {
            "consent_given_on": DATE_WIDGET,
            "contract_ends_on": DATE_WIDGET,
            "languages": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A desk member's contacts belong to one of their desks, the first one by default.
        if self.user is not None and not permissions.sees_and_changes_everything(self.user):
            self.fields["desk"].required = True
            own = list(permissions.desk_roles(self.user))
            if own and not self.instance.pk and not self.initial.get("desk"):
                self.initial["desk"] = own[0]


class PositionForm(PolicyModelForm):
    class Meta:
        model = Position
        fields = ["person", "company", "partner", "job_title", "started_on", "ended_on"]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.only("pk", "legal_name")
        self.fields["partner"].queryset = PartnerOrganisation.objects.only(
            "pk", "name", "short_name"
        )
