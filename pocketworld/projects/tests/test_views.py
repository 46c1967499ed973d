from pocketworld.core.testing import ViewTests
from pocketworld.projects.tests.specs import ProjectSpec


class TestProjectViews(ProjectSpec, ViewTests):
    detail_query_budget = 40
