import django_filters
from django.forms import CheckboxSelectMultiple, HiddenInput
from django.utils.translation import gettext_lazy as _

from pocketworld.companies.choices import CompanyStatus, PartnerKind, SiteKind
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.core.filtersets import DATE, BaseFilterSet, SectorFilter, TagFilter
from pocketworld.core.models import Country, FocusArea, Municipality
from pocketworld.desks.models import Desk
from pocketworld.search.filters import IndexSearchFilter

# The region's own country: a company from anywhere else is foreign.
HOME_COUNTRY = "DE"


class CompanyFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"company": "pk"})
    search_fields = ("legal_name", "names__name", "website", "lei", "registered_address")
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country of origin")
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        queryset=Desk.objects.all(), label=_("Desk"), widget=CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        choices=CompanyStatus.choices, label=_("Status"), widget=CheckboxSelectMultiple
    )
    sector = SectorFilter()
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
        widget=CheckboxSelectMultiple,
    )
    municipality = django_filters.ModelMultipleChoiceFilter(
        field_name="sites__municipality",
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        distinct=True,
    )
    tag = TagFilter()
    parent = django_filters.NumberFilter(label=_("Parent company (id)"), widget=HiddenInput)
    lei = django_filters.CharFilter(label=_("LEI"))
    employees_region_min = django_filters.NumberFilter(
        field_name="employees_region",
        lookup_expr="gte",
        label=_("At least employees in the region"),
    )
    employees_worldwide_min = django_filters.NumberFilter(
        field_name="employees_worldwide",
        lookup_expr="gte",
        label=_("At least employees worldwide"),
    )
    desk_override = django_filters.NumberFilter(
        label=_("Desk set by hand (id)"), widget=HiddenInput
    )
    foreign = django_filters.BooleanFilter(
        method="filter_foreign", label=_("Foreign (country of origin not Germany)")
    )

    class Meta:
        model = Company
        fields = ["q", "country", "desk", "status", "sector", "focus_area", "municipality", "tag"]

    def filter_foreign(self, queryset, name, value):
        if value:
            return queryset.exclude(country=HOME_COUNTRY)
        return queryset.filter(country=HOME_COUNTRY)


class CompanyNameFilterSet(BaseFilterSet):
    search_fields = ("name",)
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    used_until_before = django_filters.DateFilter(
        field_name="valid_until",
        lookup_expr="lte",
        label=_("Used until, at the latest"),
        widget=DATE,
    )
    tag = TagFilter()

    class Meta:
        model = CompanyName
        fields = ["q", "company", "kind", "language", "script"]


class SiteFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"company": "company"})
    search_fields = ("name", "street", "company__legal_name", "company__names__name")
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    kind = django_filters.MultipleChoiceFilter(
        choices=SiteKind.choices, label=_("Kind"), widget=CheckboxSelectMultiple
    )
    opened_after = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("Opened on or after"), widget=DATE
    )
    opened_before = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="lte", label=_("Opened on or before"), widget=DATE
    )
    postcode = django_filters.CharFilter(lookup_expr="startswith", label=_("Postcode starts with"))
    employees_min = django_filters.NumberFilter(
        field_name="employees", lookup_expr="gte", label=_("At least employees")
    )
    municipality = django_filters.ModelMultipleChoiceFilter(
        queryset=Municipality.objects.all(), label=_("Municipality")
    )
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="company__country", queryset=Country.objects.all(), label=_("Country of origin")
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="company__desk",
        queryset=Desk.objects.all(),
        label=_("Desk"),
        widget=CheckboxSelectMultiple,
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="company__status", choices=CompanyStatus.choices, label=_("Company status")
    )
    sector = SectorFilter(field_name="company__sectors")
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="company__focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
    )
    open = django_filters.BooleanFilter(
        field_name="closed_on", lookup_expr="isnull", label=_("Open")
    )
    tag = TagFilter()

    class Meta:
        model = Site
        fields = [
            "q",
            "company",
            "kind",
            "municipality",
            "relocated_from",
        ]


class PartnerOrganisationFilterSet(BaseFilterSet):
    q = IndexSearchFilter({"partner": "pk"})
    search_fields = ("name", "short_name", "website")
    company = django_filters.NumberFilter(label=_("Registered as company (id)"), widget=HiddenInput)
    kind = django_filters.MultipleChoiceFilter(choices=PartnerKind.choices, label=_("Kind"))
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.all(), label=_("Country")
    )
    desk = django_filters.ModelMultipleChoiceFilter(
        field_name="desks", queryset=Desk.objects.all(), label=_("Desk"), distinct=True
    )
    focus_area = django_filters.ModelMultipleChoiceFilter(
        field_name="focus_areas__slug",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
        label=_("Focus areas"),
        distinct=True,
    )
    municipality = django_filters.ModelMultipleChoiceFilter(
        queryset=Municipality.objects.all(), label=_("Municipality")
    )
    tag = TagFilter()

    class Meta:
        model = PartnerOrganisation
        fields = ["q", "kind", "partnership", "country", "desk", "municipality"]


class PartnerLinkFilterSet(BaseFilterSet):
    search_fields = ("note",)
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=HiddenInput)
    partner = django_filters.NumberFilter(label=_("Partner (id)"), widget=HiddenInput)
    tag = TagFilter()

    class Meta:
        model = PartnerLink
        fields = ["q", "company", "partner", "role"]
