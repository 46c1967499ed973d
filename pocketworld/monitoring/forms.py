from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.forms import PolicyModelForm
from pocketworld.desks.models import Desk
from pocketworld.monitoring.choices import FollowUpKind
from pocketworld.monitoring.fetching import FetchError, check_address
from pocketworld.monitoring.models import CompanyLink, Feed, Watch
from pocketworld.monitoring.services import LIVE


class FeedForm(PolicyModelForm):
    class Meta:
        model = Feed
        fields = ["url", "name", "kind", "desks", "language", "country", "fetch_every", "is_active"]
        widgets = {"desks": forms.CheckboxSelectMultiple}

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_address(url, resolve=False)
        except FetchError as error:
            raise forms.ValidationError(error.reason) from error
        return url


class WatchForm(forms.ModelForm):
    class Meta:
        model = Watch
        fields = ["company", "country", "keyword"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["company"].queryset = Company.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        self.instance.user = self.user
        return cleaned


class FollowUpForm(forms.Form):
    """What to make of an item: for which company and desk, with which title."""

    kind = forms.ChoiceField(label=_("Make"), choices=FollowUpKind.choices)
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = forms.DateField(
        label=_("Due on (tasks)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        companies = Company.objects.visible_to(user).only("legal_name")
        if item is not None:
            # The companies the item is about first.
            about = CompanyLink.objects.filter(item=item, company=OuterRef("pk"), status__in=LIVE)
            companies = companies.annotate(about=Exists(about)).order_by("-about", "legal_name")
        self.fields["company"].queryset = companies
        desks = Desk.objects.all()
        if not permissions.sees_and_changes_everything(user):
            desks = desks.filter(pk__in=permissions.desk_roles(user))
        self.fields["desk"].queryset = desks
        if item is not None and not self.is_bound:
            self.initial.setdefault("title", item.title[:200])
