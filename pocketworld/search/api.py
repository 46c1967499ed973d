"""`GET /api/v1/search`: the search of the pages, with the same permissions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pocketworld.core.api.serializers import PolicySerializer
from pocketworld.search import services
from pocketworld.search.forms import SearchForm
from pocketworld.search.indexing import indexes


class SearchHitSerializer(PolicySerializer):
    type = serializers.CharField(source="kind", help_text=_("company, person, project or partner"))
    id = serializers.IntegerField(source="object_id")
    name = serializers.CharField(source="title", help_text=_("The record's own name."))
    matched_name = serializers.CharField(help_text=_("The name of the record that matched."))
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code, or empty."))
    score = serializers.SerializerMethodField(help_text=_("1 is an exact match of the main name."))
    url = serializers.CharField(help_text=_("The record's page; empty for a withheld record."))
    withheld = serializers.BooleanField(
        help_text=_(
            "A confidential record you are no member of: found by its codename only, and its "
            "page and API detail refuse you."
        )
    )

    def get_score(self, hit) -> float:
        return round(hit.score, 3)


class SearchResultsSerializer(PolicySerializer):
    results = SearchHitSerializer(many=True)


class SearchView(APIView):
    """Records whose names match `q`, in any script, best first."""

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description=_("What to find.")),
            OpenApiParameter(
                "type", OpenApiTypes.STR, enum=list(indexes()), description=_("Only this kind.")
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=_("At most this many (1–50, default 10).")
            ),
            OpenApiParameter("country", OpenApiTypes.STR, description=_("ISO 3166-1 alpha-2.")),
            OpenApiParameter("desk", OpenApiTypes.INT, description=_("Desk id.")),
        ],
        responses=SearchResultsSerializer,
    )
    def get(self, request):
        form = SearchForm(request.query_params, require_query=True)
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [error["message"] for error in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        hits = services.search(form.cleaned_data["q"], request.user, **form.search_arguments())
        return Response({"results": SearchHitSerializer(hits, many=True).data})
