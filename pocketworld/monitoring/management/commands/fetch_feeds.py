from django.core.management.base import BaseCommand, CommandError

from pocketworld.monitoring import services
from pocketworld.monitoring.models import Feed
from pocketworld.monitoring.tasks import schedule_passes


class Command(BaseCommand):
    help = (
        "Read the news sources that are due (or one source, --feed ID, due or not) and link "
        "their new items; --schedule queues the background worker's passes instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="the id of one source, read now")
        parser.add_argument(
            "--schedule", action="store_true", help="queue the worker's passes over the sources"
        )

    def handle(self, *args, feed=None, schedule=False, **options):
        if schedule:
            at = schedule_passes()
            self.stdout.write(
                "Reading the news sources is queued already."
                if at is None
                else f"Reading the news sources is queued for {at:%Y-%m-%d %H:%M}."
            )
            return
        if feed is not None:
            source = Feed.objects.filter(pk=feed).first()
            if source is None:
                raise CommandError(f"There is no news source with the id {feed}.")
            outcomes = [services.fetch_feed(source)]
        else:
            outcomes = services.fetch_due()
        for outcome in outcomes:
            if outcome.error:
                line = f"{outcome.feed}: failed: {outcome.error}"
            elif outcome.not_modified:
                line = f"{outcome.feed}: not modified"
            else:
                line = f"{outcome.feed}: {outcome.new} new, {outcome.known} known"
            self.stdout.write(line)
        if not outcomes:
            self.stdout.write("No news source is due.")
