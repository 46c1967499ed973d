"""Measure the reports against the populated bench database: the KPI dashboard and the
annual report PDF.

    python -m bench.reports [--database-url URL] [--var-dir var/bench] [--requests 100]

1. Times `kpis.compute` alone in-process for every variant, so that a slow page can be
   told apart from slow figures.
2. Renders each dashboard variant once in-process to count its SQL queries.
3. Starts gunicorn as bench.pages does (the app server's own settings, `pocketworld.wsgi`)
   and requests each variant `--requests` times, signed in as the bench desk officer and
   as the director: this year, last year, this quarter and one desk.
4. Makes the director's annual report of last year three times with
   `reports.annual.annual_report_pdf`.

Prints one table and exits 1 when a target is missed.
"""

import argparse
import os
import re
import statistics
import sys
import time
import zlib
from pathlib import Path

from bench.pages import (
    Browser,
    Server,
    add_server_arguments,
    conclude,
    count_queries,
    data_summary,
    free_port,
    measure,
    percentile,
    short_sql,
)
from bench.populate.database import add_database_arguments, configure, describe_database
from bench.populate.parameters import BENCH_DESK, BENCH_PASSWORD, BENCH_USERNAME

TARGET_P95_MS = 300
TARGET_PDF_SECONDS = 10
DIRECTOR_USERNAME = "bench.director"
# The dashboard with the two breakdowns it draws only when asked for (`also=`): measured
# and printed, but the target is the page as it opens and for any period or desk.
OPT_IN_VARIANT = "director, this year, all"
PDF_RUNS = 3
PDF_LANGUAGE = "de"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    add_server_arguments(parser, requests=100, warmup=5, per="variant")
    parser.add_argument(
        "--compute-runs", type=int, default=10, help="Timed kpis.compute calls per variant."
    )
    return parser.parse_args(argv)


# --- the variants ----------------------------------------------------------------------


def find_users():
    from django.contrib.auth import get_user_model

    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[BENCH_USERNAME, DIRECTOR_USERNAME]
        )
    }
    if len(users) != 2:
        raise SystemExit("The bench database is not populated: run python -m bench.populate")
    return users[BENCH_USERNAME], users[DIRECTOR_USERNAME]


def variants(officer, director):
    """[(name, user, Period, desk or None, breakdowns, dashboard path)]: each user's year,
    last year, quarter and one desk's year, as the dashboard's form asks for them, and the
    director's year with the foreign companies also by focus area and municipality."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils import timezone

    from pocketworld.desks.models import Desk
    from pocketworld.reports.kpis import Period
    from pocketworld.reports.views import DASHBOARD_BREAKDOWNS

    today = timezone.localdate()
    quarter = (today.month + 2) // 3
    desk = Desk.objects.get(slug=BENCH_DESK)
    dashboard = reverse("reports:dashboard")
    this_year = {"period": "year", "year": today.year}
    chosen = [
        ("this year", Period.year(today.year), None, this_year),
        (
            "last year",
            Period.year(today.year - 1),
            None,
            {"period": "year", "year": today.year - 1},
        ),
        (
            f"Q{quarter}",
            Period.quarter(today.year, quarter),
            None,
            {"period": "quarter", "year": today.year, "quarter": quarter},
        ),
        (f"desk {desk.slug}", Period.year(today.year), desk, {**this_year, "desk": desk.pk}),
    ]
    cases = [
        (
            f"{role}, {label}",
            user,
            period,
            chosen_desk,
            DASHBOARD_BREAKDOWNS,
            f"{dashboard}?{urlencode(query)}",
        )
        for role, user in (("officer", officer), ("director", director))
        for label, period, chosen_desk, query in chosen
    ]
    also = ["focus_area", "municipality"]
    cases.append(
        (
            OPT_IN_VARIANT,
            director,
            Period.year(today.year),
            None,
            DASHBOARD_BREAKDOWNS.union(also),
            f"{dashboard}?{urlencode({**this_year, 'also': also}, doseq=True)}",
        )
    )
    return cases


# --- the measurements ------------------------------------------------------------------


def time_compute(cases, runs):
    """{name: [ms]} of `kpis.compute` alone, after one untimed call per variant."""
    from django.db import connection

    from pocketworld.reports import kpis

    timings = {}
    for name, user, period, desk, breakdowns, _path in cases:
        kpis.compute(period, user, desk, breakdowns)
        timings[name] = []
        for _ in range(runs):
            started = time.perf_counter()
            kpis.compute(period, user, desk, breakdowns)
            timings[name].append((time.perf_counter() - started) * 1000)
    connection.close()
    return timings


def time_pdf(year, user):
    """([seconds], size in bytes, pages) of the annual report."""
    from pocketworld.reports.annual import annual_report_pdf

    seconds = []
    for _ in range(PDF_RUNS):
        started = time.perf_counter()
        pdf = annual_report_pdf(year, user, desk=None, language=PDF_LANGUAGE)
        seconds.append(time.perf_counter() - started)
    return seconds, len(pdf), count_pages(pdf)


def count_pages(pdf):
    """The page objects of a PDF, read in its plain parts and its compressed streams
    (WeasyPrint packs objects into compressed object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in parts)


