from django.db.models import Count

from pocketworld.companies import filtersets, forms, tables
from pocketworld.companies.choices import CompanyStatus
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.core import permissions
from pocketworld.core.tables import paginate
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    extend_page,
)
from pocketworld.desks.models import Desk


class CompanyListView(ObjectListView):
    model = Company
    filterset_class = filtersets.CompanyFilterSet
    table_class = tables.CompanyTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "desk")


class CompanyDetailView(ObjectDetailView):
    model = Company

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "desk", "desk_override", "parent")
            .prefetch_related("sectors", "focus_areas", "tags")
        )

    def get_extra_context(self, request, instance):
        return {
            "names": instance.names.select_related("language"),
            "sites": instance.sites.select_related("municipality", "relocated_from"),
            "partner_links": instance.partner_links.select_related("partner"),
            "subsidiaries": instance.subsidiaries.visible_to(request.user).select_related(
                "country"
            ),
            "may_read_people": permissions.may_read_personal_data(request.user),
        }


class CompanyEditView(ObjectEditView):
    model = Company
    form_class = forms.CompanyForm


class CompanyDeleteView(ObjectDeleteView):
    model = Company


class CompanyNameEditView(ObjectEditView):
    model = CompanyName
    form_class = forms.CompanyNameForm


class CompanyNameDeleteView(ObjectDeleteView):
    model = CompanyName
    parent_field = "company"


class SiteListView(ObjectListView):
    model = Site
    filterset_class = filtersets.SiteFilterSet
    table_class = tables.SiteTable

    def get_queryset(self, request):
        # By company name alone, and the municipalities fetched apart: joined and sorted by
        # too, they would make the database sort every site before it shows a page.
        return (
            super()
            .get_queryset(request)
            .select_related("company")
            .prefetch_related("municipality")
            .order_by("company__legal_name")
        )


class SiteDetailView(ObjectDetailView):
    model = Site

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company__country", "municipality", "relocated_from")
            .prefetch_related("tags")
        )


class SiteEditView(ObjectEditView):
    model = Site
    form_class = forms.SiteForm


class SiteDeleteView(ObjectDeleteView):
    model = Site


class PartnerOrganisationListView(ObjectListView):
    model = PartnerOrganisation
    filterset_class = filtersets.PartnerOrganisationFilterSet
    table_class = tables.PartnerOrganisationTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "municipality")


class PartnerOrganisationDetailView(ObjectDetailView):
    model = PartnerOrganisation

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "municipality", "company")
            .prefetch_related("desks", "focus_areas", "tags")
        )

    def get_extra_context(self, request, instance):
        return {
            "company_links": instance.company_links.select_related("company__country"),
            "may_read_people": permissions.may_read_personal_data(request.user),
        }


class PartnerOrganisationEditView(ObjectEditView):
    model = PartnerOrganisation
    form_class = forms.PartnerOrganisationForm


class PartnerOrganisationDeleteView(ObjectDeleteView):
    model = PartnerOrganisation


class PartnerLinkEditView(ObjectEditView):
    model = PartnerLink
    form_class = forms.PartnerLinkForm


class PartnerLinkDeleteView(ObjectDeleteView):
    model = PartnerLink
    parent_field = "company"


@extend_page(Desk, "detail")
def desk_companies(request, desk):
    """A desk's page lists its companies, with their number per status."""
    companies = Company.objects.visible_to(request.user).filter(desk=desk)
    table = tables.CompanyTable(companies.select_related("country", "desk"), exclude=("desk",))
    paginate(request, table, 25)
    status_counts = dict(companies.values_list("status").annotate(count=Count("pk")).order_by())
    return {
        "company_table": table,
        "status_counts": [
            (status, label, status_counts.get(status, 0)) for status, label in CompanyStatus.choices
        ],
        "company_total": sum(status_counts.values()),
    }
