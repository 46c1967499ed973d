import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.models import PartnerOrganisation
from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.core.models import Country, FocusArea
from pocketworld.desks.models import Desk
from pocketworld.events.choices import StartupStage
from pocketworld.programmes.choices import (
    CandidateStage,
    DropReason,
    FundingRound,
    GoalMeasure,
    LanguageLevel,
    MembershipStage,
    MilestoneKind,
    ProgrammeKind,
    Recognition,
    WithdrawalReason,
)
from pocketworld.programmes.models import (
    Candidate,
    CandidateMove,
    Cohort,
    College,
    Course,
    Goal,
    Membership,
    MembershipMove,
    Milestone,
    OpenPosition,
    Placement,
    Programme,
)


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
    retention_months = django_filters.RangeFilter(label=_("Candidates kept for (months)"))
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
    event = django_filters.NumberFilter(label=_("Matchmaking event (id)"), widget=HiddenInput)

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


class ReachedFilterSet(BaseFilterSet):
    """Filters by the moves of a record with stages (`stages`; its `move_model`, related
    by `moved`): moved to any of the stages, on the days if given, as the KPIs' lists
    select them."""

    stages = None
    move_model = None
    moved = ""

    reached = django_filters.MultipleChoiceFilter(
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reached"].extra["choices"] = self.stages.choices

    def filter_reached(self, queryset, name, value):
        return queryset  # applied in filter_queryset: stage and days belong to one move

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
        moves = self.move_model.objects.all()
        if stages:
            moves = moves.filter(to_stage__in=stages)
        if after:
            moves = moves.filter(moved_on__gte=after)
        if before:
            moves = moves.filter(moved_on__lte=before)
        return queryset.filter(pk__in=moves.values(self.moved))


class MembershipFilterSet(ReachedFilterSet):
    search_fields = ("company__legal_name", "notes", "drop_note")
    programme = django_filters.NumberFilter(
        field_name="cohort__programme", label=_("Programme (id)"), widget=HiddenInput
    )
    cohort = django_filters.ModelMultipleChoiceFilter(
        queryset=Cohort.objects.all(), label=_("Cohort")
    )
    company = django_filters.NumberFilter(label=_("Start-up (id)"), widget=HiddenInput)
    stage = django_filters.MultipleChoiceFilter(
        choices=MembershipStage.choices, label=_("Stage"), widget=CheckboxSelectMultiple
    )
    stage_changed_on = django_filters.DateFromToRangeFilter(label=_("In this stage since"))
    applied_on = django_filters.DateFromToRangeFilter(label=_("Applied on"))
    startup_stage = django_filters.MultipleChoiceFilter(
        choices=StartupStage.choices, label=_("Start-up stage")
    )
    founded_in = django_filters.RangeFilter(label=_("Founded in"))
    funding_round = django_filters.MultipleChoiceFilter(
        choices=FundingRound.choices, label=_("Funding round")
    )
    team_size_min = django_filters.NumberFilter(
        field_name="team_size", lookup_expr="gte", label=_("Team size from")
    )
    mentor = django_filters.NumberFilter(
        field_name="mentors", label=_("Mentor (id)"), widget=HiddenInput, distinct=True
    )
    corporate_partner = django_filters.NumberFilter(
        field_name="corporate_partners",
        label=_("Corporate partner (id)"),
        widget=HiddenInput,
        distinct=True,
    )
    drop_reason = django_filters.MultipleChoiceFilter(
        choices=DropReason.choices, label=_("Reason for dropping out")
    )
    project = django_filters.NumberFilter(label=_("Project (id)"), widget=HiddenInput)
    desk = django_filters.ModelChoiceFilter(
        field_name="cohort__programme__desks", queryset=Desk.objects.all(), label=_("Desk")
    )

    stages = MembershipStage
    move_model = MembershipMove
    moved = "membership"

    class Meta:
        model = Membership
        fields = ["q", "programme", "cohort", "stage"]


class MembershipMoveFilterSet(BaseFilterSet):
    membership = django_filters.NumberFilter(label=_("Start-up in a cohort (id)"))
    to_stage = django_filters.MultipleChoiceFilter(
        choices=MembershipStage.choices, label=_("To stage")
    )
    from_stage = django_filters.MultipleChoiceFilter(
        choices=MembershipStage.choices, label=_("From stage")
    )
    moved_on = django_filters.DateFromToRangeFilter(label=_("Moved on"))
    moved_by = django_filters.NumberFilter(label=_("Moved by (id)"))

    class Meta:
        model = MembershipMove
        fields = ["membership", "to_stage"]


class MilestoneFilterSet(BaseFilterSet):
    search_fields = ("title", "note")
    membership = django_filters.NumberFilter(
        label=_("Start-up in a cohort (id)"), widget=HiddenInput
    )
    kind = django_filters.MultipleChoiceFilter(choices=MilestoneKind.choices, label=_("Kind"))
    due_on = django_filters.DateFromToRangeFilter(label=_("Due on"))
    reached_on = django_filters.DateFromToRangeFilter(label=_("Reached on"))
    reached = django_filters.BooleanFilter(
        field_name="reached_on", lookup_expr="isnull", exclude=True, label=_("Reached")
    )

    class Meta:
        model = Milestone
        fields = ["q", "membership", "kind"]


class CollegeFilterSet(BaseFilterSet):
    search_fields = ("partner__name", "partner__short_name", "notes")
    partner = django_filters.NumberFilter(label=_("Partner organisation (id)"), widget=HiddenInput)
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="partner__country", queryset=Country.objects.all(), label=_("Country")
    )
    partner_college = django_filters.NumberFilter(
        field_name="partner_colleges", label=_("Partner college (id)"), widget=HiddenInput
    )
    occupation = django_filters.CharFilter(
        field_name="courses__occupation__code",
        lookup_expr="startswith",
        label=_("Trains for occupation (ISCO-08 code)"),
        distinct=True,
    )

    class Meta:
        model = College
        fields = ["q", "country", "occupation"]


