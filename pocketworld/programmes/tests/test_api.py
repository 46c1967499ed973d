from pocketworld.core.testing import APITests
from pocketworld.programmes.tests.specs import (
    CandidateSpec,
    CohortSpec,
    CollegeSpec,
    CourseSpec,
    GoalSpec,
    MembershipSpec,
    MilestoneSpec,
    OpenPositionSpec,
    ProgrammeSpec,
)


class TestProgrammeAPI(ProgrammeSpec, APITests):
    pass


class TestCohortAPI(CohortSpec, APITests):
    pass


class TestGoalAPI(GoalSpec, APITests):
    pass


class TestMembershipAPI(MembershipSpec, APITests):
    pass


class TestMilestoneAPI(MilestoneSpec, APITests):
    pass


class TestCollegeAPI(CollegeSpec, APITests):
    pass


class TestCourseAPI(CourseSpec, APITests):
    pass


class TestOpenPositionAPI(OpenPositionSpec, APITests):
    pass


class TestCandidateAPI(CandidateSpec, APITests):
    pass
