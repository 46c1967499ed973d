from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.core.forms import DATE_WIDGET, PolicyModelForm
from pocketworld.core.models import Sector
from pocketworld.search.forms import DuplicateCheckedInput
from pocketworld.search.services import find_duplicates


class CompanyForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))
    # Shown once a new company's name matches existing ones.
    create_anyway = forms.BooleanField(
        label=_("It is none of these: create the company anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Company
        fields = [
            "legal_name",
            "country",
            "parent",
            "status",
            "desk_override",
            "sectors",
            "focus_areas",
            "employees_region",
            "employees_worldwide",
            "website",
            "lei",
            "registered_address",
            "description",
            "tags",
        ]
        widgets = {
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "registered_address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.select_related("section")
        self.fields["parent"].queryset = Company.objects.only("pk", "legal_name")
        # Existing companies whose names match a new one's, shown below the name.
        self.duplicates, self.duplicates_field = [], "legal_name"
        self.order_fields(["legal_name", "create_anyway"])
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )
            del self.fields["create_anyway"]
        else:
            name = self.fields["legal_name"]
            name.widget = DuplicateCheckedInput("company", attrs=name.widget.attrs)

    def clean(self):
        """A new company whose name matches existing ones needs a second look first."""
        cleaned = super().clean()
        legal_name = cleaned.get("legal_name")
        if self.instance.pk or not legal_name or cleaned.get("create_anyway"):
            return cleaned
        country = cleaned.get("country")
        self.duplicates = find_duplicates(
            [legal_name], self.user, kind="company", country=country.pk if country else ""
        )
        if self.duplicates:
            self.fields["create_anyway"].widget = forms.CheckboxInput()
            self.add_error(
                "legal_name",
                _(
                    "Companies with a name like this exist already. Open the right one, or "
                    "confirm that this is another company."
                ),
            )
        return cleaned


class CompanyNameForm(PolicyModelForm):
    class Meta:
        model = CompanyName
        fields = ["company", "name", "kind", "language", "script", "valid_until"]


class SiteForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = Site
        fields = [
            "company",
            "name",
            "kind",
            "street",
            "postcode",
            "municipality",
            "relocated_from",
            "opened_on",
            "closed_on",
            "employees",
            "tags",
        ]
        widgets = {
            "opened_on": DATE_WIDGET,
            "closed_on": DATE_WIDGET,
        }


class PartnerOrganisationForm(PolicyModelForm):
    tags = TagField(label=_("tags"), required=False, help_text=_("Separate tags with commas."))

    class Meta:
        model = PartnerOrganisation
        fields = [
            "name",
            "short_name",
            "kind",
            "partnership",
            "country",
            "municipality",
            "website",
            "desks",
            "focus_areas",
            "company",
            "description",
            "tags",
        ]
        widgets = {
            "desks": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.only("pk", "legal_name")


class PartnerLinkForm(PolicyModelForm):
    class Meta:
        model = PartnerLink
        fields = ["company", "partner", "role", "note"]
