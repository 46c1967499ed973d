from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import CohortFactory, ProgrammeFactory
from pocketworld.programmes.choices import GoalMeasure
from pocketworld.programmes.models import Cohort, Goal, Programme


class ProgrammeSpec(ModelSpec):
    model = Programme
    url_prefix = "programmes:programme"
    api_basename = "programme"
    invalid_field = "ends_on"

    def make_object(self, request):
        return ProgrammeFactory(desks=[request.getfixturevalue("japan_desk")])

    def form_data(self, request):
        return {
            "kind": "startup_acceleration",
            "name": "Soft landing for Japanese start-ups",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
            "desks": [request.getfixturevalue("japan_desk").pk],
            "budget": "120000",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "ends_on": "2026-03-01"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "name", "Soft landing for Japanese start-ups 2026"


class ProgrammePartSpec(ModelSpec):
    """Parts of a Japan desk programme."""

    def programme(self, request):
        if not hasattr(self, "_programme"):
            self._programme = ProgrammeFactory(
                starts_on="2026-01-01", desks=[request.getfixturevalue("japan_desk")]
            )
        return self._programme

    def existing_form_values(self, obj):
        return {"programme": obj.programme_id}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)


class CohortSpec(ProgrammePartSpec):
    model = Cohort
    url_prefix = "programmes:cohort"
    api_basename = "cohort"
    invalid_field = "starts_on"

    def make_object(self, request):
        return CohortFactory(programme=self.programme(request))

    def form_data(self, request):
        return {
            "programme": self.programme(request).pk,
            "name": "Spring cohort 2026",
            "starts_on": "2026-04-13",
            "ends_on": "2026-05-22",
            "places": "8",
        }

    def invalid_form_data(self, request):
        # Before the programme begins.
        return {**self.form_data(request), "starts_on": "2025-12-01"}

    def changed_field(self):
        return "places", 10


class GoalSpec(ProgrammePartSpec):
    model = Goal
    url_prefix = "programmes:goal"
    api_basename = "goal"
    invalid_field = "target"

    def make_object(self, request):
        # One goal per measure: the list tests make four.
        measure = [choice for choice in GoalMeasure if choice != "applications"][
            Goal.objects.count()
        ]
        return Goal.objects.create(programme=self.programme(request), measure=measure, target=3)

    def form_data(self, request):
        return {"programme": self.programme(request).pk, "measure": "applications", "target": "40"}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "target": "-1"}

    def changed_field(self):
        return "target", 50
