"""Programmes, their cohorts and goals; writes go through the model's rules and the policy,
as on the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.models import Person
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    PolicySerializer,
    TagListField,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, FocusArea, Occupation, OccupationLevel
from pocketworld.desks.models import Desk
from pocketworld.events.models import Event
from pocketworld.programmes.choices import (
    CandidateStage,
    DropReason,
    LanguageLevel,
    MembershipStage,
    Recognition,
    WithdrawalReason,
)
from pocketworld.programmes.filtersets import (
    CandidateFilterSet,
    CandidateMoveFilterSet,
    CohortFilterSet,
    CollegeFilterSet,
    CourseFilterSet,
    GoalFilterSet,
    MembershipFilterSet,
    MembershipMoveFilterSet,
    MilestoneFilterSet,
    OpenPositionFilterSet,
    PlacementFilterSet,
    ProgrammeFilterSet,
)
from pocketworld.programmes.models import (
    MAX_GOAL,
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
from pocketworld.programmes.services import (
    PERSON_FIELDS,
    candidate_person,
    enrol,
    keep_on_consent,
    move_candidate,
    move_membership,
    nominate,
)
from pocketworld.projects.models import Project


class ProgrammeSerializer(ModelRulesSerializer):
    desks = BriefRelatedField(queryset=Desk.objects.all(), many=True)
    partners = BriefRelatedField(
        queryset=PartnerOrganisation.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    tags = TagListField(required=False)

    class Meta:
        model = Programme
        fields = [
            "id", "kind", "name", "starts_on", "ends_on", "desks", "partners", "focus_areas",
            "budget", "description", "tags", "created", "last_updated",
        ]  # fmt: skip


class CohortSerializer(ModelRulesSerializer):
    programme = BriefRelatedField(queryset=Programme.objects.all())
    event = BriefRelatedField(queryset=Event.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Cohort
        fields = [
            "id", "programme", "name", "starts_on", "ends_on", "places", "event", "notes",
            "created", "last_updated",
        ]  # fmt: skip


class GoalSerializer(ModelRulesSerializer):
    programme = BriefRelatedField(queryset=Programme.objects.all())

    class Meta:
        model = Goal
        fields = ["id", "programme", "measure", "target", "created", "last_updated"]


class MembershipSerializer(ModelRulesSerializer):
    cohort = BriefRelatedField(queryset=Cohort.objects.all())
    company = BriefRelatedField(queryset=Company.objects.all())
    mentors = BriefRelatedField(queryset=Person.objects.all(), many=True, required=False)
    corporate_partners = BriefRelatedField(
        queryset=Company.objects.all(), many=True, required=False
    )
    project = BriefRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Membership
        fields = [
            "id", "cohort", "company", "stage", "stage_changed_on", "applied_on",
            "startup_stage", "founded_in", "funding_round", "team_size", "mentors",
            "corporate_partners", "drop_reason", "drop_note", "project", "notes", "created",
            "last_updated",
        ]  # fmt: skip
        # The stage and what goes with it change only through the move action.
        read_only_fields = ["stage", "stage_changed_on", "drop_reason", "drop_note"]

    def create(self, validated_data):
        many = {
            name: validated_data.pop(name)
            for name in ("mentors", "corporate_partners")
            if name in validated_data
        }
        membership = enrol(Membership(**validated_data), self.requesting_user())
        for name, values in many.items():
            getattr(membership, name).set(values)
        return membership


class MembershipMoveInputSerializer(PolicySerializer):
    stage = serializers.ChoiceField(choices=MembershipStage.choices)
    moved_on = serializers.DateField(required=False, help_text="Today if not given.")
    note = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    drop_reason = serializers.ChoiceField(choices=DropReason.choices, required=False)
    drop_note = serializers.CharField(max_length=250, required=False, allow_blank=True)
    realised_jobs = serializers.IntegerField(min_value=0, max_value=MAX_GOAL, required=False)
    realised_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )


class MembershipMoveSerializer(PolicyModelSerializer):
    membership = BriefRelatedField(read_only=True)
    moved_by = BriefRelatedField(read_only=True)

    class Meta:
        model = MembershipMove
        fields = ["id", "membership", "from_stage", "to_stage", "moved_on", "moved_by", "note"]


class MilestoneSerializer(ModelRulesSerializer):
    membership = BriefRelatedField(queryset=Membership.objects.all())

    class Meta:
        model = Milestone
        fields = [
            "id", "membership", "kind", "title", "due_on", "reached_on", "note", "created",
            "last_updated",
        ]  # fmt: skip


def moved(viewset, request, input_serializer, move):
    """The move action of a record with stages: the input checked by `input_serializer`,
    the move made by the service `move`, the record as it is now."""
    record = viewset.get_object()  # checks may_change through PolicyPermission
    given = input_serializer(data=request.data, context={"request": request})
    given.is_valid(raise_exception=True)
    data = dict(given.validated_data)
    record = move(
        record,
        data.pop("stage"),
        request.user,
        on=data.pop("moved_on", None),
        note=data.pop("note"),
        **data,
    )
    return Response(viewset.get_serializer(viewset.get_queryset().get(pk=record.pk)).data)


class ProgrammeViewSet(PolicyModelViewSet):
    queryset = Programme.objects.prefetch_related("desks", "partners", "focus_areas", "tags")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet


class CohortViewSet(PolicyModelViewSet):
    queryset = Cohort.objects.select_related("programme")
    serializer_class = CohortSerializer
    filterset_class = CohortFilterSet


class GoalViewSet(PolicyModelViewSet):
    queryset = Goal.objects.select_related("programme")
    serializer_class = GoalSerializer
    filterset_class = GoalFilterSet


class MembershipViewSet(PolicyModelViewSet):
    queryset = Membership.objects.select_related("cohort", "company", "project").prefetch_related(
        "mentors", "corporate_partners"
    )
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet

    @extend_schema(request=MembershipMoveInputSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the start-up to another stage, with the day and what the stage needs (a
        reason to drop out; to settle, the jobs and investment of its soft landing)."""
        return moved(self, request, MembershipMoveInputSerializer, move_membership)


