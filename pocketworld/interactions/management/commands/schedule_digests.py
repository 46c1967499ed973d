from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pocketworld.interactions.tasks import next_digest_time, send_daily_digests


class Command(BaseCommand):
    help = "Queue the daily digests for the next morning, unless they are queued already."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send the digests now.")

    def handle(self, now, **options):
        if now:
            send_daily_digests.enqueue()
            self.stdout.write("Daily digests queued to go out now.")
            return
        pending = DBTaskResult.objects.filter(
            task_path=send_daily_digests.module_path, status=TaskResultStatus.READY
        )
        if pending.exists():
            self.stdout.write("Daily digests are queued already.")
            return
        at = next_digest_time()
        send_daily_digests.using(run_after=at).enqueue()
        self.stdout.write(f"Daily digests queued for {at:%Y-%m-%d %H:%M}.")
