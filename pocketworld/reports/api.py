import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicySerializer,
)
from pocketworld.core.filtersets import LARGEST_INTEGER
from pocketworld.desks.models import Desk
from pocketworld.reports import kpis
from pocketworld.reports.filtersets import segment_companies
from pocketworld.reports.models import Segment, may_keep_segments


class SegmentSerializer(ModelRulesSerializer):
    owner = BriefRelatedField(read_only=True)
    company_count = serializers.SerializerMethodField()
    companies_url = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = [
            "id",
            "name",
            "description",
            "owner",
            "shared",
            "query",
            "company_count",
            "companies_url",
            "created",
            "last_updated",
        ]

    def get_company_count(self, segment) -> int:
        """How many of the segment's companies the caller may see."""
        return segment_companies(segment, self.context["request"].user).count()

    def get_companies_url(self, segment) -> str:
        """The company API filtered as the segment: its companies, page by page."""
        url = reverse("api:company-list")
        return self.context["request"].build_absolute_uri(
            f"{url}?{segment.query}" if segment.query else url
        )


class SegmentPermission(drf_permissions.BasePermission):
    """Segments follow their owner (`SegmentQuerySet`), not the desk policy."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return may_keep_segments(request.user)
        return permissions.is_active_user(request.user)

    def has_object_permission(self, request, view, obj):
        return request.method in drf_permissions.SAFE_METHODS or obj.is_editable_by(request.user)


class SegmentViewSet(viewsets.ModelViewSet):
    queryset = Segment.objects.select_related("owner")
    serializer_class = SegmentSerializer
    permission_classes = [SegmentPermission]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


# --- GET /api/v1/kpis: the figures of `reports.kpis`, as the dashboard shows them ----------

# Dates a period may start and end on; the period before must still be a valid date.
EARLIEST_DAY, LATEST_DAY = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def period_fields(**options):
    # `from` is a Python keyword: no class attribute can carry that name.
    return {
        "from": serializers.DateField(input_formats=["%Y-%m-%d"], **options),
        "to": serializers.DateField(input_formats=["%Y-%m-%d"], **options),
    }


class KPIParametersSerializer(PolicySerializer):
    """`from` and `to` (default: this calendar year) and `desk`, each checked on its own."""

    desk = serializers.IntegerField(required=False, min_value=1, max_value=LARGEST_INTEGER)

    def get_fields(self):
        return super().get_fields() | period_fields(required=False)

    def validate_from(self, day):
        return self.check_range(day)

    def validate_to(self, day):
        return self.check_range(day)

    @staticmethod
    def check_range(day):
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise serializers.ValidationError(
                _("Give a date from %(earliest)s to %(latest)s.")
                % {"earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()}
            )
        return day

    def validate_desk(self, desk_id):
        desk = Desk.objects.visible_to(self.context["request"].user).filter(pk=desk_id).first()
        if desk is None:
            raise serializers.ValidationError(_("Unknown desk."))
        return desk

    def validate(self, data):
        this_year = kpis.Period.year(timezone.localdate().year)
        start, end = data.get("from", this_year.start), data.get("to", this_year.end)
        if start > end:
            message = _("The period ends before it starts (%(from)s).")
            raise serializers.ValidationError({"to": [message % {"from": start.isoformat()}]})
        return {"period": kpis.Period(start, end), "desk": data.get("desk")}


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """An int or a float as it is; null where there is no figure."""

    def to_representation(self, value):
        return value


class KPIPeriodSerializer(PolicySerializer):
    def get_fields(self):
        return period_fields()


class KPIDeskSerializer(PolicySerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class KPIBarSerializer(PolicySerializer):
    key = serializers.CharField(help_text=_("The code of the kind, country, sector, …"))
    label = serializers.CharField()
    value = serializers.IntegerField()
    share = NumberField(
        allow_null=True, help_text=_("Conversion: percent of the stage before; else null.")
    )
    url = serializers.CharField(
        allow_null=True,
        help_text=_("The list of the records counted; null where no page lists them."),
    )


class KPIBreakdownSerializer(PolicySerializer):
    label = serializers.CharField()
    bars = KPIBarSerializer(many=True)


class KPIFigureSerializer(PolicySerializer):
    label = serializers.CharField()
    help_text = serializers.CharField()
    unit = serializers.ChoiceField(
        choices=[
            kpis.Unit.COUNT,
            kpis.Unit.JOBS,
            kpis.Unit.EUR,
            kpis.Unit.PERCENT,
            kpis.Unit.DAYS,
            kpis.Unit.HOURS,
        ]
    )
    value = NumberField(
        allow_null=True,
        help_text=_("Null where there is nothing to compute it from (a cycle time without wins)."),
    )
    previous = NumberField(
        allow_null=True,
        help_text=_("The same figure for the period before; null for today's state."),
    )
    url = serializers.CharField(
        allow_null=True,
        help_text=_("The list of the records behind the figure; null where no page lists them."),
    )
    note = serializers.CharField(allow_blank=True)
    breakdowns = serializers.DictField(child=KPIBreakdownSerializer())


class KPIReportSerializer(PolicySerializer):
    period = KPIPeriodSerializer()
    previous_period = KPIPeriodSerializer()
    desk = KPIDeskSerializer(allow_null=True)
    figures = serializers.DictField(
        child=KPIFigureSerializer(),
        help_text=_(
            "By name (docs/kpis.md). A partner viewer gets no figures of projects, interactions, "
            "matchmaking or inquiries."
        ),
    )


class KPIView(APIView):
    """The KPIs of a period, computed by `reports.kpis` as for the dashboard and exports."""

    @extend_schema(
        operation_id="kpis",
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description=_("First day (default: 1 January).")
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description=_("Last day (default: 31 December).")
            ),
            OpenApiParameter("desk", OpenApiTypes.INT, description=_("Only this desk (id).")),
        ],
        responses=KPIReportSerializer,
    )
    def get(self, request):
        parameters = KPIParametersSerializer(
            data=request.query_params, context={"request": request}
        )
        parameters.is_valid(raise_exception=True)
        report = kpis.compute(
            parameters.validated_data["period"], request.user, parameters.validated_data["desk"]
        )
        return Response(KPIReportSerializer(report.as_dict()).data)
