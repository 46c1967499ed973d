"""The demo world: the interview's facts, the same database every run, demo sign-ins."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from pocketworld.accounts.models import User
from pocketworld.companies.choices import PartnershipKind, SiteKind
from pocketworld.companies.models import (
    Company,
    CompanyName,
    PartnerLink,
    PartnerOrganisation,
    Site,
)
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.choices import DeskRole, Role
from pocketworld.core.scripts import Script
from pocketworld.demo.dates import AS_OF, FIRST_DAY
from pocketworld.demo.generated import build_world
from pocketworld.demo.interactions import build_interactions, build_tasks
from pocketworld.demo.named import DESKS, NAMED_COMPANIES, TEAM
from pocketworld.demo.pipeline import build_pipeline
from pocketworld.demo.world import DEMO_PASSWORD, load_demo_world
from pocketworld.desks.models import Desk, DeskCoverage, DeskMembership
from pocketworld.interactions.choices import InteractionKind, TaskStatus
from pocketworld.interactions.models import Interaction, Task
from pocketworld.interactions.services import aftercare_gaps
from pocketworld.privacy.models import DueForReview
from pocketworld.privacy.retention import due_for_review, to_be_erased
from pocketworld.projects.choices import LossReason, ProjectKind, Stage
from pocketworld.projects.models import TRANSITIONS, Project, StageChange

DUESSELDORF, RATINGEN, SOLINGEN, KREFELD = "051110000", "051580028", "051220000", "051140000"

SEED_DESKS = {
    "Japan Desk": {"Juliane Neu", "Benjamin Leonhardt"},
    "China Competence Centre": {"Simone Menshausen", "Qi Xia"},
    "India Desk": {"Felix Fröhlich", "Bettina Löhr"},
    "ASEAN": {"Felix Fröhlich"},
    "Korea Desk": {"Thomas Scheler", "Judith Ly"},
    "Eastern Europe": {"Thomas Scheler"},
    "International Specialists": {"Judith Ly"},
    "Western Europe, Turkey, Israel": {"Monika Bosbach", "Elisabeth Inhester"},
    "USA": {"Alexandra Mahmoud"},
}


def snapshot():
    """Every demo record's values in primary-key order, and the row count of every table."""
    return {
        "companies": list(
            Company.objects.order_by("pk").values_list(
                "legal_name",
                "country",
                "status",
                "desk__slug",
                "parent__legal_name",
                "employees_region",
                "employees_worldwide",
                "website",
                "description",
                "last_updated",
            )
        ),
        "names": list(
            CompanyName.objects.order_by("pk").values_list(
                "company__legal_name", "name", "kind", "language", "script"
            )
        ),
        "sites": list(
            Site.objects.order_by("pk").values_list(
                "company__legal_name",
                "kind",
                "municipality",
                "street",
                "postcode",
                "relocated_from",
                "opened_on",
                "closed_on",
                "employees",
            )
        ),
        "people": list(
            Person.objects.order_by("pk").values_list(
                "email",
                "given_name",
                "family_name",
                "native_name",
                "native_script",
                "desk__slug",
                "legal_basis",
                "consent_given_on",
            )
        ),
        "positions": list(
            Position.objects.order_by("pk").values_list(
                "person__email",
                "company__legal_name",
                "partner__name",
                "job_title",
                "started_on",
                "ended_on",
            )
        ),
        "users": list(
            User.objects.order_by("pk").values_list("username", "role", "password", "is_superuser")
        ),
        "tags": sorted(Company.tags.through.objects.values_list("object_id", "tag__name")),
        "projects": list(
            Project.objects.order_by("pk").values_list(
                "title",
                "kind",
                "stage",
                "desk__slug",
                "owner__username",
                "company__legal_name",
                "prospect_name",
                "probability",
                "expected_jobs",
                "expected_investment",
                "realised_jobs",
                "realised_investment",
                "loss_reason",
                "stage_changed_at",
                "last_updated",
            )
        ),
        "stage changes": list(
            StageChange.objects.order_by("pk").values_list(
                "project__title", "from_stage", "to_stage", "changed_at", "changed_by", "note"
            )
        ),
        "interactions": list(
            Interaction.objects.order_by("pk").values_list(
                "company__legal_name",
                "occurred_on",
                "subject",
                "kind",
                "desk__slug",
                "project__title",
                "company_plan",
                "needs",
                "satisfaction",
                "notes",
                "last_updated",
            )
        ),
        "tasks": list(
            Task.objects.order_by("pk").values_list(
                "assignee__username",
                "title",
                "due_on",
                "status",
                "completed_at",
                "company",
                "project",
                "interaction",
                "last_updated",
            )
        ),
        "links": {
            str(field): sorted(field.remote_field.through.objects.values_list())
            for field in (
                Project.team.field,
                Project.partners.field,
                Project.focus_areas.field,
                Interaction.team_members.field,
                Interaction.people.field,
            )
        },
        "rows": {model._meta.label: model.objects.count() for model in apps.get_models()},
    }


