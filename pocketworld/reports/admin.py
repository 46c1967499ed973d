from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.reports.models import Segment


@admin.register(Segment)
class SegmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "owner", "shared", "last_updated"]
    list_filter = ["shared"]
    search_fields = ["name", "description", "owner__username"]
    raw_id_fields = ["owner"]
