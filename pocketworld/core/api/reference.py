"""The reference data's endpoints: countries, languages, sectors, occupations, municipalities,
focus areas."""

from rest_framework import serializers

from pocketworld.core.api.serializers import PolicyModelSerializer
from pocketworld.core.api.views import PolicyModelViewSet, ReferenceViewSet
from pocketworld.core.models import Country, FocusArea, Language, Municipality, Occupation, Sector


class CountrySerializer(PolicyModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "alpha3", "name_en", "name_de"]


class LanguageSerializer(PolicyModelSerializer):
    class Meta:
        model = Language
        fields = ["code", "name_en", "name_de"]


class SectorSerializer(PolicyModelSerializer):
    section = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Sector
        fields = ["code", "level", "section", "title_en", "title_de"]


class OccupationSerializer(PolicyModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Occupation
        fields = ["code", "level", "parent", "title_en", "title_de", "title"]


class FocusAreaSerializer(PolicyModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["id", "slug", "name_en", "name_de", "description"]


class MunicipalitySerializer(PolicyModelSerializer):
    class Meta:
        model = Municipality
        fields = ["key", "name", "official_name", "district", "administrative_region"]


class CountryViewSet(ReferenceViewSet):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    lookup_field = "code"


class LanguageViewSet(ReferenceViewSet):
    queryset = Language.objects.all()
    serializer_class = LanguageSerializer
    lookup_field = "code"


class SectorViewSet(ReferenceViewSet):
    queryset = Sector.objects.select_related("section")
    serializer_class = SectorSerializer
    lookup_field = "code"
    filterset_fields = ["level"]


class OccupationViewSet(ReferenceViewSet):
    queryset = Occupation.objects.select_related("parent")
    serializer_class = OccupationSerializer
    lookup_field = "code"
    filterset_fields = ["level"]


class MunicipalityViewSet(ReferenceViewSet):
    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    lookup_field = "key"
    filterset_fields = ["district", "administrative_region"]


class FocusAreaViewSet(PolicyModelViewSet):
    """Focus areas are the service's own list: administrators and directors edit it."""

    queryset = FocusArea.objects.all()
    serializer_class = FocusAreaSerializer
