import django_filters
from django.forms import CheckboxSelectMultiple, DateInput
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import BaseFilterSet, TagFilter
from pocketworld.core.models import Country, FocusArea
from pocketworld.desks.models import Desk
from pocketworld.events.choices import EventKind
from pocketworld.events.models import Event

DATE = DateInput(attrs={"type": "date"})


class EventFilterSet(BaseFilterSet):
    search_fields = ("title", "venue", "origin_region", "description")
    kind = django_filters.MultipleChoiceFilter(
        choices=EventKind.choices, label=_("Kind"), widget=CheckboxSelectMultiple
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="desks", queryset=Desk.objects.all(), label=_("Desk"), distinct=True
    )
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
    )
    starts_after = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="gte", label=_("From"), widget=DATE
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Until"), widget=DATE
    )
    tag = TagFilter()

    class Meta:
        model = Event
        fields = ["q", "kind", "desk", "country"]
