"""Measure market monitoring's linker and classifier on real headlines, against a registry
of 100,000 companies.

    python -m bench.monitoring [--database-url URL] [--var-dir var/bench-monitoring]
        [--companies 100000] [--items 10000] [--skip-speed] [--show-errors]

1. Fills the bench database as `bench.search_world` does (its companies, no people unless
   asked), and builds the companies' search index when it does not cover them.
2. Adds the labelled set's companies (`bench/data/monitoring/companies.csv`: legal name,
   country, the names they use) through the ORM, so the index's signals index them as the
   product would; they are removed afterwards.
3. Links every headline of `bench/data/monitoring/headlines.csv` (at least 300, five
   languages) with the gazetteer the worker builds, and compares the companies found with
   the labelled ones: precision and recall per language and per part (`tune`, which the
   rules were shaped on, and `test`, which they were not). A link to any other company of
   the registry counts as wrong. Targets: precision ≥ 0.90, recall ≥ 0.85.
4. Classifies the headlines' signals and reports precision and recall per signal.
5. Stores 10,000 items from a source through `services.store_entries` (each linked, its
   links and signals written) and reports the time; the target is ≤ 60 s.

Exits 1 when a target is missed.
"""

import argparse
import csv
import datetime
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.populate.database import BASE_DIR, configure, describe_database
from bench.populate.parameters import SEED
from bench.processes import run_measured
from bench.search_world import add_world_arguments, fill

DATA = BASE_DIR / "bench" / "data" / "monitoring"
TARGET_PRECISION = 0.90
TARGET_RECALL = 0.85
TARGET_SECONDS = 60


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_world_arguments(parser)
    parser.set_defaults(var_dir="var/bench-monitoring", people=0)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--headlines", type=Path, default=DATA / "headlines.csv")
    parser.add_argument("--labelled-companies", type=Path, default=DATA / "companies.csv")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--show-errors", action="store_true", help="List every wrong link.")
    return parser.parse_args(argv)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def index_companies(environment):
    """Build the companies' index in a child process when it does not cover them all."""
    import os

    from django.db import connection

    from pocketworld.companies.models import Company
    from pocketworld.search.models import SearchEntry

    indexed = SearchEntry.objects.filter(kind="company").values("object_id").distinct().count()
    if indexed >= Company.objects.count():
        print(f"Kept the companies' search index ({indexed:,} companies).")
        return
    connection.close()
    command = [sys.executable, "manage.py", "rebuild_search_index", "company"]
    status, seconds, _cpu, peak = run_measured(
        command, cwd=BASE_DIR, env={**os.environ, **environment}
    )
    if status:
        raise SystemExit(f"{' '.join(command)} failed with {status}")
    print(f"Indexed the companies in {seconds:.1f} s (peak {peak:.0f} MB).")


def add_labelled_companies(rows):
    """{company id: key} of the labelled companies, added as a desk officer would, with
    their groups. A registry company that carries one of a labelled company's names as
    its own is that company (a registry holds each company once) and takes the further
    names; more such companies are its group's (their parent is the labelled one)."""
    from pocketworld.companies.choices import NameKind
    from pocketworld.companies.models import Company, CompanyName
    from pocketworld.core.models import Country
    from pocketworld.search.models import SearchEntry
    from pocketworld.search.normalization import name_keys

    countries = set(Country.objects.values_list("pk", flat=True))
    companies, members = {}, {}
    for row in rows:
        names = [row["name"], *filter(None, (name.strip() for name in row["aliases"].split("|")))]
        keys = {key.text for name in names for key in name_keys(name)}
        labelled = [company.pk for company in companies.values()]
        known = list(
            SearchEntry.objects.filter(kind="company", is_main=True, key__in=keys)
            .exclude(object_id__in=labelled)
            .order_by("object_id")
            .values_list("object_id", flat=True)
            .distinct()
        )
        if known:
            company = Company.objects.get(pk=known[0])
            names.append(company.legal_name)
        else:
            company = Company.objects.create(
                legal_name=row["name"],
                country_id=row["country"] if row["country"] in countries else None,
            )
        for name in names[1:]:
            if name != company.legal_name:
                kind = NameKind.NATIVE if not name.isascii() else NameKind.TRADE
                CompanyName.objects.create(company=company, name=name, kind=kind)
        companies[row["key"]] = company
        members[row["key"]] = known[1:]
    for row in rows:
        company = companies[row["key"]]
        if row.get("parent"):
            company.parent = companies[row["parent"]]
            company.save(update_fields=["parent"])
        Company.objects.filter(pk__in=members[row["key"]]).update(parent=company)
    labelled_names = {row["name"] for row in rows}
    found = sum(1 for company in companies.values() if company.legal_name not in labelled_names)
    further = sum(len(ids) for ids in members.values())
    print(f"Registry companies that are labelled ones: {found}, further of their groups: {further}")
    return {company.pk: key for key, company in companies.items()}


def ratio(part, whole):
    return part / whole if whole else 1.0


