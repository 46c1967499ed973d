"""News sources (CRUD), news items with what they are about, the officers' verdicts on
links, turning an item into work, and each user's watch list. Writes go through the same
services as the pages, with the same permissions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from pocketworld.companies.models import Company
from pocketworld.core import permissions
from pocketworld.core.api.serializers import (
    BriefRelatedField,
    ModelRulesSerializer,
    PolicyModelSerializer,
    PolicySerializer,
)
from pocketworld.core.api.views import PolicyModelViewSet
from pocketworld.core.models import Country, Language
from pocketworld.desks.models import Desk
from pocketworld.monitoring import services, tasks
from pocketworld.monitoring.choices import FollowUpKind
from pocketworld.monitoring.fetching import FetchError, check_address
from pocketworld.monitoring.filtersets import (
    CompanyLinkFilterSet,
    CountryLinkFilterSet,
    FeedFilterSet,
    FocusAreaLinkFilterSet,
    FollowUpFilterSet,
    NewsItemFilterSet,
    SectorLinkFilterSet,
    WatchFilterSet,
)
from pocketworld.monitoring.models import (
    LINK_MODELS,
    CompanyLink,
    CountryLink,
    Feed,
    FocusAreaLink,
    FollowUp,
    NewsItem,
    SectorLink,
    Watch,
)

READ_ONLY_STATE = [
    "status", "etag", "modified", "last_fetched_at", "last_success_at", "next_fetch_at",
    "failures", "last_error", "last_status_code", "item_count",
]  # fmt: skip


class FeedSerializer(ModelRulesSerializer):
    desks = BriefRelatedField(queryset=Desk.objects.all(), many=True)
    language = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), required=False, allow_null=True
    )
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Feed
        fields = [
            "id", "url", "name", "kind", "desks", "language", "country", "fetch_every",
            "is_active", *READ_ONLY_STATE, "created", "last_updated",
        ]  # fmt: skip
        read_only_fields = READ_ONLY_STATE

    def validate_url(self, value):
        try:
            check_address(value, resolve=False)
        except FetchError as error:
            raise serializers.ValidationError(error.reason) from error
        return value


class LinkSerializer(PolicyModelSerializer):
    decided_by = serializers.StringRelatedField()

    class Meta:
        fields = ["id", "reason", "confidence", "status", "decided_by", "decided_at"]
        read_only_fields = fields


class CompanyLinkSerializer(LinkSerializer):
    item = BriefRelatedField(read_only=True)
    company = BriefRelatedField(read_only=True)

    class Meta(LinkSerializer.Meta):
        model = CompanyLink
        fields = ["id", "item", "company", "matched_key", *LinkSerializer.Meta.fields[1:]]
        read_only_fields = fields


class CountryLinkSerializer(LinkSerializer):
    item = BriefRelatedField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta(LinkSerializer.Meta):
        model = CountryLink
        fields = ["id", "item", "country", *LinkSerializer.Meta.fields[1:]]
        read_only_fields = fields


class SectorLinkSerializer(LinkSerializer):
    item = BriefRelatedField(read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta(LinkSerializer.Meta):
        model = SectorLink
        fields = ["id", "item", "sector", *LinkSerializer.Meta.fields[1:]]
        read_only_fields = fields


class FocusAreaLinkSerializer(LinkSerializer):
    item = BriefRelatedField(read_only=True)
    focus_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(LinkSerializer.Meta):
        model = FocusAreaLink
        fields = ["id", "item", "focus_area", *LinkSerializer.Meta.fields[1:]]
        read_only_fields = fields


class NewsItemSerializer(PolicyModelSerializer):
    feeds = BriefRelatedField(many=True, read_only=True)
    companies = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    sectors = serializers.SerializerMethodField()
    focus_areas = serializers.SerializerMethodField()
    signals = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = [
            "id", "title", "summary", "url", "published", "language", "feeds", "companies",
            "countries", "sectors", "focus_areas", "signals", "created",
        ]  # fmt: skip
        read_only_fields = fields

    def get_companies(self, item):
        request = self.context.get("request")
        result = []
        for link in item.live_company_links:
            url = link.company.get_absolute_url()
            result.append(
                {
                    "id": link.company_id,
                    "display": str(link.company),
                    "url": request.build_absolute_uri(url) if request else url,
                    "link": link.pk,
                    "confidence": link.confidence,
                    "status": link.status,
                    "reason": link.reason,
                }
            )
        return result

    def get_countries(self, item):
        return sorted({link.country_id for link in item.live_country_links})

    def get_sectors(self, item):
        return sorted({link.sector.code for link in item.live_sector_links})

    def get_focus_areas(self, item):
        return sorted({link.focus_area.slug for link in item.live_focus_area_links})

    def get_signals(self, item):
        return [signal.signal for signal in item.signals.all()]


class DecisionSerializer(PolicySerializer):
    decision = serializers.ChoiceField(choices=["confirm", "remove"])


class FollowUpRequestSerializer(PolicySerializer):
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    desk = serializers.PrimaryKeyRelatedField(queryset=Desk.objects.all())
    title = serializers.CharField(max_length=200, required=False)
    due_on = serializers.DateField(required=False)


class FollowUpSerializer(PolicyModelSerializer):
    item = BriefRelatedField(read_only=True)
    interaction = BriefRelatedField(read_only=True)
    task = BriefRelatedField(read_only=True)
    project = BriefRelatedField(read_only=True)
    created_by = serializers.StringRelatedField()

    class Meta:
        model = FollowUp
        fields = ["id", "item", "kind", "interaction", "task", "project", "created_by", "created"]
        read_only_fields = fields


class WatchSerializer(PolicyModelSerializer):
    company = BriefRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Watch
        fields = ["id", "company", "country", "keyword", "created"]
        read_only_fields = ["created"]

    def validate(self, attrs):
        watch = Watch(user=self.context["request"].user, **attrs)
        try:
            watch.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class FeedViewSet(PolicyModelViewSet):
    queryset = Feed.objects.select_related("language", "country").prefetch_related("desks")
    serializer_class = FeedSerializer
    filterset_class = FeedFilterSet

    @extend_schema(request=None, responses={202: dict})
    @action(detail=True, methods=["post"])
    def fetch(self, request, pk=None):
        """Fetch the source now, through the background worker."""
        feed = self.get_object()
        if not permissions.may_change(request.user, feed):
            raise exceptions.PermissionDenied()
        result = tasks.fetch_feed.enqueue(feed.pk)
        return Response({"task": str(result.id)}, status=status.HTTP_202_ACCEPTED)


class NewsItemViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """News items are read from the sources; an item's links are decided through the link
    endpoints, and `follow-up` turns it into a note, a task or a lead."""

    queryset = NewsItem.objects.all()
    serializer_class = NewsItemSerializer
    filterset_class = NewsItemFilterSet

    def get_queryset(self):
        return services.with_live_links(
            NewsItem.objects.visible_to(self.request.user), kinds=LINK_MODELS
        )

    def perform_destroy(self, instance):
        if not permissions.may_delete(self.request.user, instance):
            raise exceptions.PermissionDenied()
        instance.delete()

    @extend_schema(request=FollowUpRequestSerializer, responses={201: FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Turn the item into an interaction note, a task or a lead project."""
        item = self.get_object()
        data = FollowUpRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # The serializer offers the companies the user sees; the service checks the desk.
        try:
            follow_up = services.turn_into(
                item,
                values["kind"],
                request.user,
                values["company"],
                values["desk"],
                values.get("title") or item.title,
                due_on=values.get("due_on"),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(serializers.as_serializer_error(error)) from error
        serializer = FollowUpSerializer(follow_up, context={"request": request})
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class LinkViewSet(viewsets.ReadOnlyModelViewSet):
    """A kind of link; `confirm` and `remove` record an officer's verdict."""

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def decide(self, request, confirmed):
        link = self.get_object()
        if not permissions.may_change(request.user, link):
            raise exceptions.PermissionDenied()
        link = services.decide_link(link, request.user, confirmed)
        return Response(self.get_serializer(link).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The item is about it."""
        return self.decide(request, True)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """The item is not about it; the linker learns from it."""
        return self.decide(request, False)


class CompanyLinkViewSet(LinkViewSet):
    queryset = CompanyLink.objects.select_related("item", "company", "decided_by")
    serializer_class = CompanyLinkSerializer
    filterset_class = CompanyLinkFilterSet


class CountryLinkViewSet(LinkViewSet):
    queryset = CountryLink.objects.select_related("item", "decided_by")
    serializer_class = CountryLinkSerializer
    filterset_class = CountryLinkFilterSet


class SectorLinkViewSet(LinkViewSet):
    queryset = SectorLink.objects.select_related("item", "sector", "decided_by")
    serializer_class = SectorLinkSerializer
    filterset_class = SectorLinkFilterSet


class FocusAreaLinkViewSet(LinkViewSet):
    queryset = FocusAreaLink.objects.select_related("item", "focus_area", "decided_by")
    serializer_class = FocusAreaLinkSerializer
    filterset_class = FocusAreaLinkFilterSet


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = FollowUp.objects.select_related(
        "item", "interaction", "task", "project", "created_by"
    )
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class OwnWatchList(BasePermission):
    """A watch list is its user's own: anyone who may see watches keeps one, whichever desks
    they belong to (the policy's desk rules would let only directors add to theirs)."""

    def has_permission(self, request, view):
        return permissions.sees(request.user, Watch)


class WatchViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The requesting user's own watch list."""

    queryset = Watch.objects.select_related("company", "country")
    permission_classes = [OwnWatchList]
    serializer_class = WatchSerializer
    filterset_class = WatchFilterSet

    def get_queryset(self):
        return self.queryset.filter(user=self.request.user)

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)
