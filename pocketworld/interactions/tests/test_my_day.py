import datetime

import pytest
from django.utils import timezone

from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    ProjectFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def test_my_day(client, japan_officer, japan_desk, india_desk, django_assert_max_num_queries):
    today = timezone.localdate()
    TaskFactory(
        assignee=japan_officer, title="Overdue call", due_on=today - datetime.timedelta(days=2)
    )
    TaskFactory(assignee=japan_officer, title="Due today", due_on=today)
    TaskFactory(
        assignee=japan_officer, title="Next week", due_on=today + datetime.timedelta(days=7)
    )
    TaskFactory(title="Someone else's", due_on=today)
    for number in range(3):
        ProjectFactory(owner=japan_officer, title=f"My project {number}")
    ProjectFactory(title="Not mine")
    gap = CompanyFactory(legal_name="Forgotten Ltd", status="settled")
    visited = CompanyFactory(legal_name="Visited KK", status="settled")
    InteractionFactory(company=visited, subject="Coffee with Visited KK", occurred_on=today)
    CompanyFactory(legal_name="Indian settled", status="settled", country_id="IN")
    client.force_login(japan_officer)
    with django_assert_max_num_queries(20):
        page = client.get("/").content.decode()
    tasks = page.split('id="my-tasks"')[1].split("</section>")[0]
    assert "Overdue call" in tasks and "Due today" in tasks and "Someone else" not in tasks
    projects = page.split('id="my-projects"')[1].split("</section>")[0]
    assert "lead: 3" in projects.replace("Lead", "lead") and "Not mine" not in projects
    assert "Coffee with Visited KK" in page.split('id="recent-activity"')[1]
    gaps = page.split('id="aftercare-gaps"')[1].split("</section>")[0]
    assert gap.legal_name in gaps and "Visited KK" not in gaps and "Indian settled" not in gaps
