from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.contacts.models import Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["company", "partner"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["family_name", "given_name", "native_name", "email", "desk", "legal_basis"]
    list_filter = ["legal_basis", "desk"]
    search_fields = ["family_name", "given_name", "native_name", "email"]
    filter_horizontal = ["languages"]
    inlines = [PositionInline]
