from django.conf import settings
from django.core.management.base import BaseCommand

from pocketworld.core.schedule import queue_daily_saying
from pocketworld.inquiries.retention import purge
from pocketworld.inquiries.tasks import PURGE_HOUR, purge_inquiries


class Command(BaseCommand):
    help = (
        "Delete spam older than INQUIRY_SPAM_DAYS and the inquirer's data of inquiries nothing "
        "followed from, INQUIRY_KEEP_DAYS after their triage; --schedule queues it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the nightly purge for the background worker, unless it is queued already.",
        )

    def handle(self, schedule, **options):
        if schedule:
            self.stdout.write(
                queue_daily_saying(purge_inquiries, PURGE_HOUR, "The purge of inquiries")
            )
            return
        deleted, anonymised = purge()
        self.stdout.write(
            f"{deleted} spam inquiries older than {settings.INQUIRY_SPAM_DAYS} days deleted; "
            f"{anonymised} inquiries without their inquirer's data, "
            f"{settings.INQUIRY_KEEP_DAYS} days after their triage."
        )
