from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pocketworld.privacy.exports import export_language

# A reason names a request and its reference: a few sentences at most.
REASON_LENGTH = 1000


class ErasureForm(forms.Form):
    """Why a person is erased; the service refuses a reason that names them."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The request and its reference, e.g. “letter of 3 March 2026, ref. DS-2026-17”. "
            "The reason is kept after the erasure: no name, e-mail or phone number."
        ),
    )


class AccessExportForm(forms.Form):
    """The language of an access export's PDF, from the address; the page's by default."""

    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES, required=False)

    def clean_language(self):
        return export_language(self.cleaned_data["language"])
