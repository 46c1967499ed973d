import django_filters
from django.db.models import Q
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import DATE, BaseFilterSet, TagFilter
from pocketworld.core.models import Country, FocusArea
from pocketworld.desks.models import Desk
from pocketworld.events.choices import (
    EventKind,
    MeetingOutcome,
    MeetingStatus,
    ParticipantRole,
    RegistrationStatus,
    SuggestionStatus,
)
from pocketworld.events.models import (
    Event,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    Participant,
    ProgrammeItem,
)


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


class EventPartFilterSet(BaseFilterSet):
    """The parts of events, by event."""

    event = django_filters.NumberFilter(label=_("Event (id)"), widget=HiddenInput)


class PairFilterSet(EventPartFilterSet):
    """Suggestions and meetings, by a participant on either side of the pair."""

    pair = ""  # the lookup from the record to its pair, "" when it is the pair
    participant = django_filters.NumberFilter(method="of_participant", label=_("Participant (id)"))

    def of_participant(self, queryset, name, value):
        return queryset.filter(
            Q(**{f"{self.pair}first": value}) | Q(**{f"{self.pair}second": value})
        )


class ParticipantFilterSet(EventPartFilterSet):
    search_fields = ("company__legal_name", "person__family_name", "notes")
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    person = django_filters.NumberFilter(label=_("Person (id)"), widget=HiddenInput)
    role = django_filters.MultipleChoiceFilter(choices=ParticipantRole.choices, label=_("Role"))
    status = django_filters.MultipleChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Registration")
    )

    class Meta:
        model = Participant
        fields = ["q", "event", "company", "person", "role", "status"]


class ProgrammeItemFilterSet(EventPartFilterSet):
    search_fields = ("title", "place", "notes")

    class Meta:
        model = ProgrammeItem
        fields = ["q", "event"]


class MatchProfileFilterSet(BaseFilterSet):
    search_fields = ("offers", "seeks")
    event = django_filters.NumberFilter(
        field_name="participant__event", label=_("Event (id)"), widget=HiddenInput
    )
    participant = django_filters.NumberFilter(label=_("Participant (id)"), widget=HiddenInput)

    class Meta:
        model = MatchProfile
        fields = ["q", "event", "participant", "stage"]


class MatchSuggestionFilterSet(PairFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=SuggestionStatus.choices, label=_("Status")
    )

    class Meta:
        model = MatchSuggestion
        fields = ["event", "status", "added_by_hand"]


class MeetingFilterSet(PairFilterSet):
    pair = "suggestion__"
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label=_("Status"))
    outcome = django_filters.MultipleChoiceFilter(
        choices=MeetingOutcome.choices, label=_("Outcome")
    )

    class Meta:
        model = Meeting
        fields = ["event", "status", "outcome", "slot", "table"]
