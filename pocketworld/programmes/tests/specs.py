from pocketworld.core.testing import ModelSpec
from pocketworld.core.tests.factories import (
    CandidateFactory,
    CohortFactory,
    CollegeFactory,
    CompanyFactory,
    MembershipFactory,
    OpenPositionFactory,
    PartnerOrganisationFactory,
    ProgrammeFactory,
    occupation,
)
from pocketworld.programmes.choices import GoalMeasure
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


class MembershipSpec(ProgrammePartSpec):
    model = Membership
    url_prefix = "programmes:membership"
    api_basename = "membership"
    internal = True
    invalid_field = "founded_in"

    def cohort(self, request):
        if not hasattr(self, "_cohort"):
            self._cohort = CohortFactory(programme=self.programme(request))
        return self._cohort

    def make_object(self, request):
        return MembershipFactory(cohort=self.cohort(request))

    def existing_form_values(self, obj):
        return {"cohort": obj.cohort_id, "company": obj.company_id}

    def list_marker(self, obj):
        return obj.get_absolute_url()

    def form_data(self, request):
        return {
            "cohort": self.cohort(request).pk,
            "company": CompanyFactory(legal_name="Kazeami Technologies Inc.").pk,
            "applied_on": "2026-02-10",
            "startup_stage": "seed",
            "founded_in": "2022",
            "funding_round": "seed",
            "team_size": "12",
        }

    def invalid_form_data(self, request):
        # Founded after it applied.
        return {**self.form_data(request), "founded_in": "2026", "applied_on": "2025-12-01"}

    def changed_field(self):
        return "team_size", 15


class MilestoneSpec(ProgrammePartSpec):
    model = Milestone
    url_prefix = "programmes:milestone"
    api_basename = "milestone"
    internal = True
    invalid_field = "title"

    def membership(self, request):
        if not hasattr(self, "_membership"):
            cohort = CohortFactory(programme=self.programme(request))
            self._membership = MembershipFactory(cohort=cohort)
        return self._membership

    def make_object(self, request):
        return Milestone.objects.create(
            membership=self.membership(request), kind="other", title="Pitch at the fair"
        )

    def existing_form_values(self, obj):
        return {"membership": obj.membership_id}

    def form_data(self, request):
        return {
            "membership": self.membership(request).pk,
            "kind": "registered_company",
            "due_on": "2026-09-30",
        }

    def invalid_form_data(self, request):
        # "Other" needs its title.
        return {**self.form_data(request), "kind": "other", "title": ""}

    def changed_field(self):
        return "note", "GmbH founded with a notary in Düsseldorf"


class CollegeSpec(ModelSpec):
    model = College
    url_prefix = "programmes:college"
    api_basename = "college"
    invalid_field = "partner"

    def college_partner(self, request, **values):
        return PartnerOrganisationFactory(
            kind="college",
            partnership="education",
            desks=[request.getfixturevalue("japan_desk")],
            **values,
        )

    def make_object(self, request):
        return CollegeFactory(partner=self.college_partner(request))

    def form_data(self, request):
        return {"partner": self.college_partner(request, name="Osaka Nursing College").pk}

    def invalid_form_data(self, request):
        # A chamber is no college.
        chamber = PartnerOrganisationFactory(
            kind="chamber", desks=[request.getfixturevalue("japan_desk")]
        )
        return {"partner": chamber.pk}

    def api_data(self, request):
        return self.form_data(request)

    def invalid_api_data(self, request):
        return self.invalid_form_data(request)

    def existing_form_values(self, obj):
        return {"partner": obj.partner_id}

    def list_marker(self, obj):
        return obj.get_absolute_url()

    def changed_field(self):
        return "notes", "Twinned with the vocational college since 2025."


