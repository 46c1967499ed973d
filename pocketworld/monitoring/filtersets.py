import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import DATE, BaseFilterSet, SectorFilter
from pocketworld.core.models import Country, FocusArea, Language
from pocketworld.desks.models import Desk
from pocketworld.monitoring.choices import FeedKind, FeedStatus, LinkStatus, Signal
from pocketworld.monitoring.models import (
    CompanyLink,
    CountryLink,
    Feed,
    FocusAreaLink,
    FollowUp,
    NewsItem,
    SectorLink,
    Watch,
)

LIVE = [LinkStatus.SUGGESTED, LinkStatus.CONFIRMED]


class FeedFilterSet(BaseFilterSet):
    search_fields = ("name", "url")
    kind = django_filters.MultipleChoiceFilter(choices=FeedKind.choices, label=_("Kind"))
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="desks", queryset=Desk.objects.all(), label=_("Desk"), distinct=True
    )
    language = django_filters.ModelMultipleChoiceFilter(
        queryset=Language.objects.all(), label=_("Language")
    )
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=FeedStatus.choices, label=_("Status"), widget=CheckboxSelectMultiple
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Feed
        fields = ["q", "kind", "desk", "language", "country", "status", "is_active"]


class NewsItemFilterSet(BaseFilterSet):
    search_fields = ("title", "summary")
    feed = django_filters.NumberFilter(field_name="feeds", label=_("Source (id)"), distinct=True)
    company = django_filters.NumberFilter(method="about_company", label=_("Company (id)"))
    country = django_filters.ModelMultipleChoiceFilter(
        method="about_country", queryset=Country.objects.all(), label=_("Country")
    )
    sector = SectorFilter(field_name="sector_links__sector")
    focus_area = django_filters.ModelMultipleChoiceFilter(
        method="about_focus_area",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
    )
    signal = django_filters.MultipleChoiceFilter(
        field_name="signals__signal",
        choices=Signal.choices,
        label=_("Signal"),
        distinct=True,
        widget=CheckboxSelectMultiple,
    )
    language = django_filters.CharFilter(label=_("Language (ISO 639-1)"))
    since = django_filters.IsoDateTimeFilter(
        field_name="published", lookup_expr="gte", label=_("Published since")
    )
    published_after = django_filters.DateFilter(
        field_name="published", lookup_expr="date__gte", label=_("From"), widget=DATE
    )
    published_before = django_filters.DateFilter(
        field_name="published", lookup_expr="date__lte", label=_("Until"), widget=DATE
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        method="about_desk", queryset=Desk.objects.all(), label=_("About companies of desk")
    )

    class Meta:
        model = NewsItem
        fields = [
            "q",
            "feed",
            "company",
            "country",
            "sector",
            "focus_area",
            "signal",
            "language",
            "desk",
            "since",
            "published_after",
            "published_before",
        ]

    def about(self, queryset, **lookups):
        links = CompanyLink.objects.filter(status__in=LIVE, **lookups).values("item_id")
        return queryset.filter(pk__in=links)

    def about_company(self, queryset, name, value):
        return self.about(queryset, company=value)

    def about_desk(self, queryset, name, value):
        return self.about(queryset, company__desk__in=value) if value else queryset

    def about_country(self, queryset, name, value):
        if not value:
            return queryset
        links = CountryLink.objects.filter(status__in=LIVE, country__in=value).values("item_id")
        return queryset.filter(pk__in=links)

    def about_focus_area(self, queryset, name, value):
        if not value:
            return queryset
        links = FocusAreaLink.objects.filter(status__in=LIVE, focus_area__in=value)
        return queryset.filter(pk__in=links.values("item_id"))


class LinkFilterSet(BaseFilterSet):
    item = django_filters.NumberFilter(label=_("News item (id)"), widget=HiddenInput)
    status = django_filters.MultipleChoiceFilter(choices=LinkStatus.choices, label=_("Status"))


class CompanyLinkFilterSet(LinkFilterSet):
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)

    class Meta:
        model = CompanyLink
        fields = ["item", "company", "status"]


class CountryLinkFilterSet(LinkFilterSet):
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )

    class Meta:
        model = CountryLink
        fields = ["item", "country", "status"]


class SectorLinkFilterSet(LinkFilterSet):
    sector = SectorFilter(field_name="sector")

    class Meta:
        model = SectorLink
        fields = ["item", "sector", "status"]


class FocusAreaLinkFilterSet(LinkFilterSet):
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_area__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
    )

    class Meta:
        model = FocusAreaLink
        fields = ["item", "focus_area", "status"]


class WatchFilterSet(BaseFilterSet):
    search_fields = ("keyword",)
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )

    class Meta:
        model = Watch
        fields = ["q", "company", "country"]


class FollowUpFilterSet(BaseFilterSet):
    item = django_filters.NumberFilter(label=_("News item (id)"), widget=HiddenInput)

    class Meta:
        model = FollowUp
        fields = ["item"]
