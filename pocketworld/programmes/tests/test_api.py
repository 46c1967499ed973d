from pocketworld.core.testing import APITests
from pocketworld.programmes.tests.specs import CohortSpec, GoalSpec, ProgrammeSpec


class TestProgrammeAPI(ProgrammeSpec, APITests):
    pass


class TestCohortAPI(CohortSpec, APITests):
    pass


class TestGoalAPI(GoalSpec, APITests):
    pass
