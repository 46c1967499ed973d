"""Fill a database with a large, deterministic world for the page benchmark.

    python -m bench.populate [--database-url URL] [--var-dir var/bench]
        [--companies 100000] [--people 200000] [--partners 2000] [--projects 20000]
        [--interactions 1000000] [--tasks 50000] [--events 2000]

Desks, their coverage, the users, the tags and the one company with a long history go
through the ORM. The bulk (companies, names, sites, people, partner organisations,
projects with their stage history, interactions, tasks, events, tagged records) is written
with COPY on PostgreSQL and executemany on SQLite, in one transaction and without history
rows; then the product's `rebuild_index` writes the search index, and the planner's
statistics are gathered. A database whose counts already match is reused; a bench database
that does not match is wiped and filled again.
"""

import argparse
import sys
import time

from bench.populate.database import (
    add_database_arguments,
    configure,
    current_counts,
    describe_database,
    prepare_schema,
    wanted_counts,
    wipe,
)
from bench.populate.parameters import SEED
from bench.populate.world import World


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.populate", description=__doc__.split("\n\n")[0]
    )
    add_database_arguments(parser)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument(
        "--people", type=int, default=200_000, help="People in all, each with a position."
    )
    parser.add_argument("--partners", type=int, default=2_000, help="Partner organisations.")
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--force", action="store_true", help="Wipe and fill the bench database even if it matches."
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    configure(options.database_url, options.var_dir)
    wanted = wanted_counts(options)
    print(f"Bench database: {describe_database()}", flush=True)
    prepare_schema()
    counts = current_counts()
    if counts == wanted and not options.force:
        print(
            "Reused the populated bench database: "
            + ", ".join(f"{value:,} {name}" for name, value in counts.items()),
            flush=True,
        )
        return 0
    if counts and any(counts.values()):
        reason = "--force" if counts == wanted else f"it holds {counts}, wanted {wanted}"
        print(f"Wiping the bench database ({reason}).", flush=True)
        wipe()
        prepare_schema()
    started = time.perf_counter()
    print("Populating:", flush=True)
    World(options, report=lambda line: print(line, flush=True)).build()
    print(f"Populated in {time.perf_counter() - started:.0f} s.", flush=True)
    counts = current_counts()
    if counts != wanted:
        print(f"Counts differ after populating: {counts} instead of {wanted}", file=sys.stderr)
        return 1
    return 0
