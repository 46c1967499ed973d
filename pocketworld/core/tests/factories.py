import datetime
import hashlib

import factory

from pocketworld.accounts.models import User
from pocketworld.companies.choices import PartnerKind, PartnershipKind, SiteKind
from pocketworld.companies.models import Company, CompanyName, PartnerOrganisation, Site
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.models import Country, Municipality, Occupation
from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.STAFF
    password = factory.django.Password("secret-pass-1")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")


class DeskCoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskCoverage

    desk = factory.SubFactory(DeskFactory)
    country = factory.LazyFunction(lambda: Country.objects.get(code="JP"))
    is_primary = True


class DeskMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskMembership

    desk = factory.SubFactory(DeskFactory)
    user = factory.SubFactory(UserFactory)
    role = DeskRole.OFFICER


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    legal_name = factory.Sequence(lambda n: f"Company {n} GmbH")
    country = factory.LazyFunction(lambda: Country.objects.get(code="JP"))


class CompanyNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyName

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"名前{n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    kind = SiteKind.BRANCH
    street = "Königsallee 1"
    postcode = "40212"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(key="051110000"))


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.PROMOTION_AGENCY
    partnership = PartnershipKind.AGREEMENT
    country = factory.LazyFunction(lambda: Country.objects.get(code="JP"))

    @factory.post_generation
    def desks(self, create, extracted, **kwargs):
        if create and extracted:
            self.desks.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    legal_basis = LegalBasis.LEGITIMATE_INTEREST


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    company = factory.SubFactory(CompanyFactory)
    job_title = "Managing Director"


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project saved through the service, so its first stage is recorded."""

    class Meta:
        model = "projects.Project"

    title = factory.Sequence(lambda n: f"Project {n}")
    kind = "new_settlement"
    company = factory.SubFactory(CompanyFactory)
    desk = factory.LazyAttribute(lambda project: project.company.desk)
    owner = factory.SubFactory(UserFactory)
    source = "inquiry"
    expected_jobs = 20

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from pocketworld.projects.services import create_project

        return create_project(model_class(*args, **kwargs), user=kwargs.get("owner"))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interactions.Interaction"

    kind = "meeting"
    subject = factory.Sequence(lambda n: f"Meeting {n}")
    company = factory.SubFactory(CompanyFactory)
    desk = factory.LazyAttribute(lambda interaction: interaction.company.desk)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interactions.Task"

    title = factory.Sequence(lambda n: f"Follow up {n}")
    due_on = factory.LazyFunction(datetime.date.today)
    assignee = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    desk = factory.LazyAttribute(lambda task: task.company.desk)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    kind = "matchmaking_day"
    title = factory.Sequence(lambda n: f"Tech festival {n}")
    starts_on = datetime.date(2026, 6, 10)
    ends_on = datetime.date(2026, 6, 11)
    country = factory.LazyFunction(lambda: Country.objects.get(code="DE"))

    @factory.post_generation
    def desks(self, create, desks):
        if create and desks:
            self.desks.set(desks)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Participant"

    event = factory.SubFactory(EventFactory)
    company = factory.SubFactory(CompanyFactory)
    role = "visitor"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Programme"
        skip_postgeneration_save = True

    kind = "startup_acceleration"
    name = factory.Sequence(lambda n: f"Acceleration programme {n}")
    starts_on = datetime.date(2026, 1, 1)

    @factory.post_generation
    def desks(self, create, desks):
        if create and desks:
            self.desks.set(desks)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Cohort"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = datetime.date(2026, 3, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A start-up's application to a cohort, enrolled as the pages enrol it (its first move
    recorded)."""

    class Meta:
        model = "programmes.Membership"

    cohort = factory.SubFactory(CohortFactory)
    company = factory.SubFactory(CompanyFactory)
    applied_on = datetime.date(2026, 2, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from pocketworld.programmes.services import enrol

        return enrol(model_class(*args, **kwargs), user=None)


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.College"

    partner = factory.SubFactory(
        PartnerOrganisationFactory,
        kind=PartnerKind.COLLEGE,
        partnership=PartnershipKind.EDUCATION,
        country=factory.LazyFunction(lambda: Country.objects.get(code="IN")),
    )


def occupation(code):
    """An ISCO-08 group of the reference data, by its code."""
    return Occupation.objects.get(code=code)


class OpenPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.OpenPosition"

    company = factory.SubFactory(CompanyFactory)
    occupation = factory.LazyFunction(lambda: occupation("2221"))
    places = 2
    german_level = "B1"
    starts_on = datetime.date(2026, 9, 1)


class CandidateFactory(factory.django.DjangoModelFactory):
    """A skilled worker nominated as the pages nominate one: kept on consent, the
    nomination recorded."""

    class Meta:
        model = "programmes.Candidate"

    cohort = factory.SubFactory(
        CohortFactory, programme=factory.SubFactory(ProgrammeFactory, kind="skilled_workers")
    )
    college = factory.SubFactory(CollegeFactory)
    occupation = factory.LazyFunction(lambda: occupation("2221"))
    country = factory.LazyFunction(lambda: Country.objects.get(code="IN"))
    nominated_on = datetime.date(2026, 1, 15)
    person = None

    @classmethod
    def _create(cls, model_class, *args, person=None, **kwargs):
        from pocketworld.programmes.services import nominate

        person = person or Person(
            given_name="Divya",
            family_name=f"Nair {Person.objects.count()}",
            consent_given_on=datetime.date(2026, 1, 10),
        )
        return nominate(model_class(*args, **kwargs), person, user=None)


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Feed"
        skip_postgeneration_save = True

    url = factory.Sequence(lambda number: f"https://news.example.com/feed-{number}.xml")
    name = factory.Sequence(lambda number: f"Nikkei feed {number}")

    @factory.post_generation
    def desks(self, create, extracted, **kwargs):
        if create and extracted:
            self.desks.set(extracted)


class NewsItemFactory(factory.django.DjangoModelFactory):
    """An item as a source delivered it, stored and linked by the service."""

    class Meta:
        model = "monitoring.NewsItem"
        skip_postgeneration_save = True

    url = factory.Sequence(lambda number: f"https://news.example.com/articles/{number}")
    url_key = factory.LazyAttribute(lambda item: hashlib.sha256(item.url.encode()).hexdigest())
    title_key = factory.LazyAttribute(lambda item: hashlib.sha256(item.title.encode()).hexdigest())
    title = factory.Sequence(lambda number: f"Headline number {number}")
    published = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    language = "en"

    @factory.post_generation
    def feeds(self, create, extracted, **kwargs):
        if create and extracted:
            self.feeds.set(extracted)
