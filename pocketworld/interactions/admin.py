from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.interactions.models import Interaction, Task


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_on", "kind", "subject", "company", "desk"]
    list_filter = ["kind", "desk"]
    search_fields = ["subject", "company__legal_name"]
    autocomplete_fields = ["company", "project"]
    filter_horizontal = ["team_members", "people"]
    date_hierarchy = "occurred_on"


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["due_on", "title", "assignee", "status", "desk"]
    list_filter = ["status", "desk"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["company", "project", "interaction", "assignee"]
