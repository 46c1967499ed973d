"""The escalation passes: queued once by `escalate_inquiries --schedule`, and each pass
queues the next before it works, on the database worker."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pocketworld.inquiries.tasks import PASS_EVERY, escalate_overdue


def test_the_passes_are_scheduled_once(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first, second = io.StringIO(), io.StringIO()
    call_command("escalate_inquiries", "--schedule", stdout=first)
    call_command("escalate_inquiries", "--schedule", stdout=second)
    assert first.getvalue().startswith("Escalating inquiries is queued for")
    assert second.getvalue().strip() == "Escalating inquiries is queued already."
    [queued] = DBTaskResult.objects.filter(task_path=escalate_overdue.module_path)
    assert queued.run_after <= timezone.now()


def test_a_pass_queues_the_next_first(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = timezone.now()
    escalate_overdue.call()
    [queued] = DBTaskResult.objects.filter(
        task_path=escalate_overdue.module_path, status=TaskResultStatus.READY
    )
    assert before + PASS_EVERY <= queued.run_after <= timezone.now() + PASS_EVERY
    assert queued.run_after - before < PASS_EVERY + datetime.timedelta(seconds=5)


def test_the_command_escalates_now(db):
    out = io.StringIO()
    call_command("escalate_inquiries", stdout=out)
    assert out.getvalue().strip() == "0 inquiries escalated."