class MembershipMoveViewSet(viewsets.ReadOnlyModelViewSet):
    """Stage moves are written by the move action only."""

    queryset = MembershipMove.objects.select_related("membership__company", "moved_by")
    serializer_class = MembershipMoveSerializer
    filterset_class = MembershipMoveFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class MilestoneViewSet(PolicyModelViewSet):
    queryset = Milestone.objects.select_related("membership")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet


# --- skilled workers ----------------------------------------------------------------------


class CollegeSerializer(ModelRulesSerializer):
    partner = BriefRelatedField(queryset=PartnerOrganisation.objects.all())
    partner_colleges = BriefRelatedField(queryset=College.objects.all(), many=True, required=False)

    class Meta:
        model = College
        fields = ["id", "partner", "partner_colleges", "notes", "created", "last_updated"]


class CourseSerializer(ModelRulesSerializer):
    college = BriefRelatedField(queryset=College.objects.all())
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(level=OccupationLevel.UNIT)
    )

    class Meta:
        model = Course
        fields = [
            "id", "college", "name", "occupation", "qualification", "duration_months",
            "german_level", "created", "last_updated",
        ]  # fmt: skip


class OpenPositionSerializer(ModelRulesSerializer):
    company = BriefRelatedField(queryset=Company.objects.all())
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(level=OccupationLevel.UNIT)
    )
    programme = BriefRelatedField(queryset=Programme.objects.all(), required=False, allow_null=True)

    class Meta:
        model = OpenPosition
        fields = [
            "id", "company", "occupation", "title", "places", "german_level", "starts_on",
            "programme", "notes", "created", "last_updated",
        ]  # fmt: skip


