import time

from django.core.management.base import BaseCommand, CommandError

from pocketworld.search.indexing import indexes
from pocketworld.search.services import rebuild_index


class Command(BaseCommand):
    help = "Write the search index anew from the records (all kinds, or those named)."

    def add_arguments(self, parser):
        parser.add_argument(
            "kinds", nargs="*", help=f"Only these kinds of records: {', '.join(indexes())}."
        )

    def handle(self, *, kinds, verbosity, **options):
        if unknown := set(kinds) - set(indexes()):
            raise CommandError(
                f"Unknown kind {', '.join(sorted(unknown))}; the kinds are {', '.join(indexes())}."
            )
        started = time.perf_counter()

        def report(kind, count):
            if verbosity:
                elapsed = time.perf_counter() - started
                self.stdout.write(f"{kind}: {count:,} entries ({elapsed:.1f} s)")

        written = rebuild_index(kinds or None, report=report)
        if verbosity:
            total = sum(written.values())
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Search index rebuilt: {total:,} entries in {elapsed:.1f} s.")
