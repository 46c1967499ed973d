from rest_framework import serializers

from pocketworld.companies.models import Company, PartnerOrganisation
from pocketworld.contacts.filtersets import PersonFilterSet, PositionFilterSet
from pocketworld.contacts.models import Person, Position
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    TagListField,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Language
from pocketworld.desks.models import Desk


class NestedPositionSerializer(PolicyModelSerializer):
    company = BriefRelatedField(read_only=True)
    partner = BriefRelatedField(read_only=True)

    class Meta:
        model = Position
        fields = ["id", "company", "partner", "job_title", "started_on", "ended_on"]


class PersonSerializer(ModelRulesSerializer):
    languages = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False
    )
    desk = BriefRelatedField(queryset=Desk.objects.all(), required=False, allow_null=True)
    positions = NestedPositionSerializer(many=True, read_only=True)
    tags = TagListField(required=False)

    class Meta:
        model = Person
        fields = [
            "id",
            "salutation",
            "given_name",
            "family_name",
            "native_name",
            "native_script",
            "languages",
            "email",
            "phone",
            "mobile",
            "desk",
            "legal_basis",
            "consent_given_on",
            "contract_ends_on",
            "legal_basis_note",
            "notes",
            "positions",
            "tags",
            "created",
            "last_updated",
        ]


class PositionSerializer(ModelRulesSerializer):
    person = BriefRelatedField(queryset=Person.objects.all())
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    partner = BriefRelatedField(
        queryset=PartnerOrganisation.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Position
        fields = ["id", "person", "company", "partner", "job_title", "started_on", "ended_on"]


class PersonViewSet(PolicyModelViewSet):
    queryset = Person.objects.select_related("desk").prefetch_related(
        "languages", "tags", "positions__company", "positions__partner"
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class PositionViewSet(PolicyModelViewSet):
    queryset = Position.objects.select_related("person", "company", "partner")
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet
