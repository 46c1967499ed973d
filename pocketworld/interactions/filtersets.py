import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.widgets import DateRangeWidget

from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.desks.models import Desk
from pocketworld.interactions.choices import (
    CompanyPlan,
    InteractionKind,
    Satisfaction,
    TaskStatus,
)
from pocketworld.interactions.models import Interaction, Task
from pocketworld.search.filters import IndexSearchFilter


class AftercareVisitFilter(django_filters.DateFromToRangeFilter):
    """Companies with an aftercare visit in the range, among the visits the user may see (the
    company list's filter, added by this app: see apps.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Aftercare visit between"))
        kwargs.setdefault("widget", DateRangeWidget(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        request = self.parent.request
        user = request.user if request else None
        visits = Interaction.objects.visible_to(user).filter(kind=InteractionKind.AFTERCARE_VISIT)
        if value.start:
            visits = visits.filter(occurred_on__gte=value.start)
        if value.stop:
            visits = visits.filter(occurred_on__lte=value.stop)
        return queryset.filter(pk__in=visits.values("company"))


class InteractionFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"company": "company", "project": "project"})
    search_fields = ("subject", "notes", "company__legal_name", "project__title")
    kind = django_filters.MultipleChoiceFilter(
        choices=InteractionKind.choices, label=_("Kind"), widget=CheckboxSelectMultiple
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        queryset=Desk.objects.all(), label=_("Desk"), widget=CheckboxSelectMultiple
    )
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    project = django_filters.NumberFilter(label=_("Project (id)"), widget=HiddenInput)
    team_members = django_filters.NumberFilter(label=_("Team member (id)"), widget=HiddenInput)
    people = django_filters.NumberFilter(label=_("Person (id)"), widget=HiddenInput)
    occurred_after = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("On or after"), widget=DATE
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=_("On or before"), widget=DATE
    )
    company_plan = django_filters.MultipleChoiceFilter(
        choices=CompanyPlan.choices, label=_("The company's plans")
    )
    needs = django_filters.CharFilter(
        method="filter_need", label=_("Need"), help_text=_("One of the needs' codes.")
    )
    satisfaction = django_filters.MultipleChoiceFilter(
        choices=Satisfaction.choices, label=_("Satisfaction")
    )
    tag = TagFilter()

    class Meta:
        model = Interaction
        fields = ["q", "kind", "desk", "company", "project"]

    def filter_need(self, queryset, name, value):
        # JSON containment differs between SQLite and PostgreSQL; the quoted code does not.
        return queryset.filter(needs__icontains=f'"{value}"')


class TaskFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"company": "company", "project": "project"})
    search_fields = ("title", "description")
    status = django_filters.MultipleChoiceFilter(
        choices=TaskStatus.choices, label=_("Status"), widget=CheckboxSelectMultiple
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        queryset=Desk.objects.all(), label=_("Desk"), widget=CheckboxSelectMultiple
    )
    assignee = django_filters.NumberFilter(label=_("Assignee (id)"), widget=HiddenInput)
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Only mine"))
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    project = django_filters.NumberFilter(label=_("Project (id)"), widget=HiddenInput)
    interaction = django_filters.NumberFilter(label=_("Interaction (id)"), widget=HiddenInput)
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Due on or before"), widget=DATE
    )
    completed_after = django_filters.DateFilter(
        field_name="completed_at",
        lookup_expr="date__gte",
        label=_("Completed on or after"),
        widget=DATE,
    )
    tag = TagFilter()

    class Meta:
        model = Task
        fields = ["q", "status", "desk", "assignee"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(assignee=self.request.user)
        return queryset