def serve_dashboards(environment, options, cases):
    """{variant name: (statuses, [ms])} over HTTP, each user signed in through the login form."""
    port = options.port or free_port()
    log_path = Path(environment["POCKETWORLD_VAR_DIR"]) / "bench-reports-gunicorn.log"
    server = Server(environment, port, options.workers, log_path)
    print(f"Starting gunicorn on port {port} with {options.workers} workers …", flush=True)
    server.start()
    results = {}
    try:
        browsers = {}
        for name, user, *_rest, path in cases:
            if user.username not in browsers:
                browsers[user.username] = Browser(server.base_url)
                browsers[user.username].sign_in(user.username, BENCH_PASSWORD)
            results[name] = measure(browsers[user.username], path, options.requests, options.warmup)
            print(f"  {name}: p95 {percentile(results[name][1], 0.95):.0f} ms", flush=True)
    finally:
        server.stop()
    return results


# --- the report ------------------------------------------------------------------------


def spread(timings):
    return statistics.median(timings), percentile(timings, 0.95), max(timings)


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    database = describe_database()
    print(f"pocketworld reports benchmark: {database}", flush=True)
    officer, director = find_users()
    data = data_summary()
    print(f"Data: {data}", flush=True)
    cases = variants(officer, director)
    load_before = os.getloadavg()

    print(f"Timing kpis.compute in-process, load average {load_before[0]:.2f} …", flush=True)
    compute_ms = time_compute(cases, options.compute_runs)
    print("Counting queries in-process …", flush=True)
    queries = {}  # variant name: count_queries' figures
    for user in (officer, director):
        own = [(name, path) for name, case_user, *_rest, path in cases if case_user == user]
        counted = count_queries(user, [path for _name, path in own])
        queries |= {name: counted[path] for name, path in own}
    served = serve_dashboards(environment, options, cases)
    pdf_year = cases[1][2].start.year
    print(f"Making the annual report {pdf_year} ({PDF_RUNS} times) …", flush=True)
    pdf = time_pdf(pdf_year, director)
    load_after = os.getloadavg()

    missed = []
    print()
    print(f"pocketworld reports benchmark — {database}")
    print(f"Data: {data}")
    print(
        f"Dashboard: {options.requests} sequential requests per variant after {options.warmup} "
        f"warm-up requests, gunicorn with {options.workers} sync workers; kpis.compute alone: "
        f"{options.compute_runs} calls in-process; {os.cpu_count()} CPUs, load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(
        f"Targets: dashboard p95 ≤ {TARGET_P95_MS} ms per variant, annual PDF ≤ "
        f"{TARGET_PDF_SECONDS} s"
    )
    print()
    header = (
        f"{'variant':<26} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'queries':>8} {'SQL ms':>8} {'compute p50/p95 ms':>19}  result"
    )
    print(header)
    print("-" * len(header))
    for name, *_rest in cases:
        statuses, timings = served[name]
        status, count, sql_ms, _timed = queries[name]
        median, p95, slowest = spread(timings)
        compute_median, compute_p95, _max = spread(compute_ms[name])
        problems = []
        if statuses != {200} or status != 200:
            problems.append(f"status {sorted(statuses | {status})}")
        over = p95 - TARGET_P95_MS
        if over > 0 and name != OPT_IN_VARIANT:
            problems.append(f"p95 +{over:.0f} ms")
        if problems:
            missed.append(f"dashboard, {name}: {', '.join(problems)}")
        result = "MISSED: " + "; ".join(problems) if problems else "ok"
        if name == OPT_IN_VARIANT and not problems:
            result = f"opt-in, p95 {over:+.0f} ms against the target"
        print(
            f"{name:<26} {','.join(map(str, sorted(statuses))):>6} {median:>8.1f} {p95:>8.1f} "
            f"{slowest:>8.1f} {count:>8} {sql_ms:>8.1f} "
            f"{f'{compute_median:.1f} / {compute_p95:.1f}':>19}  {result}"
        )
    print()
    seconds, size, pages = pdf
    verdict = "ok" if max(seconds) <= TARGET_PDF_SECONDS else "MISSED"
    print(
        f"Annual report {pdf_year} ({DIRECTOR_USERNAME}, all desks, {PDF_LANGUAGE}): "
        f"min {min(seconds):.2f} s, median {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s; {size / 1024:.0f} KiB, {pages} pages  {verdict}"
    )
    if verdict != "ok":
        missed.append(f"annual report: {max(seconds):.1f} s")
    if options.show_sql:
        print()
        print("Slowest SQL per variant (in-process rendering):")
        for name, *_rest in cases:
            for ms, sql in queries[name][3][: options.show_sql]:
                print(f"  {name}: {ms:.1f} ms  {short_sql(sql)}")
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
