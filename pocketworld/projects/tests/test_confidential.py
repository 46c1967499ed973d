"""Confidential projects: the company of one is disclosed to its members (owner, team,
directors, administrators) on every surface, and to no one else on any.

The matrix walks each persona through each surface that can show a project: its page, the
board, the list, the list's search, the search page, the quick find, the search API, the
API's list and detail, the CSV and XLSX exports, the annual report's PDF, the KPI
dashboard's drill-down, the stage history, the company's timeline, the digest e-mail and
My day. The Japan officer owns the project, the India officer is in its team (a member
without change rights), the Japan assistant is a colleague of the owner's desk outside the
team, and partner viewers see no projects at all.
"""

import csv
import html
import io
import json
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from pocketworld.accounts.models import User
from pocketworld.core.testing import api_of, pages_of
from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    ProjectFactory,
    TaskFactory,
)
from pocketworld.interactions.models import Task
from pocketworld.interactions.services import send_digest
from pocketworld.projects.choices import Stage
from pocketworld.projects.models import AccessLogEntry, Project
from pocketworld.projects.services import move_stage
from pocketworld.reports import kpis

pytestmark = pytest.mark.django_db

COMPANY = "Hoshino Ceramics Europe GmbH"
TITLE = "Hoshino membrane plant in Hilden"
CODENAME = "Project Falcon"
DESCRIPTION = "Ceramic membranes for hydrogen electrolysers"
MEETING = "Membrane line workshop"

MEMBERS = ["administrator", "director", "japan_officer", "india_officer"]
OUTSIDER = "japan_assistant"
PERSONAS = [*MEMBERS, OUTSIDER, "partner_viewer"]


@pytest.fixture
def falcon(japan_desk, japan_officer, india_officer, japan_assistant, director, administrator):
    """A confidential project won this year, with a meeting and a task due today for every
    staff persona (the assistant's handed over by the owner)."""
    company = CompanyFactory(legal_name=COMPANY, country_id="JP", desk=japan_desk)
    project = ProjectFactory(
        title=TITLE,
        company=company,
        desk=japan_desk,
        owner=japan_officer,
        confidential=True,
        codename=CODENAME,
        description=DESCRIPTION,
        expected_jobs=140,
    )
    project.team.add(india_officer)
    move_stage(project, Stage.DECISION, japan_officer)
    move_stage(
        project,
        Stage.WON,
        japan_officer,
        realised_jobs=150,
        realised_investment=Decimal("31000000"),
    )
    InteractionFactory(company=company, project=project, desk=japan_desk, subject=MEETING)
    for user in (japan_officer, india_officer, japan_assistant, director, administrator):
        TaskFactory(
            title=f"Call back about the site ({user.username})",
            assignee=user,
            company=company,
            project=project,
            desk=japan_desk,
        )
    return Project.objects.get(pk=project.pk)


# --- reading what a surface gives ---------------------------------------------------------


def body_text(response):
    """What a reader of the response sees, whatever its format."""
    kind = response.get("Content-Type", "").split(";")[0]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/pdf":
        pdf = subprocess.run(["pdftotext", "-q", "-", "-"], input=body, capture_output=True)
        return " ".join(pdf.stdout.decode().split())  # table cells wrap
    if kind.endswith("spreadsheetml.sheet"):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return "\n".join(" ".join(str(value) for value in row if value) for row in rows)
    text = body.decode("utf-8-sig")
    if kind == "text/csv":
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    if kind == "application/json":
        return json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def page(user, url):
    return body_text(pages_of(user).get(url))


def api(user, url):
    return body_text(api_of(user).get(url))


def list_url(**query):
    return f"/projects/?{urlencode(query)}" if query else "/projects/"


def drill_down(user, project):
    """The dashboard's figure of the projects won this year, and the list it leads to."""
    url = kpis.records_url("won", kpis.Period.year(timezone.localdate().year))
    dashboard = page(user, "/reports/")
    if url not in dashboard:  # partner viewers see no project figures
        return dashboard
    return page(user, url)


def digest(user, project):
    mail.outbox.clear()
    send_digest(User.objects.get(pk=user.pk))
    return "\n".join(f"{message.subject}\n{message.body}" for message in mail.outbox)


def annual_report(user, project):
    return page(user, f"/reports/annual-report/?year={timezone.localdate().year}&language=en")


@dataclass
class Surface:
    name: str
    read: object  # function(user, project) -> text
    members_see: tuple = (TITLE, COMPANY)
    outsider_sees: tuple = (CODENAME,)
    # Never for anyone else: the project's own names and what links it to its company.
    secrets: tuple = (TITLE, COMPANY, DESCRIPTION)
    partner_secrets: tuple = field(default=(TITLE, COMPANY, CODENAME))

    def __str__(self):
        return self.name


