"""Programmes, their cohorts and goals; writes go through the model's rules and the policy,
as on the pages."""

from rest_framework import serializers

from pocketworld.companies.models import PartnerOrganisation
from pocketworld.core.api.serializers import BriefRelatedField, ModelRulesSerializer, TagListField
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import FocusArea
from pocketworld.desks.models import Desk
from pocketworld.programmes.filtersets import CohortFilterSet, GoalFilterSet, ProgrammeFilterSet
from pocketworld.programmes.models import Cohort, Goal, Programme


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

    class Meta:
        model = Cohort
        fields = [
            "id", "programme", "name", "starts_on", "ends_on", "places", "notes", "created",
            "last_updated",
        ]  # fmt: skip


class GoalSerializer(ModelRulesSerializer):
    programme = BriefRelatedField(queryset=Programme.objects.all())

    class Meta:
        model = Goal
        fields = ["id", "programme", "measure", "target", "created", "last_updated"]


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
