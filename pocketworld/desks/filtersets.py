import django_filters
from django.forms import HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import BaseFilterSet, TagFilter
from pocketworld.core.models import Country, Language
from pocketworld.desks.models import Desk


class DeskFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "email")
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="countries", queryset=Country.objects.all(), label=_("Country"), distinct=True
    )
    language = django_filters.ModelMultipleChoiceFilter(
        field_name="languages", queryset=Language.objects.all(), label=_("Language"), distinct=True
    )
    member = django_filters.NumberFilter(
        field_name="members", label=_("Member (id)"), widget=HiddenInput, distinct=True
    )
    tag = TagFilter()

    class Meta:
        model = Desk
        fields = ["q", "slug", "country", "language", "member", "tag"]
