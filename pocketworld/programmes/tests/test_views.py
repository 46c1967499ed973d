import pytest

from pocketworld.core.testing import PartViewTests, ViewTests
from pocketworld.core.tests.factories import CohortFactory, MembershipFactory, ProgrammeFactory
from pocketworld.programmes.models import Cohort
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


class TestProgrammeViews(ProgrammeSpec, ViewTests):
    pass


class TestCohortViews(CohortSpec, PartViewTests):
    pass


class TestGoalViews(GoalSpec, PartViewTests):
    pass


class TestMembershipViews(MembershipSpec, ViewTests):
    pass


class TestMilestoneViews(MilestoneSpec, PartViewTests):
    pass


class TestCollegeViews(CollegeSpec, ViewTests):
    pass


class TestCourseViews(CourseSpec, PartViewTests):
    pass


class TestOpenPositionViews(OpenPositionSpec, ViewTests):
    pass


class TestCandidateViews(CandidateSpec, ViewTests):
    pass


@pytest.mark.django_db
def test_the_programme_page_shows_its_cohorts_and_goals(client, japan_officer, japan_desk):
    programme = ProgrammeFactory(desks=[japan_desk], budget=50000)
    CohortFactory(programme=programme, name="Future Tech Fest cohort", notes="Pitch training")
    programme.goals.create(measure="settled", target=3)
    programme.goals.create(measure="applications", target=40)
    client.force_login(japan_officer)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Future Tech Fest cohort" in page
    assert "Pitch training" in page
    # The goals in the order of the measures, not of their names.
    assert page.index("applications") < page.index("start-ups settled in the region")
    assert "50,000 €" in page or "50.000 €" in page


@pytest.mark.django_db
def test_a_partner_viewer_sees_no_budget_nor_cohort_notes(client, partner_viewer, japan_desk):
    programme = ProgrammeFactory(desks=[japan_desk], budget=50000)
    CohortFactory(programme=programme, name="Future Tech Fest cohort", notes="Pitch training")
    client.force_login(partner_viewer)
    response = client.get(programme.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Future Tech Fest cohort" in page  # the cohort itself is no internal work
    assert "Pitch training" not in page
    assert "50,000" not in page and "50.000" not in page


@pytest.mark.django_db
def test_a_cohort_outside_the_programme_period_is_refused_at_its_field(
    client, japan_officer, japan_desk
):
    programme = ProgrammeFactory(desks=[japan_desk], starts_on="2026-01-01", ends_on="2026-12-31")
    client.force_login(japan_officer)
    response = client.post(
        "/cohorts/add/",
        {"programme": programme.pk, "name": "Late cohort", "starts_on": "2026-11-01",
         "ends_on": "2027-02-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["The programme ends earlier."]
    assert not Cohort.objects.exists()


@pytest.mark.django_db
def test_another_desk_officer_may_not_add_a_cohort(client, india_officer, japan_desk):
    programme = ProgrammeFactory(desks=[japan_desk])
    client.force_login(india_officer)
    response = client.post(
        "/cohorts/add/", {"programme": programme.pk, "name": "Cohort", "starts_on": "2026-03-01"}
    )
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not Cohort.objects.exists()


@pytest.mark.django_db
def test_a_company_page_shows_its_cohorts_to_desk_staff_only(
    client, japan_officer, partner_viewer, japan_desk
):
    membership = MembershipFactory(cohort=CohortFactory(programme=ProgrammeFactory(
        name="Global Acceleration Hub", desks=[japan_desk])))  # fmt: skip
    client.force_login(japan_officer)
    page = client.get(membership.company.get_absolute_url()).content.decode()
    assert membership.get_absolute_url() in page and "Global Acceleration Hub" in page
    client.force_login(partner_viewer)
    page = client.get(membership.company.get_absolute_url()).content.decode()
    assert 'id="programmes"' not in page and membership.get_absolute_url() not in page
