import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.models import PartnerOrganisation
from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.core.models import FocusArea
from pocketworld.desks.models import Desk
from pocketworld.programmes.choices import GoalMeasure, ProgrammeKind
from pocketworld.programmes.models import Cohort, Goal, Programme


class ProgrammeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.MultipleChoiceFilter(
        choices=ProgrammeKind.choices, label=_("Kind"), widget=CheckboxSelectMultiple
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="desks", queryset=Desk.objects.all(), label=_("Desk"), distinct=True
    )
    partner = django_filters.ModelMultipleChoiceFilter(
        field_name="partners",
        queryset=PartnerOrganisation.objects.all(),
        label=_("Partner"),
        distinct=True,
    )
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
    )
    # Programmes running at some time in the period: an open end runs on.
    runs_from = django_filters.DateFilter(
        field_name="ends_on", method="runs_from_day", label=_("From"), widget=DATE
    )
    runs_until = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Until"), widget=DATE
    )
    budget_min = django_filters.NumberFilter(
        field_name="budget", lookup_expr="gte", label=_("Budget from (EUR)")
    )
    tag = TagFilter()

    class Meta:
        model = Programme
        fields = ["q", "kind", "desk", "partner", "focus_area"]

    def runs_from_day(self, queryset, name, value):
        return queryset.exclude(**{f"{name}__lt": value})


class ProgrammePartFilterSet(BaseFilterSet):
    """The parts of programmes, by programme."""

    programme = django_filters.NumberFilter(label=_("Programme (id)"), widget=HiddenInput)


class CohortFilterSet(ProgrammePartFilterSet):
    search_fields = ("name", "notes")
    starts_on = django_filters.DateFromToRangeFilter(label=_("First day"))
    ends_on = django_filters.DateFromToRangeFilter(label=_("Last day"))
    places_min = django_filters.NumberFilter(
        field_name="places", lookup_expr="gte", label=_("Places from")
    )

    class Meta:
        model = Cohort
        fields = ["q", "programme"]


class GoalFilterSet(ProgrammePartFilterSet):
    measure = django_filters.MultipleChoiceFilter(choices=GoalMeasure.choices, label=_("Measure"))
    target_min = django_filters.NumberFilter(
        field_name="target", lookup_expr="gte", label=_("Target from")
    )

    class Meta:
        model = Goal
        fields = ["programme", "measure"]
