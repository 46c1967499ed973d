"""Events, participants, programmes, matchmaking profiles, suggestions, meetings and
agendas; writes go through the same services as the pages, with the same permissions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    PolicySerializer,
    TagListField,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, FocusArea, Municipality, Sector
from pocketworld.desks.models import Desk
from pocketworld.events import services, tasks
from pocketworld.events.choices import MatchmakingRunStatus, MeetingOutcome, SuggestionStatus
from pocketworld.events.filtersets import (
    EventFilterSet,
    MatchProfileFilterSet,
    MatchSuggestionFilterSet,
    MeetingFilterSet,
    ParticipantFilterSet,
    ProgrammeItemFilterSet,
)
from pocketworld.events.models import (
    MAX_SLOTS,
    Event,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    Participant,
    ProgrammeItem,
)


def as_api_error(error):
    return exceptions.ValidationError(serializers.as_serializer_error(error))


def check_may_change(request, event):
    if not permissions.may_change(request.user, event):
        raise exceptions.PermissionDenied()


class EventSerializer(ModelRulesSerializer):
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    origin_country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )
    municipality = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    desks = BriefRelatedField(queryset=Desk.objects.all(), many=True)
    partners = BriefRelatedField(
        queryset=PartnerOrganisation.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    leader = BriefRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    breaks = serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=MAX_SLOTS, required=False
    )
    tags = TagListField(required=False)

    class Meta:
        model = Event
        fields = [
            "id", "kind", "title", "starts_on", "ends_on", "venue", "municipality", "country",
            "desks", "partners", "focus_areas", "budget", "description", "origin_country",
            "origin_region", "leader", "first_slot_at", "slot_minutes", "slots", "breaks",
            "tables", "max_meetings", "tags", "created", "last_updated",
        ]  # fmt: skip


class ParticipantSerializer(ModelRulesSerializer):
    event = BriefRelatedField(queryset=Event.objects.all())
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    person = BriefRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    available_slots = serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=MAX_SLOTS, required=False
    )

    class Meta:
        model = Participant
        fields = [
            "id", "event", "company", "person", "role", "status", "available_slots",
            "max_meetings", "notes", "created", "last_updated",
        ]  # fmt: skip
        # The model's own constraints (checked in validate) know that a company takes
        # part once without a person; DRF's generated validators would demand a person.
        validators = []


class ProgrammeItemSerializer(ModelRulesSerializer):
    event = BriefRelatedField(queryset=Event.objects.all())
    host_company = BriefRelatedField(
        queryset=Company.objects.all(), required=False, allow_null=True
    )
    host_partner = BriefRelatedField(
        queryset=PartnerOrganisation.objects.all(), required=False, allow_null=True
    )
    host_person = BriefRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ProgrammeItem
        fields = [
            "id", "event", "starts_at", "ends_at", "title", "place", "host_company",
            "host_partner", "host_person", "notes", "created", "last_updated",
        ]  # fmt: skip


class MatchProfileSerializer(ModelRulesSerializer):
    participant = BriefRelatedField(queryset=Participant.objects.all())
    sectors = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    target_markets = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )
    competitors = BriefRelatedField(queryset=Company.objects.all(), many=True, required=False)
    technologies = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )

    class Meta:
        model = MatchProfile
        fields = [
            "id", "participant", "offers", "seeks", "sectors", "focus_areas", "technologies",
            "target_markets", "stage", "competitors", "created", "last_updated",
        ]  # fmt: skip


class MatchSuggestionSerializer(PolicyModelSerializer):
    event = BriefRelatedField(read_only=True)
    first = BriefRelatedField(read_only=True)
    second = BriefRelatedField(read_only=True)
    decided_by = BriefRelatedField(read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = MatchSuggestion
        fields = [
            "id", "event", "first", "second", "score", "reasons", "explanation", "status",
            "added_by_hand", "decided_by", "created", "last_updated",
        ]  # fmt: skip

    def get_explanation(self, suggestion) -> list[str]:
        return [services.describe_reason(reason) for reason in suggestion.reasons]


class PairSerializer(PolicySerializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all())
    first = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all())
    second = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all())


class DecisionSerializer(PolicySerializer):
    status = serializers.ChoiceField(choices=[SuggestionStatus.APPROVED, SuggestionStatus.REJECTED])


class MeetingSerializer(PolicyModelSerializer):
    event = BriefRelatedField(read_only=True)
    first = BriefRelatedField(source="suggestion.first", read_only=True)
    second = BriefRelatedField(source="suggestion.second", read_only=True)
    starts_at = serializers.SerializerMethodField()
    interaction = BriefRelatedField(read_only=True)
    project = BriefRelatedField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "event", "suggestion", "first", "second", "slot", "table", "starts_at",
            "status", "outcome", "outcome_note", "interaction", "project",
        ]  # fmt: skip

    def get_starts_at(self, meeting) -> str | None:
        start = services.meeting_start(meeting.event, meeting.slot)
        return start.isoformat() if start else None


class OutcomeSerializer(PolicySerializer):
    outcome = serializers.ChoiceField(choices=MeetingOutcome.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class MatchmakingStateSerializer(PolicySerializer):
    """Where an event's suggestions stand; the run's times are the latest run's."""

    in_progress = serializers.BooleanField(
        help_text=_("The background worker has a run queued or running.")
    )
    status = serializers.ChoiceField(
        choices=MatchmakingRunStatus.choices,
        allow_null=True,
        help_text=_(
            "The latest run's status; a run that never finished counts as failed. Empty "
            "before the first run."
        ),
    )
    queued_at = serializers.DateTimeField(source="run.queued_at", allow_null=True)
    started_at = serializers.DateTimeField(source="run.started_at", allow_null=True)
    finished_at = serializers.DateTimeField(source="run.finished_at", allow_null=True)
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the suggestions were last computed (a finished run).")
    )
    suggestions = serializers.IntegerField(help_text=_("How many suggestions the event has."))


