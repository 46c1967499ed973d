from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from pocketworld.core.testing import APITests
from pocketworld.core.tests.factories import ProjectFactory
from pocketworld.projects.choices import Stage
from pocketworld.projects.tests.specs import ProjectSpec


class TestProjectAPI(ProjectSpec, APITests):
    pass


@pytest.fixture
def api(japan_officer):
    client = APIClient()
    client.force_authenticate(japan_officer)
    return client


@pytest.mark.django_db
def test_api_moves_through_the_same_rules(api, japan_desk, japan_officer):
    project = ProjectFactory(owner=japan_officer)
    url = f"/api/v1/projects/{project.pk}/move/"
    assert api.post(url, {"stage": "won"}, format="json").status_code == 400
    response = api.post(url, {"stage": "lost"}, format="json")
    assert response.status_code == 400 and "loss_reason" in response.json()
    response = api.post(url, {"stage": "decision", "note": "Board meeting"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == Stage.DECISION
    response = api.post(url, {"stage": "won", "realised_jobs": 30}, format="json")
    assert response.status_code == 400 and "realised_investment" in response.json()
    response = api.post(
        url, {"stage": "won", "realised_jobs": 30, "realised_investment": "1500000"}, format="json"
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.stage, project.realised_investment) == (Stage.WON, Decimal("1500000"))
    history = api.get(f"/api/v1/stage-changes/?project={project.pk}").json()
    assert [row["to_stage"] for row in history["results"]] == ["won", "decision", "lead"]


@pytest.mark.django_db
def test_api_cannot_set_the_stage_directly(api, japan_desk, japan_officer):
    project = ProjectFactory(owner=japan_officer)
    response = api.patch(f"/api/v1/projects/{project.pk}/", {"stage": "won"}, format="json")
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.stage == Stage.LEAD


@pytest.mark.django_db
def test_other_desks_cannot_move_and_partners_cannot_see(japan_desk, india_officer, partner_viewer):
    project = ProjectFactory()
    client = APIClient()
    client.force_authenticate(india_officer)
    assert (
        client.post(f"/api/v1/projects/{project.pk}/move/", {"stage": "qualified"}).status_code
        == 403
    )
    client.force_authenticate(partner_viewer)
    assert client.get("/api/v1/projects/").json()["count"] == 0
    assert client.get("/api/v1/stage-changes/").json()["count"] == 0
