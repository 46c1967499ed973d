from django.conf import settings
from django.core.management.base import BaseCommand

from pocketworld.audit.models import AuditEvent
from pocketworld.audit.services import purge_expired, retention_cutoff
from pocketworld.audit.tasks import PURGE_HOUR, purge_audit_log
from pocketworld.core.schedule import queue_daily_saying


class Command(BaseCommand):
    help = (
        "Delete the audit log's events older than AUDIT_RETENTION_DAYS; the purge is recorded "
        "in the log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many events would go; delete none."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the nightly purge for the background worker, unless it is queued already.",
        )

    def handle(self, dry_run, schedule, **options):
        if schedule:
            self.stdout.write(
                queue_daily_saying(purge_audit_log, PURGE_HOUR, "The purge of the audit log")
            )
            return
        days = settings.AUDIT_RETENTION_DAYS
        if dry_run:
            count = AuditEvent.objects.filter(timestamp__lt=retention_cutoff()).count()
            self.stdout.write(f"{count} events are older than {days} days and would be deleted.")
            return
        count = purge_expired()
        self.stdout.write(f"{count} events older than {days} days were deleted.")
