import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    ProjectFactory,
    TaskFactory,
)
from pocketworld.interactions.services import aftercare_gaps, digest_for, send_digest
from pocketworld.interactions.tasks import next_digest_time, send_daily_digests

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def test_aftercare_gaps(japan_desk):
    from pocketworld.companies.models import Company

    never = CompanyFactory(legal_name="Never visited", status="settled")
    stale = CompanyFactory(legal_name="Last seen long ago", status="expanding")
    InteractionFactory(company=stale, occurred_on=TODAY - datetime.timedelta(days=366))
    just_in_time = CompanyFactory(legal_name="Seen 364 days ago", status="settled")
    InteractionFactory(company=just_in_time, occurred_on=TODAY - datetime.timedelta(days=364))
    CompanyFactory(legal_name="A prospect", status="prospect")
    CompanyFactory(legal_name="Gone", status="left")
    gaps = list(aftercare_gaps(Company.objects.all(), TODAY))
    assert gaps == [never, stale]  # never contacted first, then the longest ago
    by_name = {company.legal_name: company.last_interaction for company in gaps}
    assert by_name == {
        "Never visited": None,
        "Last seen long ago": TODAY - datetime.timedelta(days=366),
    }


def test_digest_content(japan_desk, japan_officer):
    overdue = TaskFactory(assignee=japan_officer, due_on=TODAY - datetime.timedelta(days=3))
    today = TaskFactory(assignee=japan_officer, due_on=TODAY)
    TaskFactory(assignee=japan_officer, due_on=TODAY + datetime.timedelta(days=1))
    TaskFactory(assignee=japan_officer, due_on=TODAY - datetime.timedelta(days=1), status="done")
    with time_machine.travel(datetime.datetime(2026, 8, 1, 9, tzinfo=datetime.UTC)):
        stale = ProjectFactory(owner=japan_officer, title="Quiet since August")
    ProjectFactory(owner=japan_officer, title="Fresh lead")
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, tzinfo=datetime.UTC)):
        digest = digest_for(japan_officer, TODAY)
        assert digest["overdue"] == [overdue] and digest["due_today"] == [today]
        assert digest["stale_projects"] == [stale]
        japan_officer.email = "neu@example.org"
        assert send_digest(japan_officer, TODAY)
    message = mail.outbox[-1]
    assert message.to == ["neu@example.org"]
    assert message.subject == "pocketworld: 2 tasks due, 1 stale project"
    assert overdue.title in message.body and today.title in message.body
    assert "Quiet since August" in message.body and "Fresh lead" not in message.body


def test_no_digest_when_opted_out_or_nothing_to_say(japan_desk, japan_officer):
    japan_officer.email = "neu@example.org"
    assert not send_digest(japan_officer, TODAY)  # nothing due
    TaskFactory(assignee=japan_officer, due_on=TODAY)
    japan_officer.receives_digest = False
    assert not send_digest(japan_officer, TODAY)
    assert mail.outbox == []


def test_daily_digests_task_sends_to_everyone_who_wants_one(
    japan_desk, japan_officer, india_officer
):
    for user, address in [(japan_officer, "neu@example.org"), (india_officer, "f@example.org")]:
        user.email = address
        user.save()
        TaskFactory(assignee=user, due_on=timezone.localdate())
    india_officer.receives_digest = False
    india_officer.save()
    send_daily_digests.enqueue()  # the immediate backend in tests runs it at once
    assert [message.to for message in mail.outbox] == [["neu@example.org"]]


def test_next_digest_time():
    berlin_morning = datetime.datetime(2026, 11, 25, 6, 0, tzinfo=datetime.UTC)  # 07:00 CET
    assert timezone.localtime(next_digest_time(berlin_morning)).hour == 7
    assert next_digest_time(berlin_morning).date() == datetime.date(2026, 11, 26)
    night = datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC)
    assert timezone.localtime(next_digest_time(night)).date() == datetime.date(2026, 11, 25)
