import pytest

from pocketworld.core.tests.factories import ProjectFactory
from pocketworld.projects.choices import Stage
from pocketworld.projects.services import move_stage

pytestmark = pytest.mark.django_db


def test_board_shows_columns_and_moves_a_card_with_htmx(
    client, japan_officer, japan_desk, django_assert_max_num_queries
):
    projects = [ProjectFactory(owner=japan_officer, title=f"Card {n}") for n in range(5)]
    move_stage(projects[0], Stage.QUALIFIED, japan_officer)
    client.force_login(japan_officer)
    with django_assert_max_num_queries(20):
        page = client.get(f"/projects/board/?desk={japan_desk.pk}").content.decode()
    assert page.count('class="board-card"') == 5
    lead = page.split('data-stage="lead" aria-labelledby')[1].split("</section>")[0]
    assert lead.count('class="board-card"') == 4
    response = client.post(
        f"/projects/{projects[1].pk}/move/",
        {"stage": "qualified", "board_url": f"/projects/board/?desk={japan_desk.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    qualified = response.content.decode().split('data-stage="qualified" aria-labelledby')[1]
    assert "Card 1" in qualified.split("</section>")[0]
    projects[1].refresh_from_db()
    assert projects[1].stage == Stage.QUALIFIED


def test_dropping_on_won_asks_for_the_realised_figures(client, japan_officer, japan_desk):
    project = move_stage(ProjectFactory(owner=japan_officer), Stage.DECISION, japan_officer)
    client.force_login(japan_officer)
    response = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": "won", "board_url": "/projects/board/"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == f"/projects/{project.pk}/move/?stage=won"
    form = client.get(response["HX-Redirect"]).content.decode()
    assert 'value="won" selected' in form
    response = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": "won", "realised_jobs": "25", "realised_investment": "900000"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.WON and project.realised_jobs == 25


def test_move_without_javascript_redirects_back(client, japan_officer, japan_desk):
    project = ProjectFactory(owner=japan_officer)
    client.force_login(japan_officer)
    response = client.post(
        f"/projects/{project.pk}/move/", {"stage": "qualified", "next": "/projects/board/"}
    )
    assert response.status_code == 302 and response["Location"] == "/projects/board/"
    project.refresh_from_db()
    assert project.stage == Stage.QUALIFIED


def test_board_moves_are_refused_for_other_desks(client, india_officer, japan_desk):
    project = ProjectFactory()
    client.force_login(india_officer)
    assert client.post(f"/projects/{project.pk}/move/", {"stage": "qualified"}).status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.LEAD
    assert list(project.stage_changes.values_list("to_stage", flat=True)) == [Stage.LEAD]


def test_company_page_query_count_does_not_grow_with_its_timeline(
    client, japan_officer, japan_desk, django_assert_max_num_queries
):
    from pocketworld.core.tests.factories import CompanyFactory, InteractionFactory, TaskFactory

    company = CompanyFactory()
    for number in range(60):
        InteractionFactory(company=company, subject=f"Meeting {number}")
        TaskFactory(company=company)
    for _ in range(3):
        ProjectFactory(company=company, owner=japan_officer)
    client.force_login(japan_officer)
    with django_assert_max_num_queries(40):
        page = client.get(company.get_absolute_url()).content.decode()
    assert page.count('class="timeline-entry') == 50
