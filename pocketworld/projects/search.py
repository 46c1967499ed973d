"""What projects put into the search index: their title and the company's name; of a
confidential project also its codename (everyone else finds it by that alone)."""

from pocketworld.companies.models import Company
from pocketworld.projects.models import Project
from pocketworld.search.indexing import Name, SearchIndex
from pocketworld.search.languages import language_of_country


class ProjectIndex(SearchIndex):
    kind = "project"
    model = Project
    related = {
        Company: lambda company: list(company.projects.values_list("pk", flat=True)),
    }

    def queryset(self):
        return Project.objects.select_related("company").only(
            "title",
            "confidential",
            "codename",
            "hide_country",
            "prospect_name",
            "desk_id",
            "last_updated",
            "stage_changed_at",
            "company__legal_name",
            "company__country_id",
        )

    def names(self, project):
        yield Name(project.title, is_main=True)
        if project.confidential:
            yield Name(project.codename)
        if project.company_id:
            company = project.company
            yield Name(company.legal_name, language_of_country(company.country_id))
        yield Name(project.prospect_name)

    def title(self, project):
        return project.title

    def country(self, project):
        return project.country_code

    def last_change(self, project):
        return max(project.last_updated, project.stage_changed_at)
