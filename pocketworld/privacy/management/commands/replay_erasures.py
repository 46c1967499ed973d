"""python manage.py replay_erasures

After an older backup was restored, erases again everyone erased since it was made: the
tombstones keep the ids the erased people had, and whoever exists again under one is
erased through the same service (`privacy.erasure.replay_erasures`). The README's
"Restoring a backup" says how the tombstones made since the backup come along.
"""

from django.core.management.base import BaseCommand
from django.utils import translation

from pocketworld.privacy.erasure import replay_erasures


class Command(BaseCommand):
    help = "Erase again the people an older backup brought back (after a restore)."

    def handle(self, **options):
        with translation.override("en"):  # the report, as Django's own commands
            replayed = replay_erasures()
            for erasure, again in replayed:
                self.stdout.write(
                    f"Erased again (tombstone {erasure.pk}): {sum(again.removed.values())} "
                    f"rows (tombstone {again.pk})."
                )
            count = len(replayed)
            self.stdout.write(f"{count} {'person' if count == 1 else 'people'} erased again.")