class CourseSpec(ModelSpec):
    model = Course
    url_prefix = "programmes:course"
    api_basename = "course"
    invalid_field = "duration_months"

    def college(self, request):
        if not hasattr(self, "_college"):
            partner = PartnerOrganisationFactory(
                kind="college",
                partnership="education",
                desks=[request.getfixturevalue("japan_desk")],
            )
            self._college = CollegeFactory(partner=partner)
        return self._college

    def make_object(self, request):
        return Course.objects.create(
            college=self.college(request),
            name=f"Course {Course.objects.count()}",
            occupation=occupation("2221"),
        )

    def existing_form_values(self, obj):
        return {"college": obj.college_id}

    def form_data(self, request):
        occupation_field = occupation("3221").pk
        return {
            "college": self.college(request).pk,
            "name": "General Nursing and Midwifery",
            "occupation": occupation_field,
            "duration_months": "42",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "duration_months": "500"}

    def api_data(self, request):
        return {**self.form_data(request), "occupation": "3221"}

    def invalid_api_data(self, request):
        return {**self.api_data(request), "duration_months": "500"}

    def changed_field(self):
        return "qualification", "Diploma"


class OpenPositionSpec(ModelSpec):
    model = OpenPosition
    url_prefix = "programmes:openposition"
    api_basename = "openposition"
    invalid_field = "places"

    def make_object(self, request):
        request.getfixturevalue("japan_desk")  # its company is of the Japan desk
        return OpenPositionFactory(title=f"Nurse {OpenPosition.objects.count()}")

    def existing_form_values(self, obj):
        return {"company": obj.company_id}

    def list_marker(self, obj):
        return obj.get_absolute_url()

    def form_data(self, request):
        request.getfixturevalue("japan_desk")
        return {
            "company": CompanyFactory(legal_name="Rheinland Klinikum").pk,
            "occupation": occupation("2221").pk,
            "title": "Registered nurse",
            "places": "3",
            "german_level": "B2",
            "starts_on": "2026-11-01",
        }

    def invalid_form_data(self, request):
        return {**self.form_data(request), "places": "0"}

    def api_data(self, request):
        return {**self.form_data(request), "occupation": "2221"}

    def invalid_api_data(self, request):
        return {**self.api_data(request), "places": "0"}

    def changed_field(self):
        return "places", 4


class CandidateSpec(ProgrammePartSpec):
    """Candidates are read by their programme's desks alone: not by another desk's officer."""

    model = Candidate
    url_prefix = "programmes:candidate"
    api_basename = "candidate"
    internal = True
    invalid_field = "consent_given_on"

    def can_view(self, persona):
        return super().can_view(persona) and persona != "india_officer"

    def cohort(self, request):
        if not hasattr(self, "_cohort"):
            programme = ProgrammeFactory(
                kind="skilled_workers", desks=[request.getfixturevalue("japan_desk")]
            )
            self._cohort = CohortFactory(programme=programme)
        return self._cohort

    def college(self, request):
        if not hasattr(self, "_college"):
            self._college = CollegeFactory()
        return self._college

    def make_object(self, request):
        return CandidateFactory(cohort=self.cohort(request), college=self.college(request))

    def existing_form_values(self, obj):
        return {"cohort": obj.cohort_id, "given_name": obj.person.given_name,
                "family_name": obj.person.family_name}  # fmt: skip

    def list_marker(self, obj):
        return obj.get_absolute_url()

    def form_data(self, request):
        return {
            "given_name": "Priya",
            "family_name": "Menon",
            "consent_given_on": "2026-01-05",
            "cohort": self.cohort(request).pk,
            "college": self.college(request).pk,
            "occupation": occupation("2221").pk,
            "country": "IN",
            "nominated_on": "2026-01-12",
        }

    def invalid_form_data(self, request):
        # Kept on consent: the day it was given is required.
        return {**self.form_data(request), "consent_given_on": ""}

    def api_data(self, request):
        return {**self.form_data(request), "occupation": "2221"}

    def invalid_api_data(self, request):
        data = self.api_data(request)
        del data["consent_given_on"]
        return data

    def changed_field(self):
        return "notes", "Wants to work in intensive care."
