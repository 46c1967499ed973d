"""Measure the programmes' pages at 50 programmes, 5,000 start-ups in cohorts and 20,000
candidates.

    python -m bench.programmes [--database-url URL] [--var-dir var/bench-programmes]
                               [--requests 100]

1. Fills the database once (wiped and filled again when what it holds differs; only a
   database whose name says bench is wiped): 25 start-up programmes of
   4 cohorts with 200 start-ups each, 25 skilled-worker programmes of 4 cohorts with 800
   candidates each, spread over every stage with their moves, milestones and placements;
   10 colleges, 500 open positions at 200 employers. Rows are written in bulk.
2. Renders each page once in-process to count its SQL queries.
3. Starts gunicorn as bench.pages does and requests each page `--requests` times, signed
   in as an officer of the programmes' desks (who sees their candidates).

Prints one table and exits 1 when a target is missed.
"""

import argparse
import datetime
import itertools
import os
import random
import sys
import time
from pathlib import Path

from bench.pages import (
    Browser,
    Server,
    add_server_arguments,
    conclude,
    count_queries,
    free_port,
    measure,
    page_table,
    percentile,
    print_slowest_sql,
)
from bench.populate.database import (
    add_database_arguments,
    configure,
    describe_database,
    prepare_schema,
    wipe,
)

TARGET_P95_MS = 100
QUERY_BUDGET = 30
SEED = 20261206
PROGRAMMES = 50  # half for start-ups, half for skilled workers
COHORTS = 4  # per programme
STARTUPS = 5_000
CANDIDATES = 20_000
EMPLOYERS, POSITIONS, COLLEGES = 200, 500, 10
OFFICER, PASSWORD = "bench.programmes", "bench-pocketworld-2026"
# The occupations candidates train for and employers offer (ISCO-08 unit groups).
OCCUPATIONS = ["2221", "3221", "5321", "7411", "7412", "7233", "7231", "2512", "3512", "7212"]
FIRST_DAY = datetime.date(2024, 1, 8)

PAGES = [
    ("programme, start-ups", "/programmes/{startup_programme}/"),
    ("programme, skilled workers", "/programmes/{worker_programme}/"),
    ("candidate list", "/candidates/"),
    ("candidate list, programme", "/candidates/?programme={worker_programme}"),
    ("candidate list, stage+job", "/candidates/?stage=language&occupation=2221"),
    ("candidate list, page 40", "/candidates/?page=40"),
    ("start-up list, programme", "/programme-startups/?programme={startup_programme}"),
    ("candidate", "/candidates/{candidate}/"),
    ("open position", "/open-positions/{position}/"),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.set_defaults(var_dir="var/bench-programmes")
    add_server_arguments(parser, requests=100, warmup=5, per="page")
    return parser.parse_args(argv)


# --- the world ---------------------------------------------------------------------------


def expected_counts():
    return {"programmes": PROGRAMMES, "start-ups": STARTUPS, "candidates": CANDIDATES}


def current_counts():
    from pocketworld.programmes.models import Candidate, Membership, Programme

    return {
        "programmes": Programme.objects.count(),
        "start-ups": Membership.objects.count(),
        "candidates": Candidate.objects.count(),
    }


def day_after(day, rng, most=40):
    return day + datetime.timedelta(days=rng.randint(1, most))


def populate():
    """Fill the database in bulk; (seconds, counts)."""
    from django.db import transaction

    from pocketworld.accounts.models import User
    from pocketworld.companies.models import Company, PartnerOrganisation
    from pocketworld.contacts.models import Person
    from pocketworld.core.models import Occupation
    from pocketworld.desks.models import Desk, DeskMembership

    started = time.perf_counter()
    rng = random.Random(SEED)
    wipe()  # refuses a database whose name does not say bench
    prepare_schema()
    with transaction.atomic():
        startups_desk = Desk.objects.create(name="Start-ups", slug="startups")
        workers_desk = Desk.objects.create(name="Skilled workers", slug="skilled-workers")
        officer = User.objects.create_user(OFFICER, password=PASSWORD, role="staff")
        for desk in (startups_desk, workers_desk):
            DeskMembership.objects.create(desk=desk, user=officer, role="officer")
        occupations = {
            occupation.code: occupation
            for occupation in Occupation.objects.filter(code__in=OCCUPATIONS)
        }
        companies = Company.objects.bulk_create(
            Company(legal_name=f"Bench start-up {number} K.K.", country_id="JP")
            for number in range(STARTUPS)
        )
        employers = Company.objects.bulk_create(
            Company(legal_name=f"Bench employer {number} GmbH", country_id="DE")
            for number in range(EMPLOYERS)
        )
        partners = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(
                name=f"Bench college {number}", kind="college", partnership="education",
                country_id="IN",
            )
            for number in range(COLLEGES)
        )  # fmt: skip
        colleges, courses = bench_colleges(partners, occupations)
        startup_programmes, worker_programmes = bench_programmes(startups_desk, workers_desk)
        positions = bench_positions(rng, employers, occupations, worker_programmes)
        bench_startups(rng, startup_programmes, companies, officer)
        people = Person.objects.bulk_create(
            Person(
                given_name=f"Given{number}", family_name=f"Family{number}",
                email=f"candidate{number}@bench.example", legal_basis="consent",
                consent_given_on=FIRST_DAY, desk=workers_desk,
            )
            for number in range(CANDIDATES)
        )  # fmt: skip
        bench_candidates(rng, worker_programmes, people, colleges, courses, positions, officer)
    return time.perf_counter() - started, current_counts()


