from pocketworld.companies import filtersets, forms, tables
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.contacts.models import Position
from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from pocketworld.imports import merging
from pocketworld.interactions.services import timeline_context
from pocketworld.reports.models import may_keep_segments


class CompanyListView(ObjectListView):
    model = Company
    filterset_class = filtersets.CompanyFilterSet
    table_class = tables.CompanyTable

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "desk")

    def get_extra_context(self, request):
        return {"may_save_segment": may_keep_segments(request.user)}


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
        context = {
            "names": instance.names.select_related("language"),
            "sites": instance.sites.select_related("municipality", "relocated_from"),
            "partner_links": instance.partner_links.select_related("partner"),
            "subsidiaries": instance.subsidiaries.visible_to(request.user).select_related(
                "country"
            ),
            "may_read_people": permissions.may_read_personal_data(request.user),
            "merge_sources": merging.merge_sources(instance),
            **timeline_context(instance, request.GET.getlist("kind")),
        }
        if context["may_read_people"]:
            context["positions"] = (
                Position.objects.visible_to(request.user)
                .filter(company=instance)
                .select_related("person")
                .order_by("ended_on", "person__family_name")
            )
        return context


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
        return super().get_queryset(request).select_related("company", "municipality")


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
        context = {
            "company_links": instance.company_links.select_related("company__country"),
            "may_read_people": permissions.may_read_personal_data(request.user),
            "merge_sources": merging.merge_sources(instance),
        }
        if context["may_read_people"]:
            context["positions"] = (
                Position.objects.visible_to(request.user)
                .filter(partner=instance)
                .select_related("person")
            )
        return context


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
