from django import forms

from pocketworld.accounts.models import User


class UserSettingsForm(forms.ModelForm):
    """What users set for themselves: name, e-mail, languages and the daily digest."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "languages", "receives_digest"]
        widgets = {"languages": forms.SelectMultiple(attrs={"size": 6})}