def bench_colleges(partners, occupations):
    from pocketworld.programmes.models import College, Course

    colleges = College.objects.bulk_create(College(partner=partner) for partner in partners)
    courses = Course.objects.bulk_create(
        Course(
            college=college, name=f"Course {code}", occupation=occupations[code],
            german_level="B1",
        )
        for college in colleges
        for code in OCCUPATIONS
    )  # fmt: skip
    return colleges, courses


def bench_programmes(startups_desk, workers_desk):
    from pocketworld.programmes.models import Cohort, Programme

    half = PROGRAMMES // 2
    programmes = Programme.objects.bulk_create(
        Programme(
            kind="startup_acceleration" if number < half else "skilled_workers",
            name=f"Bench programme {number}",
            starts_on=FIRST_DAY,
            retention_months=None if number < half else 24,
        )
        for number in range(PROGRAMMES)
    )
    for programme in programmes:
        programme.desks.set(
            [startups_desk if programme.kind == "startup_acceleration" else workers_desk]
        )
    Cohort.objects.bulk_create(
        Cohort(
            programme=programme,
            name=f"Cohort {number}",
            starts_on=FIRST_DAY + datetime.timedelta(days=91 * number),
            ends_on=FIRST_DAY + datetime.timedelta(days=91 * number + 180),
        )
        for programme in programmes
        for number in range(COHORTS)
    )
    return programmes[:half], programmes[half:]


def bench_positions(rng, employers, occupations, programmes):
    from pocketworld.programmes.models import OpenPosition

    return OpenPosition.objects.bulk_create(
        OpenPosition(
            company=employers[number % len(employers)],
            occupation=occupations[rng.choice(OCCUPATIONS)],
            places=rng.randint(1, 8),
            german_level=rng.choice(["A2", "B1", "B2"]),
            starts_on=FIRST_DAY + datetime.timedelta(days=rng.randint(0, 900)),
            programme=rng.choice(programmes),
        )
        for number in range(POSITIONS)
    )


def walk(rng, path, first_day):
    """[(from, to, day)] of a record's way along `path` to a stage drawn at random."""
    steps = rng.randint(1, len(path))
    moves, day = [("", path[0], first_day)], first_day
    for before, after in itertools.pairwise(path[:steps]):
        day = day_after(day, rng)
        moves.append((before, after, day))
    return moves


def bench_startups(rng, programmes, companies, officer):
    from pocketworld.programmes.models import Cohort, Membership, MembershipMove, Milestone
    from pocketworld.programmes.services import PATH

    cohorts = list(Cohort.objects.filter(programme__in=programmes))
    memberships, ways = [], []
    for number, company in enumerate(companies):
        cohort = cohorts[number % len(cohorts)]
        applied = cohort.starts_on - datetime.timedelta(days=rng.randint(10, 60))
        way = walk(rng, PATH, applied)
        ways.append(way)
        memberships.append(
            Membership(
                cohort=cohort, company=company, applied_on=applied, stage=way[-1][1],
                stage_changed_on=way[-1][2], team_size=rng.randint(2, 60), startup_stage="seed",
            )
        )  # fmt: skip
    memberships = Membership.objects.bulk_create(memberships)
    MembershipMove.objects.bulk_create(
        MembershipMove(
            membership=membership, from_stage=before, to_stage=after, moved_on=day,
            moved_by=officer,
        )
        for membership, way in zip(memberships, ways, strict=True)
        for before, after, day in way
    )  # fmt: skip
    Milestone.objects.bulk_create(
        Milestone(
            membership=membership, kind=kind, due_on=day_after(membership.applied_on, rng, 400)
        )
        for membership in memberships
        for kind in ("registered_company", "first_customer")
    )


