from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.programmes.models import Cohort, Goal, Programme


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "desks"]
    search_fields = ["name"]
    inlines = [CohortInline, GoalInline]
