"""Personal data at the scale of the page benchmark's world: the erasure's confirmation
(`erasure_preview`), an access export and the erasure itself, for the people of the company
with the long timeline, each searched for in every text column of 100,000 companies and
1,000,000 interactions.

    python -m bench.erasure [--database-url URL] [--var-dir var/bench] [--runs 3]

Each erasure runs in a transaction that is rolled back, so the database stays as populated
and the next run erases the same people. Prints one table and exits 1 when a target is
missed: the confirmation page and the export answer a request, the erasure is one.
"""

import argparse
import resource
import statistics
import sys
import time

from bench.pages import conclude
from bench.populate.database import add_database_arguments, configure, describe_database
from bench.populate.parameters import LONG_TIMELINE_COMPANY

TARGET_SECONDS = 10
DIRECTOR_USERNAME = "bench.director"
REASON = "Request of the benchmark, ref. BENCH-1"


class RolledBack(Exception):
    """Leaves the erasure's transaction so that nothing of it stays."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--runs", type=int, default=3, help="Timed runs per step and person.")
    return parser.parse_args(argv)


def timed(function, runs):
    """[seconds] of `runs` calls of `function`, and its last result."""
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def erase_and_roll_back(person, director):
    """The erasure's tombstone counts, in a transaction that is undone afterwards."""
    from django.db import transaction

    from pocketworld.privacy.erasure import erase_person

    try:
        with transaction.atomic():
            erasure = erase_person(person, erased_by=director, reason=REASON)
            removed = sum(erasure.removed.values())
            raise RolledBack
    except RolledBack:
        return removed


def main(argv=None):
    options = parse_args(argv)
    configure(options.database_url, options.var_dir)
    from django.contrib.auth import get_user_model

    from pocketworld.contacts.models import Person
    from pocketworld.privacy.erasure import erasure_preview
    from pocketworld.privacy.exports import make_access_export
    from pocketworld.privacy.models import AccessExport

    director = get_user_model().objects.filter(username=DIRECTOR_USERNAME).first()
    people = list(
        Person.objects.filter(positions__company__legal_name=LONG_TIMELINE_COMPANY).order_by("pk")
    )
    if director is None or not people:
        raise SystemExit("The bench database is not populated: run python -m bench.populate")
    print(f"pocketworld personal data benchmark: {describe_database()}", flush=True)

    rows = []
    for person in people:
        preview, places = timed(lambda person=person: erasure_preview(person), options.runs)
        export, data = timed(
            lambda person=person: make_access_export(person, user=director, language="de"),
            options.runs,
        )
        erase, removed = timed(
            lambda person=person: erase_and_roll_back(person, director), options.runs
        )
        rows.append((person, preview, len(places), export, len(data.content), erase, removed))
        print(f"  {person}: erasure {max(erase):.2f} s", flush=True)
    # The exports' log entries are the benchmark's, not the world's.
    AccessExport.objects.filter(person__in=people, exported_by=director).delete()

    print()
    print(f"pocketworld personal data benchmark — {describe_database()}")
    print(
        f"{options.runs} runs per step and person; target: each step ≤ {TARGET_SECONDS} s "
        f"(its slowest run)"
    )
    print()
    header = (
        f"{'person':<18} {'preview s':>10} {'places':>7} {'export s':>9} {'ZIP kB':>7} "
        f"{'erase s':>8} {'rows':>6}"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for person, preview, places, export, size, erase, removed in rows:
        print(
            f"{str(person)[:18]:<18} {statistics.median(preview):>10.2f} {places:>7} "
            f"{statistics.median(export):>9.2f} {size / 1024:>7.0f} "
            f"{statistics.median(erase):>8.2f} {removed:>6}"
        )
        for step, seconds in (("preview", preview), ("export", export), ("erasure", erase)):
            if max(seconds) > TARGET_SECONDS:
                missed.append(f"{person} {step}: {max(seconds):.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident memory of the process: {peak:.0f} MB")
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
