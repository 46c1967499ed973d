from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pocketworld.programmes.models import (
    Candidate,
    Cohort,
    College,
    Course,
    Goal,
    Membership,
    Milestone,
    OpenPosition,
    Programme,
)


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


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["company", "cohort", "stage", "stage_changed_on"]
    list_filter = ["stage", "cohort__programme"]
    search_fields = ["company__legal_name"]
    autocomplete_fields = ["company", "corporate_partners", "mentors", "project"]
    readonly_fields = ["stage", "stage_changed_on"]
    inlines = [MilestoneInline]


class CourseInline(admin.TabularInline):
    model = Course
    extra = 0
    autocomplete_fields = ["occupation"]


@admin.register(College)
class CollegeAdmin(SimpleHistoryAdmin):
    list_display = ["partner"]
    search_fields = ["partner__name"]
    inlines = [CourseInline]


@admin.register(OpenPosition)
class OpenPositionAdmin(SimpleHistoryAdmin):
    list_display = ["company", "occupation", "places", "starts_on"]
    search_fields = ["company__legal_name", "title"]
    autocomplete_fields = ["company", "occupation"]


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["person", "cohort", "occupation", "stage"]
    list_filter = ["stage", "cohort__programme"]
    search_fields = ["person__family_name", "person__given_name"]
    autocomplete_fields = ["person", "occupation", "position"]
    readonly_fields = ["stage", "stage_changed_on"]
