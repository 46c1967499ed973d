"""Internal work is handed only to those who may see it: no task or project goes to a
partner viewer, through the pages or the API, and none reaches them on My day or by e-mail."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from pocketworld.core.testing import api_of
from pocketworld.core.tests.factories import CompanyFactory, ProjectFactory, TaskFactory
from pocketworld.interactions.services import send_digest

pytestmark = pytest.mark.django_db


def test_a_task_cannot_be_assigned_to_a_partner_viewer(japan_desk, japan_officer, partner_viewer):
    company = CompanyFactory()
    data = {"title": "Call back", "due_on": "2026-12-01", "desk": japan_desk.pk}
    api = api_of(japan_officer)
    response = api.post("/api/v1/tasks/", {**data, "assignee": partner_viewer.pk}, format="json")
    assert response.status_code == 400
    assert "assignee" in response.json()
    assert api.post("/api/v1/tasks/", {**data, "assignee": japan_officer.pk}).status_code == 201
    client = Client()
    client.force_login(japan_officer)
    form = client.get(f"/tasks/add/?company={company.pk}").context["form"]
    assert partner_viewer not in form.fields["assignee"].queryset
    assert japan_officer in form.fields["assignee"].queryset


def test_a_project_cannot_be_owned_by_a_partner_viewer(
    japan_desk, japan_officer, partner_viewer, director
):
    project = ProjectFactory(owner=japan_officer, company=CompanyFactory())
    for user in (japan_officer, director):
        response = api_of(user).patch(
            f"/api/v1/projects/{project.pk}/",
            {"owner": partner_viewer.pk, "team": [partner_viewer.pk]},
            format="json",
        )
        assert response.status_code == 400
        assert set(response.json()) == {"owner", "team"}
    project.refresh_from_db()
    assert project.owner == japan_officer


def test_internal_work_of_a_partner_viewer_never_reaches_them(japan_desk, partner_viewer, settings):
    """Records made before the rule, or by a bulk write, still stay off their day."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    TaskFactory(assignee=partner_viewer, title="Secret follow-up", due_on=today)
    TaskFactory(assignee=partner_viewer, title="Later secret", due_on=today.replace(year=2099))
    project = ProjectFactory(owner=partner_viewer, title="Confidential settlement")
    project.stage_changed_at = timezone.now() - datetime.timedelta(days=365)
    project.save()
    client = Client()
    client.force_login(partner_viewer)
    page = client.get("/").content.decode()
    for title in ("Secret follow-up", "Later secret", "Confidential settlement"):
        assert title not in page
    assert not send_digest(partner_viewer, today)
    assert mail.outbox == []