class CandidateSerializer(ModelRulesSerializer):
    """A candidate with the fields of their person record (kept on consent); the stage and
    what goes with it change only through the move action."""

    cohort = BriefRelatedField(queryset=Cohort.objects.all())
    person = BriefRelatedField(read_only=True)
    college = BriefRelatedField(queryset=College.objects.all())
    course = BriefRelatedField(queryset=Course.objects.all(), required=False, allow_null=True)
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(level=OccupationLevel.UNIT)
    )
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    position = BriefRelatedField(read_only=True)
    given_name = serializers.CharField(source="person.given_name", max_length=100)
    family_name = serializers.CharField(source="person.family_name", max_length=100)
    native_name = serializers.CharField(
        source="person.native_name", max_length=200, required=False, allow_blank=True
    )
    email = serializers.EmailField(source="person.email", required=False, allow_blank=True)
    phone = serializers.CharField(
        source="person.phone", max_length=40, required=False, allow_blank=True
    )
    consent_given_on = serializers.DateField(source="person.consent_given_on")
    legal_basis_note = serializers.CharField(
        source="person.legal_basis_note", max_length=250, required=False, allow_blank=True
    )

    class Meta:
        model = Candidate
        fields = [
            "id", "cohort", "person", *PERSON_FIELDS, "college", "course", "occupation",
            "country", "stage", "stage_changed_on", "nominated_on", "german_level",
            "german_certified_on", "recognition", "recognition_authority", "position",
            "visa_granted_on", "arrived_on", "withdrawal_reason", "withdrawal_note", "notes",
            "created", "last_updated",
        ]  # fmt: skip
        read_only_fields = [
            "stage", "stage_changed_on", "german_level", "german_certified_on", "recognition",
            "recognition_authority", "visa_granted_on", "arrived_on", "withdrawal_reason",
            "withdrawal_note",
        ]  # fmt: skip

    def validate(self, attrs):
        person_values = attrs.pop("person", {})
        attrs = super().validate(attrs)
        try:
            attrs["person"] = candidate_person(self.instance or Candidate(), person_values)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def create(self, validated_data):
        person = validated_data.pop("person")
        return nominate(Candidate(**validated_data), person, self.requesting_user())

    def update(self, instance, validated_data):
        person = validated_data.pop("person")
        keep_on_consent(person, instance.cohort.programme)
        return super().update(instance, validated_data)


class CandidateMoveInputSerializer(PolicySerializer):
    stage = serializers.ChoiceField(choices=CandidateStage.choices)
    moved_on = serializers.DateField(required=False, help_text="Today if not given.")
    note = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    german_level = serializers.ChoiceField(choices=LanguageLevel.choices, required=False)
    german_certified_on = serializers.DateField(required=False)
    recognition = serializers.ChoiceField(choices=Recognition.choices, required=False)
    recognition_authority = serializers.CharField(max_length=200, required=False)
    position = BriefRelatedField(queryset=OpenPosition.objects.all(), required=False)
    starts_on = serializers.DateField(required=False)
    withdrawal_reason = serializers.ChoiceField(choices=WithdrawalReason.choices, required=False)
    withdrawal_note = serializers.CharField(max_length=250, required=False, allow_blank=True)


class CandidateMoveSerializer(PolicyModelSerializer):
    candidate = BriefRelatedField(read_only=True)
    moved_by = BriefRelatedField(read_only=True)

    class Meta:
        model = CandidateMove
        fields = ["id", "candidate", "from_stage", "to_stage", "moved_on", "moved_by", "note"]


class PlacementSerializer(ModelRulesSerializer):
    candidate = BriefRelatedField(read_only=True)
    position = BriefRelatedField(read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "candidate", "position", "starts_on", "employed_after_6_months",
            "employed_after_12_months", "ended_on", "created", "last_updated",
        ]  # fmt: skip
        read_only_fields = ["starts_on"]


class CollegeViewSet(PolicyModelViewSet):
    queryset = College.objects.select_related("partner").prefetch_related(
        "partner_colleges__partner"
    )
    serializer_class = CollegeSerializer
    filterset_class = CollegeFilterSet


class CourseViewSet(PolicyModelViewSet):
    queryset = Course.objects.select_related("college__partner", "occupation")
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet


class OpenPositionViewSet(PolicyModelViewSet):
    queryset = OpenPosition.objects.select_related("company", "occupation", "programme")
    serializer_class = OpenPositionSerializer
    filterset_class = OpenPositionFilterSet


class CandidateViewSet(PolicyModelViewSet):
    queryset = Candidate.objects.select_related(
        "cohort", "person", "college__partner", "course", "occupation", "country", "position"
    )
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilterSet

    @extend_schema(request=CandidateMoveInputSerializer, responses=CandidateSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the candidate to another stage, with the day and what the stage needs (the
        certificate, the recognition, the position, the start date, a reason to withdraw)."""
        return moved(self, request, CandidateMoveInputSerializer, move_candidate)


class CandidateMoveViewSet(viewsets.ReadOnlyModelViewSet):
    """Stage moves are written by the move action only."""

    queryset = CandidateMove.objects.select_related("candidate__person", "moved_by")
    serializer_class = CandidateMoveSerializer
    filterset_class = CandidateMoveFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class PlacementViewSet(PolicyModelViewSet):
    """Placements are made by the candidate's move to "placed"; their follow-ups are
    written here."""

    queryset = Placement.objects.select_related("candidate__person", "position__company")
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilterSet
    http_method_names = ["get", "put", "patch", "head", "options"]
