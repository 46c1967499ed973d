import datetime

import django_filters
from django.db.models import Q
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.accounts.models import team_members
from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.core.models import Country, FocusArea
from pocketworld.desks.models import Desk
from pocketworld.projects.choices import LossReason, ProjectKind, ProjectSource, SpaceKind, Stage
from pocketworld.projects.models import Project, StageChange
from pocketworld.search.filters import IndexSearchFilter


def start_of_day(day):
    """The first moment of `day` where the agency is: a stage change's date is a local date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ProjectFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"project": "pk"})
    search_fields = (
        "title",
        "codename",
        "prospect_name",
        "company__legal_name",
        "company__names__name",
        "source_note",
        "loss_note",
    )
    stage = django_filters.MultipleChoiceFilter(
        choices=Stage.choices, label=_("Stage"), widget=CheckboxSelectMultiple
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ProjectKind.choices, label=_("Kind"), widget=CheckboxSelectMultiple
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        queryset=Desk.objects.all(), label=_("Desk"), widget=CheckboxSelectMultiple
    )
    owner = django_filters.ModelChoiceFilter(queryset=team_members(), label=_("Owner"))
    team = django_filters.NumberFilter(label=_("Team member (id)"), widget=HiddenInput)
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="company__country", queryset=Country.objects.all(), label=_("Country of origin")
    )
    source = django_filters.MultipleChoiceFilter(choices=ProjectSource.choices, label=_("Source"))
    partners = django_filters.NumberFilter(label=_("Partner (id)"), widget=HiddenInput)
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
        widget=CheckboxSelectMultiple,
    )
    expected_jobs_min = django_filters.NumberFilter(
        field_name="expected_jobs", lookup_expr="gte", label=_("At least expected jobs")
    )
    expected_investment_min = django_filters.NumberFilter(
        field_name="expected_investment", lookup_expr="gte", label=_("At least expected investment")
    )
    space_needed_min = django_filters.NumberFilter(
        field_name="space_needed", lookup_expr="gte", label=_("At least space needed (m²)")
    )
    space_kind = django_filters.MultipleChoiceFilter(
        choices=SpaceKind.choices, label=_("Kind of space")
    )
    target_before = django_filters.DateFilter(
        field_name="target_date",
        lookup_expr="lte",
        label=_("Target date at the latest"),
        widget=DATE,
    )
    probability_min = django_filters.NumberFilter(
        field_name="probability", lookup_expr="gte", label=_("At least probability (%)")
    )
    # Long lists as link parameters (codes and official keys), not as selects on every page.
    origin_country = django_filters.CharFilter(
        label=_("Relocation from country (code)"), widget=HiddenInput
    )
    origin_municipality = django_filters.CharFilter(
        label=_("Relocation from municipality (key)"), widget=HiddenInput
    )
    destination_municipality = django_filters.CharFilter(
        label=_("Destination municipality (key)"), widget=HiddenInput
    )
    in_stage_since_before = django_filters.DateFilter(
        field_name="stage_changed_at",
        lookup_expr="date__lte",
        label=_("In this stage since at least"),
        widget=DATE,
    )
    loss_reason = django_filters.MultipleChoiceFilter(
        choices=LossReason.choices, label=_("Reason for the loss")
    )
    realised_jobs_min = django_filters.NumberFilter(
        field_name="realised_jobs", lookup_expr="gte", label=_("At least realised jobs")
    )
    realised_investment_min = django_filters.NumberFilter(
        field_name="realised_investment", lookup_expr="gte", label=_("At least realised investment")
    )
    # From the stage history, so that each figure of the KPIs lists the projects behind it.
    opened_after = django_filters.DateFilter(
        method="filter_opened", label=_("Opened on or after"), widget=DATE
    )
    opened_before = django_filters.DateFilter(
        method="filter_opened", label=_("Opened on or before"), widget=DATE
    )
    reached = django_filters.MultipleChoiceFilter(
        choices=Stage.choices,
        method="filter_reached",
        label=_("Moved to stage"),
        help_text=_("Any of these stages, on the dates below if given."),
    )
    reached_after = django_filters.DateFilter(
        method="filter_reached", label=_("Moved on or after"), widget=DATE
    )
    reached_before = django_filters.DateFilter(
        method="filter_reached", label=_("Moved on or before"), widget=DATE
    )
    tag = TagFilter()

    class Meta:
        model = Project
        fields = ["q", "stage", "kind", "desk", "owner", "country", "source", "focus_area", "tag"]

    def filter_opened(self, queryset, name, value):
        """By the date of the project's first stage change, the one that created it."""
        if name == "opened_after":
            moment = Q(changed_at__gte=start_of_day(value))
        else:
            moment = Q(changed_at__lt=start_of_day(value + datetime.timedelta(days=1)))
        created = StageChange.objects.filter(moment, from_stage="")
        return queryset.filter(pk__in=created.values("project"))

    def filter_reached(self, queryset, name, value):
        return queryset  # applied in filter_queryset: stage and dates belong to one change

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        stages, after, before = (
            data.get("reached"),
            data.get("reached_after"),
            data.get("reached_before"),
        )
        if not (stages or after or before):
            return queryset
        changes = StageChange.objects.all()
        if stages:
            changes = changes.filter(to_stage__in=stages)
        if after:
            changes = changes.filter(changed_at__gte=start_of_day(after))
        if before:
            changes = changes.filter(
                changed_at__lt=start_of_day(before + datetime.timedelta(days=1))
            )
        return queryset.filter(pk__in=changes.values("project"))


class StageChangeFilterSet(BaseFilterSet):
    search_fields = ("note", "project__title")
    project = django_filters.NumberFilter(label=_("Project (id)"), widget=HiddenInput)
    from_stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("From stage"))
    to_stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("To stage"))
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="project__desk", queryset=Desk.objects.all(), label=_("Desk")
    )
    changed_by = django_filters.NumberFilter(label=_("Changed by (id)"), widget=HiddenInput)
    changed_after = django_filters.DateFilter(
        field_name="changed_at",
        lookup_expr="date__gte",
        label=_("Changed on or after"),
        widget=DATE,
    )
    changed_before = django_filters.DateFilter(
        field_name="changed_at",
        lookup_expr="date__lte",
        label=_("Changed on or before"),
        widget=DATE,
    )

    class Meta:
        model = StageChange
        fields = ["q", "project", "from_stage", "to_stage", "desk"]