class PlanSerializer(PolicySerializer):
    planned = serializers.IntegerField()
    left_out = serializers.ListField(child=serializers.DictField())
    optimal = serializers.BooleanField()


class EventViewSet(PolicyModelViewSet):
    queryset = Event.objects.select_related(
        "country", "origin_country", "municipality", "leader"
    ).prefetch_related("desks", "partners", "focus_areas", "tags")
    serializer_class = EventSerializer
    filterset_class = EventFilterSet

    @extend_schema(
        methods=["GET"],
        responses=MatchmakingStateSerializer,
        description="Where the event's suggestions stand: whether the background worker "
        "computes them now, how its latest run went and when they were last computed.",
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses={202: MatchmakingStateSerializer},
        description="Have the background worker suggest each participant's best partners "
        "(profiles with offers and needs). Accepted with the run: queued, or the one "
        "queued or running already (never a second); GET this action until `in_progress` "
        "is false.",
    )
    @action(detail=True, methods=["get", "post"])
    def suggest(self, request, pk=None):
        event = self.get_object()
        if request.method == "POST":
            check_may_change(request, event)
            tasks.suggest_later(event)
            state = MatchmakingStateSerializer(services.matchmaking_state(event))
            return Response(state.data, status=status.HTTP_202_ACCEPTED)
        if not permissions.sees(request.user, MatchSuggestion):
            raise exceptions.NotFound()
        return Response(MatchmakingStateSerializer(services.matchmaking_state(event)).data)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Plan the approved pairs into slots and tables; planned meetings stay."""
        event = self.get_object()
        check_may_change(request, event)
        try:
            new, left_out, optimal = services.plan_meetings(event)
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(
            {
                "planned": len(new),
                "left_out": [
                    {"suggestion": suggestion.pk, "reason": str(reason)}
                    for suggestion, reason in left_out.items()
                ],
                "optimal": optimal,
            }
        )

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """What came of the event: meetings held, follow-ups, leads, projects, won."""
        event = self.get_object()
        if not permissions.sees(request.user, Meeting):
            raise exceptions.NotFound()
        return Response(services.results(event))


class ParticipantViewSet(PolicyModelViewSet):
    queryset = Participant.objects.select_related("event", "company", "person")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilterSet

    @extend_schema(responses=MeetingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def agenda(self, request, pk=None):
        """The participant's planned meetings, in order."""
        participant = self.get_object()
        if not permissions.sees(request.user, Meeting):
            raise exceptions.NotFound()
        meetings = [meeting for meeting, _partner, _start, _end in services.agenda(participant)]
        return Response(MeetingSerializer(meetings, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses=ParticipantSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The participant cancels; the freed places are planned again, nobody moves."""
        participant = self.get_object()
        check_may_change(request, participant.event)
        services.cancel_participation(participant)
        return Response(self.get_serializer(participant).data)


class ProgrammeItemViewSet(PolicyModelViewSet):
    queryset = ProgrammeItem.objects.select_related(
        "event", "host_company", "host_partner", "host_person"
    )
    serializer_class = ProgrammeItemSerializer
    filterset_class = ProgrammeItemFilterSet


class MatchProfileViewSet(PolicyModelViewSet):
    queryset = MatchProfile.objects.select_related("participant").prefetch_related(
        "sectors", "focus_areas", "target_markets", "competitors"
    )
    serializer_class = MatchProfileSerializer
    filterset_class = MatchProfileFilterSet


class MatchSuggestionViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Suggestions are made by an event's `suggest`; a pair posted here is one an officer
    adds by hand (approved at once)."""

    queryset = MatchSuggestion.objects.select_related("event", "first", "second", "decided_by")
    serializer_class = MatchSuggestionSerializer
    filterset_class = MatchSuggestionFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=PairSerializer, responses=MatchSuggestionSerializer)
    def create(self, request, *args, **kwargs):
        pair = PairSerializer(data=request.data)
        pair.is_valid(raise_exception=True)
        event = pair.validated_data["event"]
        if not Event.objects.visible_to(request.user).filter(pk=event.pk).exists():
            raise exceptions.NotFound()
        check_may_change(request, event)
        try:
            suggestion = services.add_pair(
                event, pair.validated_data["first"], pair.validated_data["second"], request.user
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(self.get_serializer(suggestion).data, status=201)

    def perform_destroy(self, instance):
        check_may_change(self.request, instance.event)
        instance.delete()

    @extend_schema(request=DecisionSerializer, responses=MatchSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve or reject the suggestion."""
        suggestion = self.get_object()
        check_may_change(request, suggestion.event)
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.decide(suggestion, decision.validated_data["status"], request.user)
        return Response(self.get_serializer(suggestion).data)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings are planned by an event's `plan`; their outcome is recorded here."""

    queryset = Meeting.objects.select_related(
        "event", "suggestion__first", "suggestion__second", "interaction", "project"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=OutcomeSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        """The meeting's result: an interaction, and for a lead a project."""
        meeting = self.get_object()
        check_may_change(request, meeting.event)
        outcome = OutcomeSerializer(data=request.data)
        outcome.is_valid(raise_exception=True)
        services.record_outcome(
            meeting, outcome.validated_data["outcome"], outcome.validated_data["note"], request.user
        )
        return Response(self.get_serializer(meeting).data)
