from django.core.management.base import BaseCommand

from pocketworld.core import statistics
from pocketworld.core.schedule import queue_daily_saying
from pocketworld.core.tasks import STATISTICS_HOUR, refresh_statistics


class Command(BaseCommand):
    help = (
        "Refresh the row counts SQLite's query planner chooses indexes by (ANALYZE); "
        "PostgreSQL keeps its own. --schedule queues it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the nightly refresh for the background worker, unless queued already.",
        )

    def handle(self, schedule, **options):
        if schedule:
            self.stdout.write(
                queue_daily_saying(refresh_statistics, STATISTICS_HOUR, "The statistics refresh")
            )
            return
        tables = statistics.refresh()
        self.stdout.write(
            f"Statistics of {len(tables)} tables refreshed."
            if tables
            else "Nothing to do: the database keeps its statistics itself."
        )
