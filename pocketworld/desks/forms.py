from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts.models import User
from pocketworld.core.forms import PolicyModelForm
from pocketworld.core.models import Country
from pocketworld.desks.models import Desk, DeskMembership
from pocketworld.desks.services import primary_desk_conflicts, set_desk_countries


class DeskForm(PolicyModelForm):
    primary_countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("primary countries"),
        help_text=_("Companies from these countries are assigned to this desk."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("further countries covered"),
        help_text=_("Countries the desk also works on, whose companies belong to another desk."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Desk
        fields = [
            "name",
            "slug",
            "email",
            "description",
            "primary_countries",
            "other_countries",
            "languages",
            "tags",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            coverage = list(self.instance.coverage.all())
            self.initial["primary_countries"] = [c.country_id for c in coverage if c.is_primary]
            self.initial["other_countries"] = [c.country_id for c in coverage if not c.is_primary]

    def clean_primary_countries(self):
        countries = self.cleaned_data["primary_countries"]
        if conflicts := primary_desk_conflicts(self.instance, countries):
            raise ValidationError(conflicts)
        return countries

    def _save_m2m(self):
        super()._save_m2m()
        set_desk_countries(
            self.instance,
            self.cleaned_data["primary_countries"],
            self.cleaned_data["other_countries"],
        )


class DeskMembershipForm(PolicyModelForm):
    class Meta:
        model = DeskMembership
        fields = ["desk", "user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True)
