"""The search's parameters, for the results page, the suggestions and the API alike."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import BoundedModelChoiceField
from pocketworld.core.models import Country
from pocketworld.desks.models import Desk
from pocketworld.search.indexing import indexes

MAX_LIMIT = 50


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Kind"), required=False)
    country = BoundedModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
    )
    desk = BoundedModelChoiceField(label=_("Desk"), queryset=Desk.objects.all(), required=False)
    limit = forms.IntegerField(
        label=_("Results"), min_value=1, max_value=MAX_LIMIT, required=False, initial=10
    )

    def __init__(self, *args, kinds=None, require_query=False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = kinds if kinds is not None else list(indexes())
        self.fields["type"].choices = [("", _("all kinds"))] + [
            (kind, indexes()[kind].label) for kind in kinds
        ]
        self.fields["q"].required = require_query

    def search_arguments(self):
        """The keyword arguments of `services.search` for the cleaned parameters."""
        data = self.cleaned_data
        return {
            "kinds": [data["type"]] if data.get("type") else None,
            "country": data["country"].code if data.get("country") else None,
            "desk_id": data["desk"].pk if data.get("desk") else None,
            "limit": data.get("limit") or self.fields["limit"].initial,
        }


class DuplicateCheckedInput(forms.TextInput):
    """A name input that lists the existing records with a name like it while one types."""

    def __init__(self, kind, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        hint = f"{attrs.get('id', name)}-duplicates"
        attrs |= {
            "hx-get": reverse("search:duplicates", args=[self.kind]) + f"?field={name}",
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{hint}",
            "aria-describedby": hint,
            "autocomplete": "off",
        }
        return super().render(name, value, attrs, renderer) + format_html(
            '<div class="duplicate-hint" id="{}" aria-live="polite"></div>', hint
        )