def measure_linking(gazetteer, headlines, keys, show_errors):
    """{(language, part): Counter(tp, fp, fn)}, and the errors."""
    counts = defaultdict(Counter)
    errors = []
    for row in headlines:
        expected = set(filter(None, row["companies"].split("|")))
        found = gazetteer.find(row["headline"]).companies
        predicted = {keys.get(company_id, f"#{company_id}") for company_id in found}
        for bucket in ((row["language"], row["part"]), ("all", row["part"])):
            counts[bucket]["tp"] += len(predicted & expected)
            counts[bucket]["fp"] += len(predicted - expected)
            counts[bucket]["fn"] += len(expected - predicted)
        if predicted != expected:
            wrong = [
                f"{key}({found[company_id].how} “{found[company_id].text}” "
                f"{found[company_id].confidence:.2f})"
                for company_id in found
                if (key := keys.get(company_id, f"#{company_id}")) not in expected
            ]
            errors.append(
                f"  [{row['part']} {row['language']}] {row['headline']}\n"
                f"      missed {sorted(expected - predicted)} wrong {wrong}"
            )
    if show_errors:
        print("\nWrong links:")
        print("\n".join(errors))
    return counts


def report(title, label, counts):
    """Print precision and recall per (label, part), "all" last; {(label, part): (p, r)}."""
    print(f"\n{title} (precision / recall):")
    print(f"  {label:<14} {'part':<5} {'labels':>6} {'precision':>10} {'recall':>8}")
    results = {}
    for (name, part), count in sorted(
        counts.items(), key=lambda item: (item[0][0] == "all", item[0])
    ):
        precision = ratio(count["tp"], count["tp"] + count["fp"])
        recall = ratio(count["tp"], count["tp"] + count["fn"])
        results[name, part] = (precision, recall)
        print(
            f"  {name:<14} {part:<5} {count['tp'] + count['fn']:>6} "
            f"{precision:>10.3f} {recall:>8.3f}"
        )
    return results


def measure_signals(headlines):
    from pocketworld.monitoring.classification import classify

    counts = defaultdict(Counter)
    for row in headlines:
        expected = set(filter(None, row["signals"].split("|")))
        predicted = {str(signal) for signal in classify(row["headline"])}
        for signal in expected | predicted:
            for bucket in ((signal, row["part"]), ("all", row["part"])):
                counts[bucket]["tp"] += signal in expected and signal in predicted
                counts[bucket]["fp"] += signal in predicted and signal not in expected
                counts[bucket]["fn"] += signal in expected and signal not in predicted
    report("Signals on the labelled headlines", "signal", counts)


def measure_speed(gazetteer, headlines, items):
    """Seconds to store and link `items` entries of one source, as a fetch does."""
    from django.utils import timezone

    from pocketworld.desks.models import Desk
    from pocketworld.monitoring.models import Feed
    from pocketworld.monitoring.parsing import Entry
    from pocketworld.monitoring.services import store_entries

    feed = Feed.objects.create(url="https://bench.example/monitoring.xml", name="bench")
    feed.desks.set(Desk.objects.all()[:1])
    now = timezone.now()
    entries = [
        Entry(
            url=f"https://bench.example/items/{number}",
            title=f"{headlines[number % len(headlines)]['headline']} ({number})",
            published=now - datetime.timedelta(minutes=number),
        )
        for number in range(items)
    ]
    started = time.perf_counter()
    new, known = store_entries(feed, entries, now, gazetteer)
    seconds = time.perf_counter() - started
    print(
        f"\nStored and linked {new:,} items ({known} known) in {seconds:.1f} s "
        f"({new / seconds:,.0f} items/s)"
    )
    return seconds


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    print(f"Monitoring bench database: {describe_database()}", flush=True)
    if not fill(options, report=lambda line: print(line, flush=True)):
        return 1
    index_companies(environment)

    from django.db import transaction

    from pocketworld.companies.models import Company
    from pocketworld.monitoring.linking import gazetteer_from_database

    headlines = read_csv(options.headlines)
    labelled = read_csv(options.labelled_companies)
    languages = Counter(row["language"] for row in headlines)
    per_language = ", ".join(f"{code} {count}" for code, count in sorted(languages.items()))
    print(
        f"{len(headlines)} labelled headlines ({per_language}), {len(labelled)} labelled companies"
    )
    missed = []
    with transaction.atomic():
        keys = add_labelled_companies(labelled)
        print(f"Registry: {Company.objects.count():,} companies", flush=True)
        started = time.perf_counter()
        gazetteer = gazetteer_from_database()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"Built the gazetteer in {time.perf_counter() - started:.1f} s "
            f"(process peak {peak:.0f} MB)"
        )
        started = time.perf_counter()
        counts = measure_linking(gazetteer, headlines, keys, options.show_errors)
        seconds = time.perf_counter() - started
        print(f"Linked {len(headlines)} headlines in {seconds * 1000:.0f} ms")
        results = report("Company links on the labelled headlines", "language", counts)
        for part in ("tune", "test"):
            precision, recall = results.get(("all", part), (1, 1))
            if precision < TARGET_PRECISION:
                missed.append(f"precision {precision:.3f} < {TARGET_PRECISION} ({part})")
            if recall < TARGET_RECALL:
                missed.append(f"recall {recall:.3f} < {TARGET_RECALL} ({part})")
        measure_signals(headlines)
        if not options.skip_speed:
            seconds = measure_speed(gazetteer, headlines, options.items)
            if seconds > TARGET_SECONDS:
                missed.append(f"{options.items:,} items took {seconds:.0f} s")
        transaction.set_rollback(True)
    if missed:
        print("\nMissed: " + "; ".join(missed))
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
