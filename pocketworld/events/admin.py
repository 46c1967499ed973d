from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.events.models import (
    Event,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    Participant,
    ProgrammeItem,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["company", "person"]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["host_company", "host_person"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "country"]
    list_filter = ["kind", "desks"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["country", "origin_country", "leader"]
    filter_horizontal = ["desks", "partners", "focus_areas"]
    inlines = [ParticipantInline, ProgrammeItemInline]


@admin.register(MatchProfile)
class MatchProfileAdmin(admin.ModelAdmin):
    list_display = ["participant", "stage"]
    search_fields = ["offers", "seeks"]
    filter_horizontal = ["sectors", "focus_areas", "target_markets"]


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ["event", "first", "second", "score", "status"]
    list_filter = ["status"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "suggestion", "slot", "table", "status", "outcome"]
    list_filter = ["status", "outcome"]
