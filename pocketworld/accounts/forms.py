import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts import services
from pocketworld.accounts.models import User
from pocketworld.core.forms import DATE_WIDGET

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
        widget=DATE_WIDGET,
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


def code_input():
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            "autofocus": True,
        }
    )


class SignInCodeForm(forms.Form):
    """The second step of signing in: a code of the user's authenticator app, or one of
    their recovery codes (which is used up)."""

    code = forms.CharField(
        label=_("code"),
        max_length=32,
        widget=code_input(),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        self.device = services.verify_second_factor(self.user, self.cleaned_data["code"])
        return self.cleaned_data["code"]


class AuthenticatorForm(forms.Form):
    """Confirms a new authenticator app with a code it shows."""

    code = forms.CharField(
        label=_("code"),
        max_length=32,
        widget=code_input(),
        help_text=_("The six digits the app shows for pocketworld now."),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery_codes = None

    def clean_code(self):
        self.recovery_codes = services.confirm_authenticator(self.device, self.cleaned_data["code"])
        return self.cleaned_data["code"]


class SecondFactorOffForm(forms.Form):
    """Switching the second factor off asks again who is there: the password or a code."""

    password_or_code = forms.CharField(
        label=_("password or code"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Your password, or a code of your authenticator app or a recovery code."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password_or_code(self):
        given = self.cleaned_data["password_or_code"]
        if self.user.has_usable_password() and self.user.check_password(given):
            return given
        if services.looks_like_a_code(given):
            services.verify_second_factor(self.user, given)
            return given
        raise forms.ValidationError(
            _("This is neither your password nor a current code."), code="wrong"
        )