SURFACES = [
    Surface(
        "project page",
        lambda user, project: page(user, project.get_absolute_url()),
        members_see=(TITLE, COMPANY, DESCRIPTION, CODENAME),
        outsider_sees=(),
    ),
    Surface("board", lambda user, project: page(user, "/projects/board/")),
    Surface("list", lambda user, project: page(user, list_url())),
    Surface(
        "list searched by the company",
        lambda user, project: page(user, list_url(q="Hoshino Ceramics")),
        outsider_sees=(),
        secrets=(TITLE, COMPANY, CODENAME),
    ),
    Surface(
        "list searched by the codename",
        lambda user, project: page(user, list_url(q="falcon")),
    ),
    Surface(
        "list filtered by the company",
        lambda user, project: page(user, list_url(company=project.company_id)),
        outsider_sees=(),
        secrets=(TITLE, COMPANY, CODENAME),
    ),
    Surface(
        # The company is a hit of its own; the project must not be one beside it.
        "search page by the company",
        lambda user, project: page(user, "/search/?" + urlencode({"q": "Hoshino Ceramics"})),
        members_see=(TITLE,),
        outsider_sees=(),
        secrets=(TITLE, CODENAME),
        partner_secrets=(TITLE, CODENAME),
    ),
    Surface(
        "search page by the codename",
        lambda user, project: page(user, "/search/?q=Falcon"),
        members_see=(TITLE,),
    ),
    Surface(
        "quick find",
        lambda user, project: page(user, "/search/suggestions/?q=Hoshino+Ceramics"),
        members_see=(TITLE,),
        outsider_sees=(),
        secrets=(TITLE, CODENAME),
        partner_secrets=(TITLE, CODENAME),
    ),
    Surface(
        "search API",
        lambda user, project: (
            api(user, "/api/v1/search?q=Hoshino+Ceramics&type=project")
            + api(user, "/api/v1/search?q=Falcon&type=project")
        ),
        members_see=(TITLE,),
    ),
    Surface("API list", lambda user, project: api(user, "/api/v1/projects/")),
    Surface(
        "API detail",
        lambda user, project: api(user, f"/api/v1/projects/{project.pk}/"),
        outsider_sees=(),
    ),
    Surface("CSV", lambda user, project: page(user, list_url(export="csv"))),
    Surface("XLSX", lambda user, project: page(user, list_url(export="xlsx"))),
    Surface("annual report PDF", annual_report),
    Surface("dashboard drill-down", drill_down),
    Surface(
        "stage history",
        lambda user, project: api(user, "/api/v1/stage-changes/"),
        members_see=(TITLE,),
        outsider_sees=(),
        secrets=(TITLE, CODENAME),
    ),
    Surface(
        # The company's own page names the company; it must not lead to the project.
        "company timeline",
        lambda user, project: page(user, project.company.get_absolute_url()),
        members_see=(TITLE, MEETING),
        outsider_sees=(),
        secrets=(TITLE, CODENAME, MEETING),
        partner_secrets=(TITLE, CODENAME, MEETING),
    ),
    Surface(
        "digest e-mail",
        digest,
        members_see=(TITLE,),
        secrets=(TITLE, COMPANY),
    ),
    Surface(
        "My day",
        lambda user, project: page(user, "/"),
        members_see=(TITLE,),
        secrets=(TITLE, COMPANY),
    ),
]


@pytest.mark.parametrize("surface", SURFACES, ids=str)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_company_is_disclosed_to_members_only(request, falcon, persona, surface):
    user = request.getfixturevalue(persona)
    text = surface.read(user, falcon)
    if persona in MEMBERS:
        missing = [secret for secret in surface.members_see if secret not in text]
        assert not missing, f"{persona} misses {missing} on the {surface}"
        return
    secrets = surface.partner_secrets if persona == "partner_viewer" else surface.secrets
    leaked = [secret for secret in secrets if secret in text]
    assert not leaked, f"{persona} receives {leaked} on the {surface}"
    if persona == OUTSIDER:
        missing = [name for name in surface.outsider_sees if name not in text]
        assert not missing, f"{persona} misses {missing} on the {surface}"


# --- the rules behind the matrix ------------------------------------------------------------


