from rest_framework import serializers

from pocketworld.accounts.models import User
from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.api.serializers import BriefRelatedField, ModelRulesSerializer, TagListField
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.desks.models import Desk
from pocketworld.interactions.choices import CompanyNeed
from pocketworld.interactions.filtersets import InteractionFilterSet, TaskFilterSet
from pocketworld.interactions.models import Interaction, Task
from pocketworld.projects.models import Project


class InteractionSerializer(ModelRulesSerializer):
    desk = BriefRelatedField(queryset=Desk.objects.all())
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    project = BriefRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)
    team_members = BriefRelatedField(queryset=User.objects.all(), many=True, required=False)
    people = BriefRelatedField(queryset=Person.objects.all(), many=True, required=False)
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=CompanyNeed.choices), required=False
    )
    tags = TagListField(required=False)

    class Meta:
        model = Interaction
        fields = [
            "id", "kind", "occurred_on", "subject", "desk", "company", "project",
            "team_members", "people", "notes", "company_plan", "needs", "satisfaction", "tags",
            "created", "last_updated",
        ]  # fmt: skip


class TaskSerializer(ModelRulesSerializer):
    assignee = BriefRelatedField(queryset=User.objects.all())
    desk = BriefRelatedField(queryset=Desk.objects.all())
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    project = BriefRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)
    interaction = BriefRelatedField(
        queryset=Interaction.objects.all(), required=False, allow_null=True
    )
    tags = TagListField(required=False)

    class Meta:
        model = Task
        fields = [
            "id", "title", "due_on", "assignee", "status", "desk", "company", "project",
            "interaction", "description", "completed_at", "tags", "created", "last_updated",
        ]  # fmt: skip
        read_only_fields = ["completed_at"]


class InteractionViewSet(PolicyModelViewSet):
    queryset = Interaction.objects.select_related("desk", "company", "project").prefetch_related(
        "team_members", "people", "tags"
    )
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilterSet


class TaskViewSet(PolicyModelViewSet):
    queryset = Task.objects.select_related(
        "assignee", "desk", "company", "project", "interaction"
    ).prefetch_related("tags")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
