from django.core.management.base import BaseCommand, CommandError

from pocketworld.contacts.models import Person
from pocketworld.core.schedule import queue_daily_saying
from pocketworld.privacy.retention import due_for_review, list_due
from pocketworld.privacy.tasks import REVIEW_HOUR, erase_overdue, review_retention


class Command(BaseCommand):
    help = (
        "Erase the people whose retention ran out a grace period ago and whom nobody kept "
        "longer, and list who is due for review (for My day and the digest)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say whom the review would erase; erase no one."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the nightly review for the background worker, unless it is queued already.",
        )

    def handle(self, dry_run, schedule, **options):
        if schedule:
            self.stdout.write(
                queue_daily_saying(review_retention, REVIEW_HOUR, "The retention review")
            )
            return
        outcomes = erase_overdue(dry_run=dry_run)
        failed = [outcome for outcome in outcomes if outcome.error]
        for outcome in outcomes:
            if outcome.error:
                self.stderr.write(f"Could not erase person {outcome.person_id}: {outcome.error}")
            else:
                verb = "Would erase" if dry_run else "Erased"
                self.stdout.write(f"{verb} person {outcome.person_id}: {outcome.reason}")
        done = len(outcomes) - len(failed)
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(f"{done} {'person' if done == 1 else 'people'} {verb}.")
        # A dry run changes nothing, not even the list My day reads.
        due = due_for_review(Person.objects.all()).count() if dry_run else list_due()
        self.stdout.write(f"{due} {'person is' if due == 1 else 'people are'} due for review.")
        if failed:
            raise CommandError(f"{len(failed)} erasures failed; the log has the details.")