def project_form(project, **changes):
    """The edit form's fields as the project has them, with `changes`."""
    data = {
        "title": project.title,
        "kind": project.kind,
        "company": project.company_id or "",
        "prospect_name": project.prospect_name,
        "desk": project.desk_id,
        "owner": project.owner_id,
        "team": list(project.team.values_list("pk", flat=True)),
        "source": project.source,
        "codename": project.codename,
    }
    if project.confidential:
        data["confidential"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def log_of(project):
    return list(
        AccessLogEntry.objects.filter(project=project)
        .order_by("at", "pk")
        .values_list("user__username", "action", "via")
    )


def test_a_confidential_project_needs_a_codename_of_its_own(japan_desk, japan_officer):
    ProjectFactory(desk=japan_desk, owner=japan_officer, confidential=True, codename="Falcon")
    second = ProjectFactory(desk=japan_desk, owner=japan_officer)
    response = pages_of(japan_officer).post(
        f"/projects/{second.pk}/edit/", project_form(second, confidential="on", codename="")
    )
    assert "A confidential project needs a codename." in response.content.decode()
    response = api_of(japan_officer).patch(
        f"/api/v1/projects/{second.pk}/", {"confidential": True, "codename": "falcon"}
    )
    assert response.status_code == 400
    assert response.json() == {"codename": ["Another confidential project is called falcon."]}
    # A project that is not confidential (any more) leaves its codename to others.
    response = api_of(japan_officer).patch(f"/api/v1/projects/{second.pk}/", {"codename": "Falcon"})
    assert response.status_code == 200
    second.refresh_from_db()
    assert (second.confidential, second.codename) == (False, "Falcon")


def test_marking_and_lifting_are_recorded(japan_desk, japan_officer, director):
    project = ProjectFactory(desk=japan_desk, owner=japan_officer, title=TITLE)
    client = pages_of(japan_officer)
    response = client.post(
        f"/projects/{project.pk}/edit/", project_form(project, confidential="on", codename=CODENAME)
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.confidential and project.codename == CODENAME
    response = api_of(director).patch(f"/api/v1/projects/{project.pk}/", {"confidential": False})
    assert response.status_code == 200 and response.json()["title"] == TITLE
    assert log_of(project) == [("neu", "marked", ""), ("klerks", "lifted", "")]
    # Both in the access log and, as a change of the field, in the history.
    detail = pages_of(director).get(project.get_absolute_url())
    assert "confidentiality lifted" in detail.content.decode()
    changed = [
        change["field"] for entry in detail.context["history"] for change in entry["changes"]
    ]
    assert changed.count("confidential") == 2
    created = api_of(japan_officer).post(
        "/api/v1/projects/",
        {
            "title": "Kept quiet from the start",
            "kind": "expansion",
            "prospect_name": "Quiet Corp.",
            "desk": japan_desk.pk,
            "owner": japan_officer.pk,
            "source": "inquiry",
            "confidential": True,
            "codename": "Project Owl",
        },
    )
    assert created.status_code == 201, created.json()
    assert log_of(Project.objects.get(codename="Project Owl")) == [("neu", "marked", "")]


def test_only_a_member_keeps_a_project_confidential(japan_desk, japan_officer, japan_assistant):
    """A colleague with change rights but outside the team would lock themselves out."""
    project = ProjectFactory(desk=japan_desk, owner=japan_officer)
    response = pages_of(japan_assistant).post(
        f"/projects/{project.pk}/edit/", project_form(project, confidential="on", codename="Owl")
    )
    assert response.status_code == 200
    assert "add yourself to the team first" in response.context["form"].errors["confidential"][0]
    response = api_of(japan_assistant).patch(
        f"/api/v1/projects/{project.pk}/", {"confidential": True, "codename": "Owl"}
    )
    assert response.status_code == 400 and "confidential" in response.json()
    response = api_of(japan_assistant).patch(
        f"/api/v1/projects/{project.pk}/",
        {"confidential": True, "codename": "Owl", "team": [japan_assistant.pk]},
        format="json",
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.confidential and log_of(project) == [("assistant", "marked", "")]


def test_everyone_else_is_refused_and_the_refusals_are_recorded(falcon, japan_assistant):
    """Its page, its forms and the API answer 403 and say why; nothing is changed."""
    client, pk = pages_of(japan_assistant), falcon.pk
    response = client.get(f"/projects/{pk}/")
    assert response.status_code == 403
    assert "Project Falcon is confidential" in response.content.decode()
    assert client.get(f"/projects/{pk}/edit/").status_code == 403
    assert client.post(f"/projects/{pk}/edit/", project_form(falcon)).status_code == 403
    assert client.post(f"/projects/{pk}/delete/").status_code == 403
    assert client.post(f"/projects/{pk}/move/", {"stage": "on_hold"}).status_code == 403
    api = api_of(japan_assistant)
    response = api.get(f"/api/v1/projects/{pk}/")
    assert response.status_code == 403 and "confidential" in response.json()["detail"]
    assert api.patch(f"/api/v1/projects/{pk}/", {"probability": 5}).status_code == 403
    assert api.post(f"/api/v1/projects/{pk}/move/", {"stage": "on_hold"}).status_code == 403
    assert api.delete(f"/api/v1/projects/{pk}/").status_code == 403
    falcon.refresh_from_db()
    assert falcon.stage == Stage.WON and falcon.title == TITLE
    refusals = [entry for entry in log_of(falcon) if entry[1] == "refused"]
    on_pages, in_api = ("assistant", "refused", "page"), ("assistant", "refused", "api")
    assert refusals == [on_pages] * 5 + [in_api] * 4


def test_members_openings_and_exports_are_recorded(falcon, india_officer, japan_assistant):
    pages_of(india_officer).get(falcon.get_absolute_url())
    api_of(india_officer).get(f"/api/v1/projects/{falcon.pk}/")
    pages_of(india_officer).get(list_url(export="csv"))
    annual_report(india_officer, falcon)
    # An export by anyone else holds only the codename: nothing of the project is read.
    pages_of(japan_assistant).get(list_url(export="xlsx"))
    assert log_of(falcon)[-4:] == [
        ("froehlich", "opened", "page"),
        ("froehlich", "opened", "api"),
        ("froehlich", "exported", "csv"),
        ("froehlich", "exported", "pdf"),
    ]


def test_the_access_log_is_for_the_owner_and_the_directors(
    falcon, japan_officer, india_officer, director
):
    pages_of(india_officer).get(falcon.get_absolute_url())
    for owner_or_director in (japan_officer, director):
        html_page = page(owner_or_director, falcon.get_absolute_url())
        assert 'id="access-log"' in html_page and "Löhr" not in html_page
        entries = api_of(owner_or_director).get(f"/api/v1/projects/{falcon.pk}/access-log/")
        assert [row["action"] for row in entries.json()["results"]][-2:] == ["opened", "marked"]
    assert 'id="access-log"' not in page(india_officer, falcon.get_absolute_url())
    entries = api_of(india_officer).get(f"/api/v1/projects/{falcon.pk}/access-log/")
    assert entries.status_code == 200 and entries.json()["results"] == []
    assert AccessLogEntry.objects.visible_to(india_officer).count() == 0


def test_nothing_may_be_pointed_at_it_by_anyone_else(falcon, japan_desk, japan_assistant):
    """An interaction or task would hang on it, and the check that it is the company's
    project would tell whose it is."""
    response = api_of(japan_assistant).post(
        "/api/v1/interactions/",
        {
            "kind": "call",
            "subject": "Asking around",
            "desk": japan_desk.pk,
            "company": falcon.company_id,
            "project": falcon.pk,
        },
    )
    assert response.status_code == 400
    assert response.json() == {"project": [f"{falcon.pk} is not a record you may choose here."]}
    form = pages_of(japan_assistant).get("/tasks/add/").context["form"]
    assert falcon.pk not in {project.pk for project in form.fields["project"].queryset}


def test_kpis_count_it_for_everyone(falcon, japan_officer, japan_assistant):
    period = kpis.Period.year(timezone.localdate().year)
    for user in (japan_officer, japan_assistant):
        report = kpis.compute(period, User.objects.get(pk=user.pk))
        assert report.figures["won"].value == 1
        assert report.figures["jobs_created_realised"].value == 150


def test_the_country_is_disclosed_unless_the_owner_hides_it(falcon, japan_assistant):
    row = api_of(japan_assistant).get("/api/v1/projects/").json()["results"][0]
    assert (row["title"], row["company"], row["country"]) == (CODENAME, None, "JP")
    assert row["realised_jobs"] is None and row["description"] == ""
    assert "confidential, Japan" in page(japan_assistant, "/projects/board/")
    Project.objects.filter(pk=falcon.pk).update(hide_country=True)
    row = api_of(japan_assistant).get("/api/v1/projects/").json()["results"][0]
    assert row["country"] == ""
    assert "confidential, Japan" not in page(japan_assistant, "/projects/board/")


def test_the_search_hides_the_country_the_owner_hides(falcon, japan_officer, japan_assistant):
    falcon.hide_country = True
    falcon.save()
    member = api_of(japan_officer).get("/api/v1/search?q=Falcon&type=project").json()
    outsider = api_of(japan_assistant).get("/api/v1/search?q=Falcon&type=project").json()
    assert [(hit["name"], hit["country"]) for hit in member["results"]] == [(TITLE, "JP")]
    assert [(hit["name"], hit["country"]) for hit in outsider["results"]] == [(CODENAME, "")]


def test_outsiders_find_the_codename_without_a_way_in(falcon, japan_officer, japan_assistant):
    """Its page refuses an outsider, so the search shows them the codename unlinked."""
    url = falcon.get_absolute_url()
    assert f'href="{url}"' in page(japan_officer, "/search/?q=Falcon")
    outsider_page = page(japan_assistant, "/search/?q=Falcon")
    assert CODENAME in outsider_page and f'href="{url}"' not in outsider_page
    suggestions = page(japan_assistant, "/search/suggestions/?q=Falcon")
    assert CODENAME in suggestions and url not in suggestions
    assert f"suggestion-project-{falcon.pk}" in suggestions and 'role="option"' not in suggestions
    hits = api_of(japan_assistant).get("/api/v1/search?q=Falcon&type=project").json()["results"]
    assert [(hit["withheld"], hit["url"]) for hit in hits] == [(True, "")]
    hits = api_of(japan_officer).get("/api/v1/search?q=Falcon&type=project").json()["results"]
    assert [(hit["withheld"], hit["url"]) for hit in hits] == [(False, url)]


def test_a_merge_by_an_outsider_lists_it_by_its_codename(falcon, japan_desk, director):
    """An officer of the desk outside the team merges the company into its duplicate: the
    merge moves the project, and the change set's page names it by its codename."""
    from pocketworld.core.choices import DeskRole
    from pocketworld.core.tests.factories import DeskMembershipFactory, UserFactory
    from pocketworld.imports import merging

    outsider = UserFactory(username="colleague")
    DeskMembershipFactory(desk=japan_desk, user=outsider, role=DeskRole.OFFICER)
    survivor = CompanyFactory(legal_name="Hoshino Ceramics (Europe)", country_id="JP")
    change_set = merging.merge_companies(survivor, falcon.company, {}, outsider)
    assert Project.objects.get(pk=falcon.pk).company == survivor
    detail = page(outsider, f"/change-sets/{change_set.pk}/")
    assert CODENAME in detail and TITLE not in detail and MEETING not in detail
    assert TITLE in page(director, f"/change-sets/{change_set.pk}/")


def test_lifting_it_discloses_it_again(falcon, japan_officer, japan_assistant):
    api_of(japan_officer).patch(f"/api/v1/projects/{falcon.pk}/", {"confidential": False})
    assert TITLE in page(japan_assistant, "/projects/board/")
    found = api_of(japan_assistant).get("/api/v1/search?q=Hoshino+Ceramics&type=project").json()
    assert [hit["name"] for hit in found["results"]] == [TITLE]
    assert pages_of(japan_assistant).get(falcon.get_absolute_url()).status_code == 200


def test_its_assignee_outside_the_team_gets_the_task_without_the_company(falcon, japan_assistant):
    task = Task.objects.get(assignee=japan_assistant)
    client = pages_of(japan_assistant)
    detail = client.get(task.get_absolute_url()).content.decode()
    assert CODENAME in detail and COMPANY not in detail and "Change history" in detail
    row = api_of(japan_assistant).get(f"/api/v1/tasks/{task.pk}/").json()
    assert (row["company"], row["project"], row["title"]) == (None, None, task.title)
    assert client.get(f"/tasks/{task.pk}/edit/").status_code == 403
    assert client.post(f"/tasks/{task.pk}/done/").status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.company.legal_name == COMPANY


def test_a_withheld_copy_cannot_be_saved(falcon, japan_assistant):
    withheld = Project.objects.visible_to(japan_assistant).get()
    assert withheld.title == CODENAME
    with pytest.raises(ValueError, match="withheld"):
        withheld.save()
    falcon.refresh_from_db()
    assert falcon.title == TITLE and falcon.company.legal_name == COMPANY


def test_sorting_places_it_by_what_the_reader_sees(
    falcon, japan_desk, japan_officer, japan_assistant
):
    """Sorted by a figure it withholds, it would show where its figure lies."""
    for title, jobs in (("Small lab", 10), ("Large hub", 1000)):
        ProjectFactory(title=title, desk=japan_desk, owner=japan_officer, expected_jobs=jobs)

    def titles(user):
        rows = page(user, list_url(sort="expected_jobs", export="csv")).splitlines()[1:]
        return [row.split(" ")[0] for row in rows]

    assert titles(japan_officer) == ["Small", "Hoshino", "Large"]
    assert titles(japan_assistant) == ["Project", "Small", "Large"]