class CourseFilterSet(BaseFilterSet):
    search_fields = ("name", "qualification")
    college = django_filters.NumberFilter(label=_("College (id)"), widget=HiddenInput)
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("Occupation (ISCO-08)")
    )
    duration_months = django_filters.RangeFilter(label=_("Duration (months)"))
    german_level = django_filters.MultipleChoiceFilter(
        choices=LanguageLevel.choices, label=_("German taught to")
    )

    class Meta:
        model = Course
        fields = ["q", "college", "occupation"]


class OpenPositionFilterSet(BaseFilterSet):
    search_fields = ("title", "company__legal_name", "occupation__title_en", "notes")
    company = django_filters.NumberFilter(label=_("Employer (id)"), widget=HiddenInput)
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("Occupation (ISCO-08)")
    )
    places_min = django_filters.NumberFilter(
        field_name="places", lookup_expr="gte", label=_("Places from")
    )
    german_level = django_filters.MultipleChoiceFilter(
        choices=LanguageLevel.choices, label=_("German required")
    )
    starts_on = django_filters.DateFromToRangeFilter(label=_("From"))
    programme = django_filters.ModelMultipleChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme")
    )

    class Meta:
        model = OpenPosition
        fields = ["q", "occupation", "german_level", "programme"]


class CandidateFilterSet(ReachedFilterSet):
    search_fields = (
        "person__given_name", "person__family_name", "person__native_name", "notes",
        "withdrawal_note", "recognition_authority",
    )  # fmt: skip
    programme = django_filters.NumberFilter(
        field_name="cohort__programme", label=_("Programme (id)"), widget=HiddenInput
    )
    # By id, from a programme's page: the cohorts of every programme would be a long list.
    cohort = django_filters.NumberFilter(label=_("Cohort (id)"), widget=HiddenInput)
    person = django_filters.NumberFilter(label=_("Person (id)"), widget=HiddenInput)
    college = django_filters.NumberFilter(label=_("College (id)"), widget=HiddenInput)
    course = django_filters.NumberFilter(label=_("Course (id)"), widget=HiddenInput)
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("Occupation (ISCO-08)")
    )
    # The countries candidates come from, not all of them.
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.filter(pk__in=Candidate.objects.values("country")),
        label=_("From"),
    )
    stage = django_filters.MultipleChoiceFilter(
        choices=CandidateStage.choices, label=_("Stage"), widget=CheckboxSelectMultiple
    )
    stage_changed_on = django_filters.DateFromToRangeFilter(label=_("In this stage since"))
    nominated_on = django_filters.DateFromToRangeFilter(label=_("Nominated on"))
    german_level = django_filters.MultipleChoiceFilter(
        choices=LanguageLevel.choices, label=_("German level")
    )
    german_certified_on = django_filters.DateFromToRangeFilter(label=_("Certificate of"))
    recognition = django_filters.MultipleChoiceFilter(
        choices=Recognition.choices, label=_("Recognition")
    )
    position = django_filters.NumberFilter(label=_("Open position (id)"), widget=HiddenInput)
    visa_granted_on = django_filters.DateFromToRangeFilter(label=_("Visa granted on"))
    arrived_on = django_filters.DateFromToRangeFilter(label=_("Arrived on"))
    withdrawal_reason = django_filters.MultipleChoiceFilter(
        choices=WithdrawalReason.choices, label=_("Reason for withdrawing")
    )
    desk = django_filters.ModelChoiceFilter(
        field_name="cohort__programme__desks", queryset=Desk.objects.all(), label=_("Desk")
    )
    placed_after = django_filters.DateFilter(
        field_name="placement__starts_on", lookup_expr="gte", label=_("Placed from"), widget=DATE
    )
    placed_before = django_filters.DateFilter(
        field_name="placement__starts_on", lookup_expr="lte", label=_("Placed until"), widget=DATE
    )
    employed_after_12_months = django_filters.BooleanFilter(
        field_name="placement__employed_after_12_months",
        label=_("Still employed after 12 months"),
    )

    stages = CandidateStage
    move_model = CandidateMove
    moved = "candidate"

    class Meta:
        model = Candidate
        fields = ["q", "programme", "cohort", "stage", "occupation", "country"]


