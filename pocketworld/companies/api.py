from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from pocketworld.companies.filtersets import (
    CompanyFilterSet,
    CompanyNameFilterSet,
    PartnerLinkFilterSet,
    PartnerOrganisationFilterSet,
    SiteFilterSet,
)
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
    validate_lei,
)
from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    TagListField,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, FocusArea, Language, Municipality, Sector
from pocketworld.core.scripts import Script
from pocketworld.desks.models import Desk


class NestedCompanyNameSerializer(PolicyModelSerializer):
    language = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), required=False, allow_null=True
    )
    script = serializers.ChoiceField(choices=Script.choices, required=False, allow_blank=True)

    class Meta:
        model = CompanyName
        fields = ["name", "kind", "language", "script", "valid_until"]


class BriefSiteSerializer(PolicyModelSerializer):
    municipality = serializers.StringRelatedField()

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "kind",
            "street",
            "postcode",
            "municipality",
            "opened_on",
            "closed_on",
            "employees",
        ]


class CompanySerializer(ModelRulesSerializer):
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    desk = BriefRelatedField(read_only=True)
    desk_override = BriefRelatedField(queryset=Desk.objects.all(), required=False, allow_null=True)
    parent = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    sectors = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    names = NestedCompanyNameSerializer(many=True, required=False)
    sites = BriefSiteSerializer(many=True, read_only=True)
    tags = TagListField(required=False)
    lei = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "legal_name",
            "names",
            "country",
            "desk",
            "desk_override",
            "status",
            "parent",
            "sectors",
            "focus_areas",
            "employees_region",
            "employees_worldwide",
            "website",
            "lei",
            "registered_address",
            "description",
            "sites",
            "tags",
            "created",
            "last_updated",
        ]

    def validate_lei(self, value):
        if not value:
            return None
        value = value.upper().replace(" ", "")
        try:
            validate_lei(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        queryset = Company.objects.filter(lei=value)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        if queryset.exists():
            raise serializers.ValidationError(_("A company with this LEI exists already."))
        return value

    def validate_names(self, names):
        seen = set()
        for entry in names:
            if entry["name"] in seen:
                raise serializers.ValidationError(
                    _("The name %(name)s is given twice.") % {"name": entry["name"]}
                )
            seen.add(entry["name"])
        return names

    @transaction.atomic
    def create(self, validated_data):
        names = validated_data.pop("names", [])
        company = super().create(validated_data)
        self.save_names(company, names)
        return company

    @transaction.atomic
    def update(self, instance, validated_data):
        names = validated_data.pop("names", None)
        company = super().update(instance, validated_data)
        if names is not None:
            self.save_names(company, names)
        return company

    def save_names(self, company, names):
        """The given list replaces the company's names; unchanged ones keep their history."""
        wanted = {entry["name"]: entry for entry in names}
        user = self.requesting_user()
        for existing in company.names.all():
            if existing.name not in wanted:
                if user is not None and not permissions.may_delete(user, existing):
                    raise exceptions.PermissionDenied(
                        _("You may not delete the name %(name)s.") % {"name": existing.name}
                    )
                existing.delete()
                continue
            entry = wanted.pop(existing.name)
            changed = False
            for field, value in entry.items():
                if getattr(existing, field) != value:
                    setattr(existing, field, value)
                    changed = True
            if changed:
                existing.save()
        for entry in wanted.values():
            CompanyName.objects.create(company=company, **entry)


class CompanyNameSerializer(ModelRulesSerializer):
    company = BriefRelatedField(queryset=Company.objects.all())
    language = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = CompanyName
        fields = ["id", "company", "name", "kind", "language", "script", "valid_until"]


class SiteSerializer(ModelRulesSerializer):
    company = BriefRelatedField(queryset=Company.objects.all())
    municipality = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all()
    )
    relocated_from = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    tags = TagListField(required=False)

    class Meta:
        model = Site
        fields = [
            "id",
            "company",
            "name",
            "kind",
            "street",
            "postcode",
            "municipality",
            "relocated_from",
            "opened_on",
            "closed_on",
            "employees",
            "tags",
            "created",
            "last_updated",
        ]


class PartnerOrganisationSerializer(ModelRulesSerializer):
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    municipality = serializers.SlugRelatedField(
        slug_field="key", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    desks = BriefRelatedField(queryset=Desk.objects.all(), many=True, required=False)
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    tags = TagListField(required=False)

    class Meta:
        model = PartnerOrganisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "partnership",
            "country",
            "municipality",
            "website",
            "desks",
            "focus_areas",
            "company",
            "description",
            "tags",
            "created",
            "last_updated",
        ]


class PartnerLinkSerializer(ModelRulesSerializer):
    company = BriefRelatedField(queryset=Company.objects.all())
    partner = BriefRelatedField(queryset=PartnerOrganisation.objects.all())

    class Meta:
        model = PartnerLink
        fields = ["id", "company", "partner", "role", "note"]


class CompanyViewSet(PolicyModelViewSet):
    queryset = Company.objects.select_related(
        "country", "desk", "desk_override", "parent"
    ).prefetch_related("names__language", "sectors", "focus_areas", "sites__municipality", "tags")
    serializer_class = CompanySerializer
    filterset_class = CompanyFilterSet


class CompanyNameViewSet(PolicyModelViewSet):
    queryset = CompanyName.objects.select_related("company", "language")
    serializer_class = CompanyNameSerializer
    filterset_class = CompanyNameFilterSet


class SiteViewSet(PolicyModelViewSet):
    queryset = Site.objects.select_related(
        "company", "municipality", "relocated_from"
    ).prefetch_related("tags")
    serializer_class = SiteSerializer
    filterset_class = SiteFilterSet


class PartnerOrganisationViewSet(PolicyModelViewSet):
    queryset = PartnerOrganisation.objects.select_related(
        "country", "municipality", "company"
    ).prefetch_related("desks", "focus_areas", "tags")
    serializer_class = PartnerOrganisationSerializer
    filterset_class = PartnerOrganisationFilterSet


class PartnerLinkViewSet(PolicyModelViewSet):
    queryset = PartnerLink.objects.select_related("company", "partner")
    serializer_class = PartnerLinkSerializer
    filterset_class = PartnerLinkFilterSet
