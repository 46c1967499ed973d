from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.core.models import Country, FocusArea, Language, Municipality, Occupation, Sector


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_en", "name_de"]
    search_fields = ["slug", "name_en", "name_de"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "alpha3", "name_en", "name_de"]
    search_fields = ["code", "alpha3", "name_en", "name_de"]


@admin.register(Language)
class LanguageAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_de"]
    search_fields = ["code", "name_en", "name_de"]


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "level", "title_en", "title_de"]
    list_filter = ["level"]
    search_fields = ["code", "title_en", "title_de"]


@admin.register(Occupation)
class OccupationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "level", "title_en", "title_de"]
    list_filter = ["level"]
    search_fields = ["code", "title_en", "title_de"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key", "district", "administrative_region"]
    list_filter = ["administrative_region"]
    search_fields = ["name", "key", "district"]