@pytest.fixture(scope="class")
def demo_runs(django_db_setup, django_db_blocker):
    """`load_demo` run twice with DEMO=true, rolled back when the class is done."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True, PASSWORD_HASHERS=fast_hasher),
        transaction.atomic(),
    ):
        first, second = StringIO(), StringIO()
        call_command("load_demo", stdout=first)
        before = snapshot()
        call_command("load_demo", stdout=second)
        yield {
            "first": first.getvalue(),
            "second": second.getvalue(),
            "before": before,
            "after": snapshot(),
        }
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_runs")
class TestDemoWorld:
    def test_second_run_changes_nothing(self, demo_runs):
        assert demo_runs["after"] == demo_runs["before"]
        new_counts = re.findall(r"\((\d+) new\)", demo_runs["second"])
        assert new_counts
        assert set(new_counts) == {"0"}

    def test_the_world_is_the_same_on_every_build(self):
        assert build_world() == build_world()

    def test_prints_how_to_sign_in(self, demo_runs):
        output = demo_runs["first"]
        assert "Sign in at http://127.0.0.1:8000/ as " in output
        assert "klerks (director)" in output
        assert "admin (administrator)" in output
        assert f"password: {DEMO_PASSWORD}" in output

    def test_demo_users_for_each_role_share_the_password(self):
        for role in Role.values:
            assert User.objects.filter(role=role).exists(), role
        for user in User.objects.all():
            assert user.check_password(DEMO_PASSWORD), user.username
        klerks = User.objects.get(username="klerks")
        assert (klerks.get_full_name(), klerks.role) == ("Annette Klerks", Role.DIRECTOR)
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff and admin.role == Role.ADMINISTRATOR
        assert User.objects.get(username="partner").role == Role.PARTNER_VIEWER
        froehlich = User.objects.get(username="froehlich")
        assert set(froehlich.languages.values_list("code", flat=True)) >= {"de", "en"}

    def test_desks_have_the_members_named_in_the_interview(self):
        members = {}
        for desk, first, last in DeskMembership.objects.values_list(
            "desk__name", "user__first_name", "user__last_name"
        ):
            members.setdefault(desk, set()).add(f"{first} {last}")
        assert members == SEED_DESKS
        assert set(
            DeskMembership.objects.filter(user__username="froehlich").values_list(
                "desk__name", flat=True
            )
        ) == {"India Desk", "ASEAN"}
        assert DeskMembership.objects.filter(role=DeskRole.ASSISTANT).exists()

    def test_company_desk_follows_the_primary_desk_of_its_country(self):
        primary_desks = dict(
            DeskCoverage.objects.filter(is_primary=True).values_list("country", "desk")
        )
        for legal_name, country, desk in Company.objects.values_list(
            "legal_name", "country", "desk"
        ):
            assert desk == primary_desks.get(country), legal_name
        asahi = Company.objects.get(legal_name="Asahi Kasei Europe GmbH")
        assert asahi.desk.name == "Japan Desk"
        asahi.resolve_desk()
        assert asahi.desk.name == "Japan Desk"
        assert Company.objects.get(legal_name="1&1 Versatel GmbH").desk is None
        assert DeskCoverage.objects.filter(country="IN", is_primary=False).exists()

    def test_companies_named_in_the_interview(self):
        toshiba = Company.objects.get(legal_name="Toshiba Europe GmbH")
        assert toshiba.country_id == "JP"
        assert toshiba.parent.legal_name == "Toshiba Corporation"
        assert toshiba.names.filter(name="東芝", language="ja").exists()
        assert toshiba.sites.filter(kind=SiteKind.RESEARCH, municipality=DUESSELDORF).exists()
        asahi = Company.objects.get(legal_name="Asahi Kasei Corporation")
        assert asahi.names.filter(name="旭化成株式会社", language="ja").exists()
        for legal_name, moved_from in [
            ("Boston Scientific Medizintechnik GmbH", RATINGEN),
            ("GE Healthcare GmbH", SOLINGEN),
            ("Cargill Deutschland GmbH", KREFELD),
        ]:
            company = Company.objects.get(legal_name=legal_name)
            assert company.country_id == "US"
            assert company.sites.filter(
                municipality=DUESSELDORF, relocated_from=moved_from
            ).exists(), legal_name
        seegene = Company.objects.get(legal_name="Seegene Germany GmbH")
        assert seegene.desk.name == "Korea Desk"
        assert seegene.names.filter(name="씨젠", script=Script.HANGUL).exists()
        assert seegene.focus_areas.filter(slug="life-sciences").exists()
        assert PartnerLink.objects.filter(
            company=seegene, partner__name="Life Science Center Düsseldorf"
        ).exists()
        tech_mahindra = Company.objects.get(legal_name="Tech Mahindra GmbH")
        assert tech_mahindra.names.filter(script=Script.DEVANAGARI, language="hi").exists()
        open_ran = Company.objects.filter(tags__name="Open RAN 5G").values_list(
            "country", flat=True
        )
        assert sorted(open_ran) == ["DE", "IN", "JP"]
        jetro_start_ups = Company.objects.filter(tags__name="JETRO accelerator")
        assert jetro_start_ups.count() == 7
        assert all(company.names.filter(language="ja").exists() for company in jetro_start_ups)

    def test_partners_named_in_the_interview(self):
        jetro = PartnerOrganisation.objects.get(short_name="JETRO")
        assert jetro.country_id == "JP"
        assert list(jetro.desks.values_list("name", flat=True)) == ["Japan Desk"]
        joint_venture = PartnerOrganisation.objects.filter(
            partnership=PartnershipKind.JOINT_VENTURE
        ).values_list("short_name", flat=True)
        assert set(joint_venture) == {"IHK Düsseldorf", "Messe Düsseldorf"}
        college = PartnerOrganisation.objects.get(
            name="Heinrich Hertz Vocational College Düsseldorf"
        )
        assert college.partnership == PartnershipKind.EDUCATION
        assert college.desks.filter(name="India Desk").exists()
        assert PartnerOrganisation.objects.filter(country="IN", kind=college.kind).exists()
        assert Position.objects.filter(partner=jetro, ended_on__isnull=True).exists()

    def test_no_list_looks_empty(self):
        assert Company.objects.filter(country="US").count() >= 420
        for desk, count in [("Japan Desk", 150), ("China Competence Centre", 120), ("USA", 420)]:
            assert Company.objects.filter(desk__name=desk).count() >= count, desk
        for desk in SEED_DESKS.keys() - {"International Specialists"}:
            assert Company.objects.filter(desk__name=desk).exists(), desk
        assert Company.objects.filter(status="settled").count() > Company.objects.count() / 2
        assert 1000 <= Person.objects.count() <= 1500
        assert Company.objects.filter(country="CN", names__script=Script.HAN).count() >= 100
        assert Site.objects.exclude(municipality=DUESSELDORF).exists()

    def test_people_have_native_names_careers_and_a_legal_basis(self):
        watanabe = Person.objects.get(given_name="Takeshi", family_name="Watanabe")
        assert watanabe.native_name == "渡辺 剛"
        assert watanabe.positions.get(ended_on__isnull=True).company.legal_name == (
            "Rakuten Symphony Germany GmbH"
        )
        assert watanabe.positions.get(ended_on__isnull=False).company.legal_name == (
            "Toshiba Europe GmbH"
        )
        assert Position.objects.filter(ended_on__isnull=False).count() > 10
        assert Person.objects.filter(native_script=Script.HANGUL).exists()
        assert not Person.objects.filter(
            legal_basis=LegalBasis.CONSENT, consent_given_on__isnull=True
        ).exists()
        # Everyone has a career but the skilled workers: their college and course say it.
        assert not Person.objects.filter(positions__isnull=True, candidacy__isnull=True).exists()

    def test_every_record_passes_its_model_validation(self):
        for model in (Company, CompanyName, Site, PartnerLink, Person, Position, Project, Task):
            for record in model.objects.all():
                record.full_clean()
        # Interactions are bulk-created, valid by construction: check that they are. The
        # database checks their foreign keys; querying each one would take seconds.
        for record in Interaction.objects.select_related("project"):
            record.full_clean(exclude=["desk", "company", "project"])

    # --- Projects, their stage history, interactions and tasks

    def test_the_pipeline_is_the_same_on_every_build(self):
        companies, people = build_world()
        projects = build_pipeline(companies)
        assert projects == build_pipeline(companies)
        interactions = build_interactions(companies, people, projects)
        assert interactions == build_interactions(companies, people, projects)
        assert build_tasks(interactions, projects) == build_tasks(interactions, projects)

    def test_projects_in_every_stage_at_every_desk(self):
        assert 150 <= Project.objects.count() <= 300
        for desk in Desk.objects.all():
            stages = set(Project.objects.filter(desk=desk).values_list("stage", flat=True))
            assert stages == set(Stage.values), desk.slug
        won = Project.objects.filter(stage=Stage.WON).count()
        assert 0.2 <= won / Project.objects.count() <= 0.33
        assert not Project.objects.filter(stage=Stage.WON, realised_jobs__isnull=True).exists()
        assert not Project.objects.filter(stage=Stage.LOST, loss_reason="").exists()

    def test_owners_are_members_of_the_desk(self):
        members = set(DeskMembership.objects.values_list("desk", "user"))
        for desk, owner in Project.objects.values_list("desk", "owner"):
            assert (desk, owner) in members

    def test_the_interview_s_projects(self):
        for legal_name, origin in [
            ("Boston Scientific Medizintechnik GmbH", RATINGEN),
            ("GE Healthcare GmbH", SOLINGEN),
            ("Cargill Deutschland GmbH", KREFELD),
        ]:
            project = Project.objects.get(company__legal_name=legal_name)
            assert project.kind == ProjectKind.RELOCATION_WITHIN
            assert project.stage == Stage.WON and project.realised_jobs > 0
            assert project.origin_municipality_id == origin, legal_name
            assert project.destination_municipality_id == DUESSELDORF
        open_ran = Project.objects.filter(tags__name="Open RAN 5G")
        assert set(open_ran.values_list("company__legal_name", "desk__slug")) == {
            ("Rakuten Symphony Germany GmbH", "japan"),
            ("Tech Mahindra GmbH", "india"),
        }
        assert all("1&1" in project.description for project in open_ran)
        steering = Interaction.objects.get(subject="Trinational Open RAN steering meeting")
        employers = Position.objects.filter(person__in=steering.people.all(), ended_on=None)
        assert set(employers.values_list("company__legal_name", flat=True)) == {
            "Rakuten Symphony Germany GmbH",
            "Tech Mahindra GmbH",
            "1&1 Versatel GmbH",
        }
        toshiba = Project.objects.get(company__legal_name="Toshiba Europe GmbH")
        assert (toshiba.kind, toshiba.stage) == (ProjectKind.RESEARCH_CENTRE, Stage.WON)
        assert Project.objects.filter(company__legal_name="Seegene Germany GmbH").exists()
        assert Project.objects.filter(
            kind=ProjectKind.EXPANSION,
            company__legal_name__in=["Asahi Kasei Europe GmbH", "Komatsu Germany GmbH"],
        ).exists()
        soft_landings = Project.objects.filter(
            kind=ProjectKind.SOFT_LANDING, company__tags__name="JETRO accelerator"
        )
        assert soft_landings.count() == 7
        assert soft_landings.filter(partners__short_name="JETRO").count() == 7
        energy = Project.objects.filter(
            desk__slug="china",
            stage__in=[Stage.LEAD, Stage.QUALIFIED],
            focus_areas__slug="greentech",
        )
        assert energy.count() >= 3
        longi = Project.objects.get(title="LONGi: European service and spare-parts hub")
        assert longi.stage == Stage.QUALIFIED
        assert Project.objects.filter(
            kind=ProjectKind.RETENTION, company__status="at_risk"
        ).exists()
        jinko = Project.objects.get(title="Jinko Solar: European spare-parts warehouse")
        assert (jinko.stage, jinko.loss_reason) == (Stage.LOST, LossReason.OTHER_LOCATION)

    def test_two_confidential_projects_known_to_their_teams_only(self):
        falcon = Project.objects.get(codename="Project Falcon")
        heron = Project.objects.get(codename="Project Heron")
        assert (falcon.desk.slug, falcon.owner.username, falcon.hide_country) == (
            "japan",
            "neu",
            False,
        )
        assert (heron.desk.slug, heron.prospect_name, heron.hide_country) == (
            "usa",
            "Northwind Semiconductor Inc.",
            True,
        )
        officer = User.objects.get(username="leonhardt")  # on the Japan Desk, not in the team
        seen = {project.pk: project for project in Project.objects.visible_to(officer)}
        assert seen[falcon.pk].title == "Project Falcon" and seen[falcon.pk].company is None
        assert falcon.interactions.exists()
        assert not Interaction.objects.visible_to(officer).filter(project=falcon).exists()
        task = Task.objects.visible_to(officer).select_related("project").get(project=falcon)
        assert (str(task.project), task.company) == ("Project Falcon", None)
        assert Task.objects.get(pk=task.pk).company == falcon.company

    def test_every_stage_path_is_chronological_and_allowed(self):
        now = timezone.now()
        first_day = datetime.datetime.combine(FIRST_DAY, datetime.time.min, tzinfo=datetime.UTC)
        paths = {}
        for change in StageChange.objects.order_by("changed_at", "pk"):
            paths.setdefault(change.project_id, []).append(change)
        projects = Project.objects.in_bulk()
        assert set(paths) == set(projects)
        for project_id, path in paths.items():
            project = projects[project_id]
            assert path[0].from_stage == "" and path[0].to_stage == Stage.LEAD, project
            for before, after in zip(path, path[1:], strict=False):
                assert after.from_stage == before.to_stage, project
                assert after.to_stage in TRANSITIONS[Stage(before.to_stage)], project
            assert first_day <= path[0].changed_at and path[-1].changed_at <= now, project
            assert (path[-1].to_stage, path[-1].changed_at) == (
                project.stage,
                project.stage_changed_at,
            ), project
            assert project.history.count() == len(path)

    def test_interactions_over_the_years(self):
        assert 1500 <= Interaction.objects.count() <= 3000
        for kind in InteractionKind.values:
            assert Interaction.objects.filter(kind=kind).exists(), kind
        years = set(Interaction.objects.values_list("occurred_on__year", flat=True))
        assert years == {2022, 2023, 2024, 2025, 2026}
        assert not Interaction.objects.filter(occurred_on__gt=AS_OF).exists()
        assert not Interaction.objects.filter(
            desk__slug="korea", occurred_on__lt=datetime.date(2024, 10, 1)
        ).exists()
        assert not Interaction.objects.filter(team_members__isnull=True).exists()
        visits = Interaction.objects.filter(kind=InteractionKind.AFTERCARE_VISIT)
        assert not visits.filter(satisfaction__isnull=True).exists()
        assert visits.exclude(needs=[]).exists()
        assert Interaction.objects.filter(project__isnull=False, people__isnull=False).exists()

    def test_aftercare_gaps_at_every_desk_and_recent_visits_of_the_named(self):
        companies = Company.objects.filter(desk__isnull=False)
        for desk in DESKS:
            if not desk.countries:
                continue  # the International Specialists look after no companies
            gaps = aftercare_gaps(companies.filter(desk__slug=desk.slug), today=AS_OF)
            assert gaps.filter(last_interaction__isnull=False).exists(), desk.slug
        named = [spec.legal_name for spec in NAMED_COMPANIES if spec.sites]
        settled = Company.objects.filter(legal_name__in=named, status="settled", desk__isnull=False)
        recently_visited = settled.filter(
            interactions__kind=InteractionKind.AFTERCARE_VISIT,
            interactions__occurred_on__gt=AS_OF - datetime.timedelta(days=365),
        ).distinct()
        assert recently_visited.count() >= 0.8 * settled.count()

    def test_every_team_member_has_tasks_overdue_due_today_and_done(self):
        today = timezone.localdate()
        for member in TEAM:
            if member.login_only:
                continue
            tasks = Task.objects.filter(assignee__username=member.username)
            open_tasks = tasks.filter(status=TaskStatus.OPEN)
            assert open_tasks.filter(due_on__lt=today).exists(), member.username
            assert open_tasks.filter(due_on=today).exists(), member.username
            assert open_tasks.filter(due_on__gt=today).exists(), member.username
            assert tasks.filter(status=TaskStatus.DONE, completed_at__isnull=False).exists()
        assert not Task.objects.filter(company=None, project=None, interaction=None).exists()
        follow_ups = Task.objects.filter(interaction__kind=InteractionKind.AFTERCARE_VISIT)
        assert follow_ups.exists()
        assert all(task.interaction.occurred_on < task.due_on for task in follow_ups)

    def test_every_desk_has_people_due_for_review_and_none_to_be_erased(self):
        today = timezone.localdate()
        listed = DueForReview.objects.filter(listed_on=today)
        assert set(listed.values_list("person", flat=True)) == set(
            due_for_review(Person.objects.all(), today).values_list("pk", flat=True)
        )
        desks_with_people = Desk.objects.filter(people__isnull=False).distinct()
        for desk in desks_with_people:
            assert listed.filter(person__desk=desk).count() == 2, desk.name
        assert not to_be_erased(Person.objects.all(), today).exists()

    def test_a_run_on_a_later_day_keeps_the_tasks(self):
        before = snapshot()
        later = timezone.now() + datetime.timedelta(days=3)
        with time_machine.travel(later, tick=False):
            result = load_demo_world(create_users=True)
        assert set(result["created"].values()) == {0}
        assert snapshot() == before


@pytest.mark.django_db
def test_without_demo_mode_nobody_can_sign_in(settings):
    settings.DEMO_MODE = False
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert User.objects.filter(username="klerks", role=Role.DIRECTOR).exists()
    assert DeskMembership.objects.filter(user__username="neu", desk__name="Japan Desk").exists()
    assert [user.username for user in User.objects.all() if user.has_usable_password()] == []
    assert not User.objects.filter(username__in=["admin", "partner"]).exists()
    assert "no demo user can sign in" in output.getvalue()
    assert "Sign in at" not in output.getvalue()

    # A demo password left from an earlier run with DEMO=true stops working.
    leftover = User.objects.create_user("partner", password=DEMO_PASSWORD)
    call_command("load_demo", stdout=StringIO())
    leftover.refresh_from_db()
    assert not leftover.has_usable_password()

    companies = Company.objects.count()
    output = StringIO()
    call_command("load_demo", "--if-empty", stdout=output)
    assert output.getvalue() == "Companies exist already: the demo world was not loaded.\n"
    assert Company.objects.count() == companies


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_runs")
class TestDemoEvents:
    """The Future Tech Fest with its matchmaking day, the Bangalore delegation, the fair."""

    def test_the_festival_and_its_matchmaking_day(self):
        from pocketworld.events.choices import EventKind, ParticipantRole
        from pocketworld.events.models import Event, MatchProfile

        festival = Event.objects.get(title="Future Tech Fest 2025")
        assert festival.kind == EventKind.CONFERENCE
        assert festival.municipality_id == DUESSELDORF
        assert festival.desks.filter(slug="japan").exists()
        exhibitors = festival.participants.filter(role=ParticipantRole.EXHIBITOR)
        assert set(exhibitors.values_list("company__country", flat=True)) == {"JP"}
        assert exhibitors.filter(company__tags__name="JETRO accelerator").count() == 7
        day = Event.objects.get(kind=EventKind.MATCHMAKING_DAY, title__startswith=festival.title)
        assert (day.slots, day.tables, day.slot_minutes, day.breaks) == (12, 6, 20, [7])
        assert festival.starts_on <= day.starts_on <= festival.ends_on <= AS_OF
        participants = day.participants.all()
        assert participants.filter(company__tags__name="JETRO accelerator").count() == 7
        assert participants.exclude(company__tags__name="JETRO accelerator").count() == 8
        profiles = MatchProfile.objects.filter(participant__event=day)
        assert profiles.count() == 15
        assert not profiles.filter(sectors__isnull=True).exists()
        assert not profiles.filter(focus_areas__isnull=True).exists()
        assert profiles.filter(offers__contains="電").exists()  # Japanese texts

    def test_the_past_matchmaking_has_meetings_with_outcomes_and_a_project(self):
        from pocketworld.events.choices import MeetingOutcome, MeetingStatus, SuggestionStatus
        from pocketworld.events.models import Event
        from pocketworld.events.services import results
        from pocketworld.projects.choices import ProjectSource

        day = Event.objects.get(kind="matchmaking_day")
        assert day.suggestions.filter(status=SuggestionStatus.APPROVED).count() == 14
        assert day.suggestions.filter(status=SuggestionStatus.REJECTED).exists()
        meetings = day.meetings.all()
        assert meetings.count() >= 10
        assert not meetings.exclude(status=MeetingStatus.HELD).exists()
        assert not meetings.filter(outcome="").exists()
        assert not meetings.filter(interaction__isnull=True).exists()
        slots = set(meetings.values_list("slot", "table"))
        assert len(slots) == meetings.count()
        assert not meetings.filter(slot__in=day.breaks).exists()
        assert meetings.filter(outcome=MeetingOutcome.FOLLOW_UP).count() >= 3
        summary = results(day)
        assert summary["held"] == meetings.count() and summary["leads"] >= 1
        project = Project.objects.get(meetings__event=day, source=ProjectSource.EVENT)
        assert project.company.legal_name == "HydroLoop Inc."
        assert project.stage == Stage.LEAD and project.stage_changed_at.date() == day.starts_on
        assert Interaction.objects.filter(
            meeting__event=day, occurred_on=day.starts_on
        ).count() == (meetings.count())

    def test_the_delegation_from_bangalore(self):
        from pocketworld.events.choices import EventKind, ParticipantRole
        from pocketworld.events.models import Event

        delegation = Event.objects.get(kind=EventKind.INCOMING_DELEGATION)
        assert (delegation.origin_country_id, delegation.origin_region) == ("IN", "Karnataka")
        assert delegation.starts_on.month == 7
        assert delegation.leader.family_name == "Gowda"
        delegates = delegation.participants.filter(role=ParticipantRole.DELEGATE)
        assert delegates.count() == 4
        assert delegates.filter(person=delegation.leader).exists()
        programme = delegation.programme.all()
        assert programme.count() >= 4
        assert all(item.starts_at < item.ends_at for item in programme)
        assert all(
            delegation.starts_on <= timezone.localtime(item.starts_at).date() <= delegation.ends_on
            for item in programme
        )
        college = programme.get(title__startswith="Visit to the Heinrich Hertz")
        assert college.host_partner.name == "Heinrich Hertz Vocational College Düsseldorf"
        assert college.host_person.family_name == "Wolff"
        assert programme.filter(host_company__legal_name="Tech Mahindra GmbH").exists()

    def test_the_overseas_greentech_fair(self):
        from pocketworld.events.choices import EventKind, ParticipantRole
        from pocketworld.events.models import Event

        fair = Event.objects.get(kind=EventKind.TRADE_FAIR)
        assert fair.country_id != "DE" and fair.municipality is None
        assert fair.focus_areas.filter(slug="greentech").exists()
        exhibitors = fair.participants.filter(role=ParticipantRole.EXHIBITOR)
        assert exhibitors.filter(company__sites__municipality=DUESSELDORF).count() >= 2

    def test_a_second_run_creates_no_event_records(self, demo_runs):
        rows = demo_runs["before"]["rows"]
        for label in (
            "events.Event",
            "events.Participant",
            "events.ProgrammeItem",
            "events.MatchProfile",
            "events.MatchSuggestion",
            "events.Meeting",
        ):
            assert rows[label] > 0, label
        assert demo_runs["after"]["rows"] == rows
        for label in ("events", "event participants", "meetings"):
            assert re.search(rf"\d+ {label} \(0 new\)", demo_runs["second"]), label

    def test_the_news_names_the_demo_companies_in_five_languages(self):
        from pocketworld.monitoring.choices import LinkStatus
        from pocketworld.monitoring.models import CompanyLink, Feed, FollowUp, NewsItem
        from pocketworld.monitoring.services import alerts_for

        assert Feed.objects.count() == 3 and not Feed.objects.filter(is_active=True).exists()
        review = NewsItem.objects.filter(url__startswith="https://press-review.example/")
        assert set(review.values_list("language", flat=True)) == {"de", "en", "ja", "zh", "ko"}
        linked = review.filter(company_links__status__in=[LinkStatus.SUGGESTED, "confirmed"])
        assert linked.distinct().count() >= 10
        names = set(CompanyLink.objects.values_list("company__legal_name", flat=True))
        assert "Toshiba Corporation" in names
        assert any(name.startswith("Huawei Technologies") for name in names)
        note = FollowUp.objects.get()
        assert note.interaction.kind == InteractionKind.NOTE
        assert note.interaction.occurred_on == AS_OF
        officer = DeskMembership.objects.filter(desk__slug="china", role=DeskRole.OFFICER).first()
        since = timezone.now() - datetime.timedelta(days=3)
        assert alerts_for(officer.user, since).filter(title__contains="华为").exists()
