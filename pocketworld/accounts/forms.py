import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts.models import User

# A token lives at most a year: one forgotten in a script stops working by itself.
MAX_TOKEN_DAYS = 365
DEFAULT_TOKEN_DAYS = 90


class UserSettingsForm(forms.ModelForm):
    """What users set for themselves: name, e-mail, languages and the daily digest."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "languages", "receives_digest"]
        widgets = {"languages": forms.SelectMultiple(attrs={"size": 6})}


class APITokenForm(forms.Form):
    """A new API token: what it is for, the last day it works, and whether it only reads."""

    prefix = "token"  # beside the settings form on one page

    name = forms.CharField(
        label=_("name"),
        max_length=200,
        help_text=_("What the token is for, e.g. the report or script that uses it."),
    )
    valid_until = forms.DateField(
        label=_("valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day it works; at most a year ahead."),
    )
    read_only = forms.BooleanField(
        label=_("read-only"),
        required=False,
        initial=True,
        help_text=_("Reads through the API, changes nothing."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_until"].initial = today + datetime.timedelta(days=DEFAULT_TOKEN_DAYS)

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        today = timezone.localdate()
        latest = today + datetime.timedelta(days=MAX_TOKEN_DAYS)
        if day < today:
            raise forms.ValidationError(_("The day must not lie in the past."))
        if day > latest:
            raise forms.ValidationError(
                _("A token works at most a year: until %(day)s.") % {"day": latest.isoformat()}
            )
        return day

    def expires(self):
        """The moment the token stops working: the start of the day after the last."""
        day = self.cleaned_data["valid_until"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
