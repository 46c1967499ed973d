from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pocketworld.accounts.models import User
from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    PolicySerializer,
    TagListField,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, FocusArea, Municipality
from pocketworld.desks.models import Desk
from pocketworld.projects.choices import LossReason, Stage
from pocketworld.projects.filtersets import ProjectFilterSet, StageChangeFilterSet
from pocketworld.projects.models import AccessLogEntry, Project, StageChange
from pocketworld.projects.services import (
    check_marking,
    create_project,
    move_stage,
    record_confidentiality,
)


class ProjectSerializer(ModelRulesSerializer):
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    desk = BriefRelatedField(queryset=Desk.objects.all())
    owner = BriefRelatedField(queryset=User.objects.all())
    team = BriefRelatedField(queryset=User.objects.all(), many=True, required=False)
    partners = BriefRelatedField(
        queryset=PartnerOrganisation.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    origin_country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )
    origin_municipality = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    destination_municipality = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    tags = TagListField(required=False)
    country = serializers.CharField(
        source="country_code",
        read_only=True,
        help_text=_(
            "The company's country of origin (ISO 3166-1 alpha-2); empty for a prospect and, "
            "outside a confidential project's team, when its owner hides the country."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "id", "title", "confidential", "codename", "hide_country", "kind", "company",
            "country", "prospect_name", "desk", "owner", "team",
            "partners", "source", "source_note", "focus_areas", "expected_jobs",
            "expected_investment", "space_needed", "space_kind", "target_date", "probability",
            "origin_country", "origin_municipality", "destination_municipality", "stage",
            "stage_changed_at", "loss_reason", "loss_note", "realised_jobs",
            "realised_investment", "description", "tags", "created", "last_updated",
        ]  # fmt: skip
        # The stage and what goes with it change only through the move action.
        read_only_fields = [
            "stage", "stage_changed_at", "loss_reason", "loss_note", "realised_jobs",
            "realised_investment",
        ]  # fmt: skip

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = self.requesting_user()
        instance = self.instance
        if user is not None:
            team = attrs.get("team", instance.team.all() if instance else [])
            try:
                check_marking(
                    user,
                    attrs.get("confidential", instance.confidential if instance else False),
                    attrs.get("owner", instance.owner if instance else None),
                    team,
                )
            except DjangoValidationError as error:
                raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def update(self, instance, validated_data):
        was_confidential = instance.confidential
        project = super().update(instance, validated_data)
        record_confidentiality(project, self.requesting_user(), was_confidential)
        return project

    def create(self, validated_data):
        tags = validated_data.pop("tags", None)
        many = {
            name: validated_data.pop(name)
            for name in ("team", "partners", "focus_areas")
            if name in validated_data
        }
        project = create_project(Project(**validated_data), self.context["request"].user)
        for name, values in many.items():
            getattr(project, name).set(values)
        if tags is not None:
            project.tags.set(tags)
        return project


class AccessLogEntrySerializer(PolicyModelSerializer):
    user = BriefRelatedField(read_only=True)

    class Meta:
        model = AccessLogEntry
        fields = ["id", "at", "user", "action", "via"]


class StageMoveSerializer(PolicySerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    loss_reason = serializers.ChoiceField(choices=LossReason.choices, required=False)
    loss_note = serializers.CharField(max_length=250, required=False, allow_blank=True)
    realised_jobs = serializers.IntegerField(min_value=0, required=False)
    realised_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )


class StageChangeSerializer(PolicyModelSerializer):
    project = BriefRelatedField(read_only=True)
    changed_by = BriefRelatedField(read_only=True)

    class Meta:
        model = StageChange
        fields = ["id", "project", "from_stage", "to_stage", "changed_at", "changed_by", "note"]


class ProjectViewSet(PolicyModelViewSet):
    queryset = Project.objects.select_related(
        "company",
        "desk",
        "owner",
        "origin_country",
        "origin_municipality",
        "destination_municipality",
    ).prefetch_related("team", "partners", "focus_areas", "tags")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet

    @extend_schema(request=StageMoveSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the project to another stage, with a loss reason or the realised figures."""
        project = self.get_object()  # checks may_change through PolicyPermission
        move = StageMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        data = dict(move.validated_data)
        moved = move_stage(project, data.pop("stage"), request.user, note=data.pop("note"), **data)
        return Response(self.get_serializer(moved).data)

    @extend_schema(responses=AccessLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, pk=None):
        """Who opened, exported or was refused the confidential project, and who marked it
        confidential or lifted that, newest first: for its owner and the directors (for
        anyone else the list is empty)."""
        project = self.get_object()
        entries = (
            AccessLogEntry.objects.visible_to(request.user)
            .filter(project=project)
            .select_related("user")
        )
        page = self.paginate_queryset(entries)
        context = self.get_serializer_context()
        return self.get_paginated_response(
            AccessLogEntrySerializer(page, many=True, context=context).data
        )


class StageChangeViewSet(viewsets.ReadOnlyModelViewSet):
    """Stage changes are written by moves only."""

    queryset = StageChange.objects.select_related("project", "changed_by")
    serializer_class = StageChangeSerializer
    filterset_class = StageChangeFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)
