"""The audit log keeps an event `AUDIT_RETENTION_DAYS`: the nightly task and the command
delete what is older, and the purge is itself an event."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.audit.services import purge_expired, record
from pocketworld.audit.tasks import purge_audit_log

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def aged(settings, japan_officer):
    """Events of 40 and 10 days ago, under a retention of 30 days."""
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    with time_machine.travel(now - 40 * DAY, tick=False):
        old = record(AuditAction.SIGN_IN, user=japan_officer)
    with time_machine.travel(now - 10 * DAY, tick=False):
        recent = record(AuditAction.SIGN_IN, user=japan_officer)
    return old, recent


def test_what_is_older_than_the_retention_goes_and_the_purge_is_recorded(aged):
    old, recent = aged
    fixtures = AuditEvent.objects.exclude(pk__in=[old.pk, recent.pk]).count()
    assert purge_expired() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    purge = AuditEvent.objects.get(action=AuditAction.AUDIT_LOG_PURGED)
    assert purge.user is None
    assert purge.details["deleted"] == 1
    assert purge.details["retention_days"] == 30
    assert AuditEvent.objects.count() == fixtures + 2
    # Nothing more to purge: nothing more recorded.
    assert purge_expired() == 0
    assert AuditEvent.objects.filter(action=AuditAction.AUDIT_LOG_PURGED).count() == 1


def test_the_command_says_what_would_go_and_purges(aged):
    old, _recent = aged
    output = io.StringIO()
    call_command("purge_audit_log", "--dry-run", stdout=output)
    assert output.getvalue().strip() == "1 events are older than 30 days and would be deleted."
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    output = io.StringIO()
    call_command("purge_audit_log", stdout=output)
    assert output.getvalue().strip() == "1 events older than 30 days were deleted."
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_the_nightly_task_purges(aged):
    old, _recent = aged
    result = purge_audit_log.enqueue()
    assert result.return_value == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_the_nightly_purge_is_scheduled_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first, second = io.StringIO(), io.StringIO()
    call_command("purge_audit_log", "--schedule", stdout=first)
    call_command("purge_audit_log", "--schedule", stdout=second)
    assert first.getvalue().startswith("The purge of the audit log is queued for")
    assert second.getvalue().strip() == "The purge of the audit log is queued already."
    [queued] = DBTaskResult.objects.filter(task_path=purge_audit_log.module_path)
    assert timezone.localtime(queued.run_after).hour == 4
