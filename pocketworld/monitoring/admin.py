from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.monitoring.models import CompanyLink, Feed, ItemSignal, NameLesson, NewsItem


@admin.register(Feed)
class FeedAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "language", "status", "last_fetched_at", "failures"]
    list_filter = ["kind", "status", "is_active", "desks"]
    search_fields = ["name", "url"]
    filter_horizontal = ["desks"]
    autocomplete_fields = ["language", "country"]
    readonly_fields = [
        "status", "etag", "modified", "last_fetched_at", "last_success_at", "next_fetch_at",
        "failures", "last_error", "last_status_code", "item_count",
    ]  # fmt: skip


class CompanyLinkInline(admin.TabularInline):
    model = CompanyLink
    extra = 0
    autocomplete_fields = ["company"]
    readonly_fields = ["decided_by", "decided_at"]


class ItemSignalInline(admin.TabularInline):
    model = ItemSignal
    extra = 0


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "language"]
    list_filter = ["language", "signals__signal"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    readonly_fields = ["url_key", "title_key", "linked_at"]
    inlines = [CompanyLinkInline, ItemSignalInline]


@admin.register(NameLesson)
class NameLessonAdmin(admin.ModelAdmin):
    """Administrators may correct what the linker learnt about a company's name."""

    list_display = ["company", "key", "confirmed", "removed"]
    search_fields = ["company__legal_name", "key"]
    autocomplete_fields = ["company"]
