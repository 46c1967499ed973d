from django.core.management.base import BaseCommand

from pocketworld.inquiries.tasks import escalate, schedule_passes


class Command(BaseCommand):
    help = (
        "Tell desk heads of the inquiries unanswered past their escalation time; --schedule "
        "queues the background worker's passes instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="queue the worker's escalation passes"
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            at = schedule_passes()
            self.stdout.write(
                "Escalating inquiries is queued already."
                if at is None
                else f"Escalating inquiries is queued for {at:%Y-%m-%d %H:%M}."
            )
            return
        escalated = escalate()
        self.stdout.write(f"{len(escalated)} inquiries escalated.")
