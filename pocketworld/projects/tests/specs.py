from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import CompanyFactory, ProjectFactory
from pocketworld.projects.models import Project


class ProjectSpec(ModelSpec):
    model = Project
    url_prefix = "projects:project"
    api_basename = "project"
    internal = True
    invalid_field = "probability"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")
        return ProjectFactory(owner=request.getfixturevalue("director"))

    def form_data(self, request):
        desk = request.getfixturevalue("japan_desk")
        if not hasattr(self, "_company"):
            self._company = CompanyFactory(legal_name="Komatsu Europe")
        return {
            "title": "Komatsu training centre",
            "kind": "expansion",
            "company": self._company.pk,
            "desk": desk.pk,
            "owner": request.getfixturevalue("director").pk,
            "source": "existing_company",
            "expected_jobs": 35,
        }

    def existing_form_values(self, obj):
        return {"company": obj.company_id, "owner": obj.owner_id, "desk": obj.desk_id}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "probability": 140}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def changed_field(self):
        return "expected_jobs", 80
