"""Measure the company import: a large chamber list against a large registry, and duplicate
detection on hand-labelled public data.

    python -m bench.imports [--database-url URL] [--var-dir var/bench-imports]
        [--rows 100000] [--duplicate-share 0.1] [--seed 20250601] [--companies 100000]
        [--skip-quality] [--skip-speed]

1. Quality, in a small database of its own beside the bench one (migrated, reference data
   loaded, everything rolled back afterwards): the Dutch PATSTAT applicants hand-labelled
   by KU Leuven (`bench/data/patstat_companies.csv`) and the two parts of the company
   listings labelled by identifier (`company_listings.csv`). Companies exist, the other
   records are imported as one file, by a director, through `services.upload` and
   `services.check`; precision and recall of the rows found to be duplicates (the
   targets: ≥ 0.95 and ≥ 0.90, on PATSTAT and on the listings' holdout part), and Splink's
   figures on the same rows beside them. Then the cross-script pairs
   (`cross_script_names.csv`), one name of each existing and the other imported, in both
   directions (not a target).
2. Speed: fills the bench database with `bench.populate` (companies, their names and
   sites, no projects, interactions or tasks) and the search index, writes a seeded chamber
   list (`Firma;Land;Mitarbeiter;Website;Straße;PLZ;Ort`, UTF-8 with BOM) with new
   companies and planted duplicates of the registry's written differently, copies the
   database, and runs `manage.py import FILE --kind companies` on the copy in a child
   process: wall time and the child's peak resident memory (the targets: ≤ 120 s, ≤ 500
   MB), the outcomes, and how many planted duplicates were found.

Exits 1 when a target is missed.
"""

import argparse

from bench.imports.quality import measure_quality
from bench.imports.speed import measure_speed
from bench.pages import conclude
from bench.populate.database import add_database_arguments, configure, describe_database
from bench.populate.parameters import SEED

DEFAULT_VAR_DIR = "var/bench-imports"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__.split("\n\n")[0]
    )
    add_database_arguments(parser)
    parser.set_defaults(var_dir=DEFAULT_VAR_DIR)
    parser.add_argument("--rows", type=int, default=100_000, help="Rows of the chamber list.")
    parser.add_argument(
        "--duplicate-share",
        type=float,
        default=0.1,
        help="Share of the rows that are companies of the registry written differently.",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="Of the world and the file.")
    parser.add_argument("--companies", type=int, default=100_000, help="Companies of the registry.")
    parser.add_argument("--skip-speed", action="store_true", help="Measure the quality only.")
    parser.add_argument("--skip-quality", action="store_true", help="Measure the speed only.")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    from django.conf import settings
    from django.utils import translation

    translation.activate("en")  # the reasons of candidates, as the command prints them
    populated = str(settings.DATABASES["default"]["NAME"])
    print(f"pocketworld import benchmark: {describe_database()}", flush=True)
    missed = []
    if not options.skip_quality:
        measure_quality(options, populated, missed)
    if not options.skip_speed:
        measure_speed(options, environment, populated, missed)
    return conclude(missed)
