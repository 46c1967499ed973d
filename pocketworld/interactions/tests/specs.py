import datetime

from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import CompanyFactory, InteractionFactory, TaskFactory
from pocketworld.interactions.models import Interaction, Task


class InteractionSpec(ModelSpec):
    model = Interaction
    url_prefix = "interactions:interaction"
    api_basename = "interaction"
    internal = True
    invalid_field = "company_plan"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return InteractionFactory(subject="Visit at Asahi Kasei")

    def list_marker(self, obj):
        return obj.subject

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Epson Europe B.V.")
        return {
            "kind": "meeting",
            "occurred_on": "2026-11-20",
            "subject": "Expansion plans",
            "desk": desk.pk,
            "company": self._company.pk,
            "notes": "**Plans** for a second floor",
        }

    def existing_form_values(self, obj):
        return {"company": obj.company_id, "desk": obj.desk_id}

    def invalid_form_data(self, request):
        # An aftercare visit without its record.
        return {**self.form_data(request), "kind": "aftercare_visit"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "subject", "Expansion plans, second meeting"


class TaskSpec(ModelSpec):
    model = Task
    url_prefix = "interactions:task"
    api_basename = "task"
    internal = True
    invalid_field = "due_on"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return TaskFactory(title="Send the site offers")

    def list_marker(self, obj):
        return obj.title

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Komatsu Europe")
        return {
            "title": "Call about permits",
            "due_on": "2026-12-01",
            "assignee": request.getfixturevalue("director").pk,
            "status": "open",
            "desk": desk.pk,
            "company": self._company.pk,
        }

    def existing_form_values(self, obj):
        return {"company": obj.company_id, "desk": obj.desk_id, "assignee": obj.assignee_id}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "due_on": "tomorrow-ish"}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "due_on", datetime.date(2027, 1, 15)

    def api_patch(self, obj):
        return {"due_on": "2027-01-15"}
