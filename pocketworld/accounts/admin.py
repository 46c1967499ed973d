from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.accounts import services
from pocketworld.accounts.models import APIToken, CalendarToken, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "desks"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Service"), {"fields": ["role", "languages"]}),
    ]
    filter_horizontal = ["groups", "user_permissions", "languages"]
    # The desks app adds the user's memberships (see desks/admin.py).
    inlines = []
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (lost phone)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """Remove the authenticator app and recovery codes: the users sign in with their
        password and set up a new one (as `manage.py reset_second_factor` does)."""
        for user in queryset:
            services.reset_second_factor(user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user is reset.",
                "The second factor of %(count)d users is reset.",
                count,
            )
            % {"count": count},
        )


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "description", "read_only", "created", "last_used", "expires"]
    list_filter = ["user"]
    readonly_fields = ["prefix", "digest", "created", "last_used"]
    fields = [
        "user",
        "description",
        "expires",
        "read_only",
        "prefix",
        "digest",
        "created",
        "last_used",
    ]

    def has_add_permission(self, request):
        # A token's key is shown once; create tokens with `manage.py create_api_token`.
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created", "last_used"]
    readonly_fields = ["user", "digest", "created", "last_used"]

    def has_add_permission(self, request):
        # The subscription URL is shown once, to its user, on their settings page.
        return False
