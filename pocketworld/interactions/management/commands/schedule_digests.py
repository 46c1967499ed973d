from django.core.management.base import BaseCommand

from pocketworld.core.schedule import queue_daily_saying
from pocketworld.interactions.tasks import DIGEST_HOUR, send_daily_digests


class Command(BaseCommand):
    help = "Queue the daily digests for the next morning, unless they are queued already."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send the digests now.")

    def handle(self, now, **options):
        if now:
            send_daily_digests.enqueue()
            self.stdout.write("Daily digests queued to go out now.")
            return
        self.stdout.write(queue_daily_saying(send_daily_digests, DIGEST_HOUR, "The daily digest"))
