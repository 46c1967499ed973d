import datetime

import pytest

from pocketworld.core.testing import ViewTests
from pocketworld.core.tests.factories import CompanyFactory, InteractionFactory, TaskFactory
from pocketworld.interactions.models import Interaction, Task
from pocketworld.interactions.tests.specs import InteractionSpec, TaskSpec


class TestInteractionViews(InteractionSpec, ViewTests):
    pass


class TestTaskViews(TaskSpec, ViewTests):
    def form_with_change(self, request, obj):
        data = super().form_with_change(request, obj)
        data["due_on"] = "2027-01-15"
        return data


@pytest.mark.django_db
def test_aftercare_visit_with_follow_up_in_one_form(client, japan_officer, japan_desk):
    company = CompanyFactory(legal_name="Asahi Kasei Europe GmbH", status="settled")
    client.force_login(japan_officer)
    data = {
        "kind": "aftercare_visit",
        "occurred_on": "2026-11-24",
        "subject": "Annual visit",
        "desk": japan_desk.pk,
        "company": company.pk,
        "company_plan": "expand",
        "needs": ["space", "skilled_workers"],
        "satisfaction": "4",
        "notes": "Wants **2,000 m²** lab space <script>alert(1)</script>",
        "follow_up_title": "Send lab space offers",
        "follow_up_due_on": "2026-12-05",
    }
    response = client.post("/interactions/add/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    visit = Interaction.objects.get(subject="Annual visit")
    assert (visit.company_plan, visit.needs, visit.satisfaction) == (
        "expand",
        ["space", "skilled_workers"],
        4,
    )
    follow_up = Task.objects.get(interaction=visit)
    assert (follow_up.title, follow_up.assignee, follow_up.company, follow_up.desk) == (
        "Send lab space offers",
        japan_officer,
        company,
        japan_desk,
    )
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "<strong>2,000 m²</strong>" in page and "<script>alert" not in page
    assert "Send lab space offers" in page


@pytest.mark.django_db
def test_follow_up_needs_a_due_date(client, japan_officer, japan_desk):
    company = CompanyFactory()
    client.force_login(japan_officer)
    data = {
        "kind": "call",
        "occurred_on": "2026-11-24",
        "subject": "Call",
        "desk": japan_desk.pk,
        "company": company.pk,
        "follow_up_title": "Call back",
    }
    response = client.post("/interactions/add/", data)
    assert (
        response.status_code == 200 and 'id="error-follow_up_due_on"' in response.content.decode()
    )
    assert not Interaction.objects.exists() and not Task.objects.exists()


@pytest.mark.django_db
def test_task_is_ticked_off_with_htmx(client, japan_officer, japan_desk):
    task = TaskFactory(assignee=japan_officer)
    client.force_login(japan_officer)
    response = client.post(f"/tasks/{task.pk}/done/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<del>" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None


@pytest.mark.django_db
def test_others_cannot_tick_off_a_task(client, india_officer, japan_desk):
    task = TaskFactory()
    client.force_login(india_officer)
    assert client.post(f"/tasks/{task.pk}/done/").status_code == 403
    task.refresh_from_db()
    assert task.status == "open"


@pytest.mark.django_db
def test_company_page_shows_one_timeline(client, japan_officer, japan_desk):
    from pocketworld.core.tests.factories import ProjectFactory
    from pocketworld.projects.services import move_stage

    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    InteractionFactory(company=company, subject="Visit", occurred_on=datetime.date(2026, 1, 5))
    project = ProjectFactory(company=company, title="Toshiba R&D centre", owner=japan_officer)
    move_stage(project, "qualified", japan_officer)
    TaskFactory(company=company, title="Send offers")
    company.status = "settled"
    company.save()
    client.force_login(japan_officer)
    page = client.get(company.get_absolute_url()).content.decode()
    for text in ["Visit", "lead → qualified", "Send offers", "settled"]:
        assert text in page
    only_tasks = client.get(company.get_absolute_url() + "?kind=task").content.decode()
    timeline = only_tasks.split('id="timeline"')[1]
    assert "Send offers" in timeline and "Visit" not in timeline


@pytest.mark.django_db
def test_ticking_off_never_redirects_off_site(client, japan_officer, japan_desk):
    task = TaskFactory(assignee=japan_officer)
    client.force_login(japan_officer)
    response = client.post(f"/tasks/{task.pk}/done/", {"next": "https://evil.example/"})
    assert response["Location"] == task.get_absolute_url()
    other = TaskFactory(assignee=japan_officer)
    response = client.post(f"/tasks/{other.pk}/done/", {"next": "/"})
    assert response["Location"] == "/"
