from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.accounts.admin import UserAdmin
from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership


class DeskCoverageInline(admin.TabularInline):
    model = DeskCoverage
    extra = 1
    autocomplete_fields = ["country"]


class DeskMembershipInline(admin.TabularInline):
    model = DeskMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Desk)
class DeskAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "email"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DeskCoverageInline, DeskMembershipInline]

    def save_formset(self, request, form, formset, change):
        # Saving each coverage row itself lets the companies follow their primary desk.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.save()
        formset.save_m2m()


class UserDeskMembershipInline(admin.TabularInline):
    model = DeskMembership
    extra = 1
    autocomplete_fields = ["desk"]


# A user's desks are edited on the user's page; the accounts app below knows no desks.
UserAdmin.inlines = [*UserAdmin.inlines, UserDeskMembershipInline]