def bench_candidates(rng, programmes, people, colleges, courses, positions, officer):
    from pocketworld.programmes.models import Candidate, CandidateMove, Cohort, Placement
    from pocketworld.programmes.services import CANDIDATE_PATH

    cohorts = list(Cohort.objects.filter(programme__in=programmes))
    candidates, ways = [], []
    for number, person in enumerate(people):
        cohort = cohorts[number % len(cohorts)]
        college = colleges[number % len(colleges)]
        course = courses[(number % len(colleges)) * len(OCCUPATIONS) + number % len(OCCUPATIONS)]
        nominated = cohort.starts_on - datetime.timedelta(days=rng.randint(10, 60))
        way = walk(rng, CANDIDATE_PATH, nominated)
        reached = {after for _before, after, _day in way}
        ways.append(way)
        candidates.append(
            Candidate(
                cohort=cohort, person=person, college=college, course=course,
                occupation_id=course.occupation_id, country_id="IN", nominated_on=nominated,
                stage=way[-1][1], stage_changed_on=way[-1][2],
                german_level="B1" if "language" in reached else "",
                recognition="full" if "recognition" in reached else "",
                position=rng.choice(positions) if "matched" in reached else None,
            )
        )  # fmt: skip
    candidates = Candidate.objects.bulk_create(candidates)
    CandidateMove.objects.bulk_create(
        CandidateMove(
            candidate=candidate, from_stage=before, to_stage=after, moved_on=day,
            moved_by=officer,
        )
        for candidate, way in zip(candidates, ways, strict=True)
        for before, after, day in way
    )  # fmt: skip
    Placement.objects.bulk_create(
        Placement(
            candidate=candidate,
            position=candidate.position,
            starts_on=candidate.stage_changed_on,
            employed_after_12_months=rng.random() < 0.8,
        )
        for candidate in candidates
        if candidate.stage == "placed"
    )


def analyze():
    """Let the database's planner know the tables as they are after the bulk writes, as
    autovacuum (PostgreSQL) or `ANALYZE` would in a running installation."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- the pages ---------------------------------------------------------------------------


def targets():
    from django.db.models import Count

    from pocketworld.accounts.models import User
    from pocketworld.programmes.models import Candidate, OpenPosition, Programme

    def largest(kind, relation):
        return (
            Programme.objects.filter(kind=kind)
            .annotate(size=Count(relation))
            .order_by("-size", "pk")
            .first()
        )

    return User.objects.get(username=OFFICER), {
        "startup_programme": largest("startup_acceleration", "cohorts__memberships").pk,
        "worker_programme": largest("skilled_workers", "cohorts__candidates").pk,
        # One still seeking an employer: its page looks for positions that fit.
        "candidate": Candidate.objects.filter(stage="language").order_by("pk").first().pk,
        "position": OpenPosition.objects.filter(occupation__code="2221").order_by("pk").first().pk,
    }


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    database = describe_database()
    print(f"pocketworld programme benchmark: {database}", flush=True)
    prepare_schema()
    counts = current_counts()
    if counts != expected_counts():
        print(f"Filling the database (it holds {counts}) …", flush=True)
        seconds, counts = populate()
        print(f"Filled in {seconds:.1f} s: {counts}", flush=True)
    analyze()
    user, found = targets()
    paths = [(name, path.format(**found)) for name, path in PAGES]
    print("Counting queries in-process …", flush=True)
    queries = count_queries(user, [path for _name, path in paths])

    port = options.port or free_port()
    log_path = Path(environment["POCKETWORLD_VAR_DIR"]) / "bench-gunicorn.log"
    server = Server(environment, port, options.workers, log_path)
    load_before = os.getloadavg()
    server.start()
    results = {}
    try:
        browser = Browser(server.base_url)
        browser.sign_in(OFFICER, PASSWORD)
        for name, path in paths:
            results[path] = measure(browser, path, options.requests, options.warmup)
            print(f"  {name}: p95 {percentile(results[path][1], 0.95):.0f} ms", flush=True)
    finally:
        server.stop()
    load_after = os.getloadavg()

    print()
    print(f"pocketworld programme benchmark — {database}")
    print(
        f"Data: {counts['programmes']} programmes, {counts['start-ups']:,} start-ups in cohorts, "
        f"{counts['candidates']:,} candidates"
    )
    print(
        f"{options.requests} sequential requests per page after {options.warmup} warm-up "
        f"requests, gunicorn with {options.workers} sync workers, signed in as {OFFICER}; "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after"
    )
    print(f"Targets: p95 ≤ {TARGET_P95_MS} ms, ≤ {QUERY_BUDGET} queries per page")
    print()
    missed = page_table(paths, results, queries, TARGET_P95_MS, QUERY_BUDGET)
    print_slowest_sql(paths, queries, options.show_sql)
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
