"""How fast and how lean the import runs: a large chamber list against a large registry."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.imports.chamber_list import VARIANTS, Registry, chamber_list
from bench.imports.databases import copy_database, database_url, sibling_database, use_database
from bench.imports.quality import LISTED
from bench.populate import main as populate
from bench.populate.database import BASE_DIR, is_postgresql
from bench.processes import run_measured

TARGET_SECONDS = 120
TARGET_MB = 500


def fill_world(options, environment, populated):
    """The populated bench database with its search index; False when populating failed."""
    from django.db import connection

    from pocketworld.companies.models import Company
    from pocketworld.search.models import SearchEntry
    from pocketworld.search.services import rebuild_index

    use_database(populated)
    status = populate(
        [
            "--database-url",
            environment["DATABASE_URL"],
            "--var-dir",
            options.var_dir,
            "--seed",
            str(options.seed),
            "--companies",
            str(options.companies),
            "--projects",
            "0",
            "--interactions",
            "0",
            "--tasks",
            "0",
        ]
    )
    if status:
        return False
    indexed = SearchEntry.objects.filter(kind="company").values("object_id").distinct().count()
    if indexed != Company.objects.count():
        started = time.perf_counter()
        written = rebuild_index(["company"])["company"]
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"  search index: {time.perf_counter() - started:.1f} s ({written:,} entries)",
            flush=True,
        )
    return True


def run_import(path, environment, url, log):
    """`manage.py import` in a child process: (exit status, wall seconds, CPU seconds, peak
    resident MB of the child itself)."""
    command = [sys.executable, "manage.py", "import", str(path), "--kind", "companies"]
    child_environment = {**os.environ, **environment, "DATABASE_URL": url}
    with open(log, "w", encoding="utf-8") as output:
        return run_measured(
            command, cwd=BASE_DIR, env=child_environment, stdout=output, stderr=subprocess.STDOUT
        )


def report_planted(planted):
    """Planted duplicates found per variant, and the rows flagged that were not planted."""
    from pocketworld.imports.dedup import is_duplicate
    from pocketworld.imports.models import ImportRun

    run = ImportRun.objects.order_by("-pk").first()
    rows = run.rows.order_by("number").values_list("values", "candidates")
    per_variant = {variant: Counter() for variant, _share in VARIANTS}
    false_alarms = []
    read = 0
    for (values, candidates), truth in zip(rows.iterator(chunk_size=5000), planted, strict=False):
        read += 1
        flagged = is_duplicate(candidates)
        if truth is None:
            if flagged:
                false_alarms.append((values.get("legal_name", ""), candidates[0]))
            continue
        counts = per_variant[truth.variant]
        counts["planted"] += 1
        if flagged:
            counts["found"] += 1
            counts["itself"] += candidates[0].get("id") == truth.company_id
    if read != len(planted):
        print(f"  The run has {read:,} rows, the file {len(planted):,}: not compared.")
        return
    print("\nPlanted duplicates found (flagged as duplicates; pointing at the company itself,")
    print("not a namesake: bench.populate draws its names from 56 stems and 28 words):")
    print(f"  {'variant':<20}{'planted':>9}{'found':>8}{'recall':>8}{'itself':>8}")
    total = Counter()
    for variant, counts in per_variant.items():
        total.update(counts)
        if counts["planted"]:
            print(
                f"  {variant:<20}{counts['planted']:>9,}{counts['found']:>8,}"
                f"{counts['found'] / counts['planted']:>8.3f}{counts['itself']:>8,}"
            )
    found, flagged = total["found"], total["found"] + len(false_alarms)
    print(
        f"  {'all':<20}{total['planted']:>9,}{found:>8,}{found / total['planted']:>8.3f}"
        f"{total['itself']:>8,}"
    )
    reasons = Counter(candidate["reason"] for _name, candidate in false_alarms)
    print(
        f"  rows flagged as duplicates {flagged:,}, of them not planted {len(false_alarms):,} "
        f"({', '.join(f'{count:,} {reason}' for reason, count in reasons.most_common())}): "
        f"precision {found / flagged if flagged else 1.0:.3f}"
    )
    for name, candidate in false_alarms[:LISTED]:
        print(
            f"    {name!r} → {candidate['label']!r} ({candidate['score']:.2f}, "
            f"{candidate['reason']})"
        )


def measure_speed(options, environment, populated, missed):
    from pocketworld.companies.models import Company
    from pocketworld.imports.choices import RowOutcome
    from pocketworld.imports.models import ImportRun

    print(flush=True)
    if not fill_world(options, environment, populated):
        missed.append("populating the bench database failed")
        return
    registry = Registry()
    var = Path(environment["POCKETWORLD_VAR_DIR"])
    started = time.perf_counter()
    path, planted, collisions, reused = chamber_list(registry, options, var)
    print(
        f"\nChamber list {path}: {len(planted):,} rows, {path.stat().st_size / 2**20:.1f} MB, "
        f"{sum(truth is not None for truth in planted):,} planted duplicates; "
        f"{collisions} new names have a key of the registry or of an earlier row "
        + ("(reused)" if reused else f"(made in {time.perf_counter() - started:.0f} s)"),
        flush=True,
    )

    work = sibling_database(populated, "work")
    started = time.perf_counter()
    copy_database(populated, work)
    print(f"Restored the populated world as {work} in {time.perf_counter() - started:.1f} s")

    log = var / "import.log"
    load_before = os.getloadavg()[0]
    url = database_url(environment, work)
    status, seconds, cpu, megabytes = run_import(path, environment, url, log)
    print(f"\nmanage.py import {path.name} --kind companies (log: {log}):")
    print(
        f"  wall time {seconds:.1f} s (target ≤ {TARGET_SECONDS} s), CPU time {cpu:.1f} s; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"  peak resident memory {megabytes:.0f} MB (target ≤ {TARGET_MB} MB)")
    if status:
        print(f"  failed with exit status {status}; the log ends:")
        for line in log.read_text(encoding="utf-8").splitlines()[-25:]:
            print(f"    {line}")
        missed.append(f"the import failed (exit status {status})")
        return
    if seconds > TARGET_SECONDS:
        missed.append(f"the import took {seconds:.0f} s > {TARGET_SECONDS} s")
    if megabytes > TARGET_MB:
        missed.append(f"the import took {megabytes:.0f} MB > {TARGET_MB} MB")

    use_database(work)
    run = ImportRun.objects.order_by("-pk").first()
    outcomes = ", ".join(
        f"{run.counts.get(outcome, 0):,} {outcome}" for outcome in RowOutcome.values
    )
    print(f"  outcomes: {outcomes}")
    print(f"  companies now {Company.objects.count():,} (were {len(registry.companies):,})")
    problems = Counter(
        problem["message"]
        for row_problems in run.rows.exclude(problems=[]).values_list("problems", flat=True)
        for problem in row_problems
    )
    for message, count in problems.most_common(5):
        print(f"  {count:,} rows: {message}")
    report_planted(planted)
