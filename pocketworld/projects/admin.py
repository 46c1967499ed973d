from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.projects.models import Project, StageChange
from pocketworld.projects.services import create_project, record_confidentiality


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "changed_at", "changed_by", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # stages move through the project's page or the API


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "company", "desk", "stage", "owner", "stage_changed_at"]
    list_filter = ["stage", "kind", "desk"]
    search_fields = ["title", "prospect_name", "company__legal_name"]
    autocomplete_fields = ["company", "owner", "origin_country"]
    filter_horizontal = ["team", "partners", "focus_areas"]
    readonly_fields = ["stage", "stage_changed_at"]
    inlines = [StageChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            record_confidentiality(obj, request.user, form.initial.get("confidential", False))
        else:
            create_project(obj, request.user)
