from django.db.models import Count

from pocketworld.core import permissions
from pocketworld.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from pocketworld.programmes import filtersets, forms, tables
from pocketworld.programmes.choices import GoalMeasure
from pocketworld.programmes.models import Cohort, Goal, Programme


class ProgrammeListView(ObjectListView):
    model = Programme
    filterset_class = filtersets.ProgrammeFilterSet
    table_class = tables.ProgrammeTable

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cohort_count=Count("cohorts"))


class ProgrammeDetailView(ObjectDetailView):
    model = Programme

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("desks", "partners", "focus_areas")

    def get_extra_context(self, request, instance):
        return {
            "cohorts": Cohort.objects.visible_to(request.user).filter(programme=instance),
            "cohort_hidden": permissions.hidden_fields(request.user, Cohort),
            # In the order of the measures: from applications to those still employed.
            "goals": sorted(
                Goal.objects.visible_to(request.user).filter(programme=instance),
                key=lambda goal: GoalMeasure.values.index(goal.measure),
            ),
        }


class ProgrammeEditView(ObjectEditView):
    model = Programme
    form_class = forms.ProgrammeForm


class ProgrammeDeleteView(ObjectDeleteView):
    model = Programme


class CohortEditView(ObjectEditView):
    model = Cohort
    form_class = forms.CohortForm


class CohortDeleteView(ObjectDeleteView):
    model = Cohort
    parent_field = "programme"


class GoalEditView(ObjectEditView):
    model = Goal
    form_class = forms.GoalForm


class GoalDeleteView(ObjectDeleteView):
    model = Goal
    parent_field = "programme"
