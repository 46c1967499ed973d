from rest_framework import serializers

from pocketworld.core.api.serializers import ModelRulesSerializer, TagListField
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, Language
from pocketworld.desks.filtersets import DeskFilterSet
from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership


class DeskSerializer(ModelRulesSerializer):
    countries = serializers.SerializerMethodField()
    primary_countries = serializers.SerializerMethodField()
    languages = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False
    )
    members = serializers.SerializerMethodField()
    tags = TagListField(required=False)

    class Meta:
        model = Desk
        fields = [
            "id",
            "name",
            "slug",
            "email",
            "description",
            "countries",
            "primary_countries",
            "languages",
            "members",
            "tags",
            "created",
            "last_updated",
        ]

    def get_countries(self, desk) -> list[str]:
        return sorted(coverage.country_id for coverage in desk.coverage.all())

    def get_primary_countries(self, desk) -> list[str]:
        return sorted(
            coverage.country_id for coverage in desk.coverage.all() if coverage.is_primary
        )

    def get_members(self, desk) -> list[dict]:
        return [
            {"id": m.user_id, "username": m.user.username, "name": str(m.user), "role": m.role}
            for m in desk.memberships.all()
        ]


class DeskCoverageSerializer(ModelRulesSerializer):
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())

    class Meta:
        model = DeskCoverage
        fields = ["id", "desk", "country", "is_primary"]


class DeskMembershipSerializer(ModelRulesSerializer):
    class Meta:
        model = DeskMembership
        fields = ["id", "desk", "user", "role"]


class DeskViewSet(PolicyModelViewSet):
    queryset = Desk.objects.prefetch_related("coverage", "languages", "memberships__user", "tags")
    serializer_class = DeskSerializer
    filterset_class = DeskFilterSet


class DeskCoverageViewSet(PolicyModelViewSet):
    queryset = DeskCoverage.objects.all()
    serializer_class = DeskCoverageSerializer
    filterset_fields = ["desk", "country", "is_primary"]


class DeskMembershipViewSet(PolicyModelViewSet):
    queryset = DeskMembership.objects.all()
    serializer_class = DeskMembershipSerializer
    filterset_fields = ["desk", "user", "role"]