class CandidateMoveFilterSet(BaseFilterSet):
    candidate = django_filters.NumberFilter(label=_("Candidate (id)"))
    from_stage = django_filters.MultipleChoiceFilter(
        choices=CandidateStage.choices, label=_("From stage")
    )
    to_stage = django_filters.MultipleChoiceFilter(
        choices=CandidateStage.choices, label=_("To stage")
    )
    moved_on = django_filters.DateFromToRangeFilter(label=_("Moved on"))
    moved_by = django_filters.NumberFilter(label=_("Moved by (id)"))

    class Meta:
        model = CandidateMove
        fields = ["candidate", "to_stage"]


class PlacementFilterSet(BaseFilterSet):
    candidate = django_filters.NumberFilter(label=_("Candidate (id)"), widget=HiddenInput)
    position = django_filters.NumberFilter(label=_("Open position (id)"), widget=HiddenInput)
    employer = django_filters.NumberFilter(
        field_name="position__company", label=_("Employer (id)"), widget=HiddenInput
    )
    starts_on = django_filters.DateFromToRangeFilter(label=_("Start date"))
    employed_after_6_months = django_filters.BooleanFilter(label=_("Still employed after 6 months"))
    employed_after_12_months = django_filters.BooleanFilter(
        label=_("Still employed after 12 months")
    )
    ended_on = django_filters.DateFromToRangeFilter(label=_("Left the employer on"))

    class Meta:
        model = Placement
        fields = ["candidate", "position"]
