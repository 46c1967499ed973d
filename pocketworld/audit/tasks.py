"""The nightly purge of the audit log on the Tasks framework: events older than
`AUDIT_RETENTION_DAYS` are deleted (`services.purge_expired`), and the purge recorded."""

from django_tasks import task

from pocketworld.audit.services import purge_expired
from pocketworld.core.schedule import queue_again_tomorrow

# At night, after the retention review of personal data (03:00).
PURGE_HOUR = 4


@task()
def purge_audit_log():
    """Queue itself for the next night, then purge; returns how many events were deleted."""
    queue_again_tomorrow(purge_audit_log, PURGE_HOUR)
    return purge_expired()
