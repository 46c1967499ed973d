from django.core.management.base import BaseCommand

from pocketworld.core.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load countries, languages, sectors (NACE/WZ 2008), occupations (ISCO-08), "
        "municipalities; idempotent."
    )

    def handle(self, **options):
        for name, (created, updated) in load_reference_data().items():
            if created or updated:
                self.stdout.write(f"{name}: {created} created, {updated} updated")
