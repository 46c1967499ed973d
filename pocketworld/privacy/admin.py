from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.privacy.models import RetentionExtension, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["legal_basis", "months", "grace_days", "last_updated"]
    readonly_fields = ["last_updated"]

    def has_delete_permission(self, request, obj=None):
        """A basis without a rule would keep its people for ever: give it long months
        instead."""
        return False


@admin.register(RetentionExtension)
class RetentionExtensionAdmin(admin.ModelAdmin):
    """Who kept whom longer and why: a record, made on the review page; once made it is
    not rewritten."""

    list_display = ["person", "until", "extended_by", "created"]
    list_select_related = ["person", "extended_by"]
    raw_id_fields = ["person"]
    search_fields = ["person__family_name", "person__given_name", "reason"]
    date_hierarchy = "created"

    def has_change_permission(self, request, obj=None):
        return False
