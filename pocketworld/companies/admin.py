from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)


class CompanyNameInline(admin.TabularInline):
    model = CompanyName
    extra = 1


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ["municipality", "relocated_from"]


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "country", "desk", "status", "employees_region"]
    list_filter = ["status", "desk", "focus_areas"]
    search_fields = ["legal_name", "names__name", "lei"]
    autocomplete_fields = ["country", "parent", "desk_override", "sectors"]
    filter_horizontal = ["focus_areas"]
    readonly_fields = ["desk"]
    inlines = [CompanyNameInline, SiteInline]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["company", "name", "kind", "municipality", "opened_on", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["company__legal_name", "name", "street"]
    autocomplete_fields = ["company", "municipality", "relocated_from"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "partnership", "country"]
    list_filter = ["kind", "partnership", "desks"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["country", "municipality", "company"]
    filter_horizontal = ["desks", "focus_areas"]


@admin.register(PartnerLink)
class PartnerLinkAdmin(SimpleHistoryAdmin):
    list_display = ["company", "partner", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["company", "partner"]
