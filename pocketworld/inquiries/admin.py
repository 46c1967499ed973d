from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.inquiries.models import Inquiry, PrivacyNotice, RoutingSettings


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(SimpleHistoryAdmin):
    """The privacy text of the public form, per language: kept by administrators."""

    list_display = ["language", "last_updated"]


@admin.register(RoutingSettings)
class RoutingSettingsAdmin(SimpleHistoryAdmin):
    """One row: the triage desk."""

    list_display = ["__str__", "triage_desk"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RoutingSettings.objects.exists()

    def save_model(self, request, obj, form, change):
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(Inquiry)
class InquiryAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "company_name", "country", "desk", "status", "received_at"]
    list_filter = ["status", "language", "desk", "outcome"]
    search_fields = ["reference", "company_name", "contact_name", "email"]
    readonly_fields = [field.name for field in Inquiry._meta.fields]

    def has_add_permission(self, request):
        return False
