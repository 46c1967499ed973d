"""Measure the main pages against the populated bench database.

    python -m bench.pages [--database-url URL] [--var-dir var/bench] [--requests 200]

First each page is rendered once in-process (django.test.Client) to count its SQL queries.
Then gunicorn serves the app with two workers; a standard-library client signs in through
the login form as the bench desk officer, warms up and requests each page `--requests`
times, one after another. A thread samples the resident memory of the gunicorn master and
workers every 100 ms throughout. Prints one table and exits 1 when a target is missed.
"""

import argparse
import http.cookiejar
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.populate.database import BASE_DIR, add_database_arguments, configure, describe_database
from bench.populate.parameters import (
    BENCH_DESK,
    BENCH_PASSWORD,
    BENCH_USERNAME,
    LONG_TIMELINE_COMPANY,
)

TARGET_P95_MS = 150
TARGET_RSS_MB = 200
# Queries a page may make. The count must not grow with the rows: page 50 of the list costs
# what page 1 costs, and the long timeline adds only a fixed few (for its history) to what a
# short one costs.
QUERY_BUDGET = 30

# name, path; {desk}, {company} and {small_company} are filled in from the database.
PAGES = [
    ("My day", "/"),
    ("board, all desks", "/projects/board/"),
    ("board, one desk", "/projects/board/?desk={desk}"),
    ("company, long timeline", "/companies/{company}/"),
    ("company, short timeline", "/companies/{small_company}/"),
    ("project list", "/projects/"),
    ("project list, lead + desk", "/projects/?stage=lead&desk={desk}"),
    ("project list, page 50", "/projects/?page=50"),
]


def add_server_arguments(parser, requests, warmup, per):
    """The options of a benchmark that requests pages from gunicorn: how many requests
    `per` page (or variant), the server's workers and port, the SQL to print."""
    parser.add_argument("--requests", type=int, default=requests, help=f"Timed requests per {per}.")
    parser.add_argument("--warmup", type=int, default=warmup, help=f"Untimed requests per {per}.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--port", type=int, default=0, help="Default: a free port.")
    parser.add_argument(
        "--show-sql", type=int, default=1, help=f"Slowest queries to print per {per}."
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    add_server_arguments(parser, requests=200, warmup=10, per="page")
    return parser.parse_args(argv)


# --- the data the pages need -----------------------------------------------------------


def find_targets():
    from django.contrib.auth import get_user_model

    from pocketworld.companies.models import Company
    from pocketworld.desks.models import Desk

    user = get_user_model().objects.filter(username=BENCH_USERNAME).first()
    company = Company.objects.filter(legal_name=LONG_TIMELINE_COMPANY).first()
    if user is None or company is None:
        raise SystemExit("The bench database is not populated: run python -m bench.populate")
    desk = Desk.objects.get(slug=BENCH_DESK)
    small_company = Company.objects.filter(desk=desk, status="settled").order_by("-pk").first()
    return user, {"desk": desk.pk, "company": company.pk, "small_company": small_company.pk}


def list_due_for_review():
    """Make the list of people due for review, as the nightly review does before My day
    reads it; says how many and how long it took."""
    from pocketworld.privacy.retention import list_due

    started = time.perf_counter()
    due = list_due()
    return f"{due:,} people due for review, listed in {time.perf_counter() - started:.1f} s"


def data_summary():
    from pocketworld.companies.models import Company
    from pocketworld.interactions.models import Interaction, Task
    from pocketworld.projects.models import Project, StageChange

    counts = [
        (Company, "companies"),
        (Project, "projects"),
        (StageChange, "stage changes"),
        (Interaction, "interactions"),
        (Task, "tasks"),
    ]
    return ", ".join(f"{model.objects.count():,} {label}" for model, label in counts)


def timeline_summary(company_id):
    """How long the long timeline is: the rows its sources choose from."""
    from django.db.models import Q

    from pocketworld.companies.models import Company
    from pocketworld.interactions.models import Interaction, Task
    from pocketworld.projects.models import StageChange

    company = Company.objects.get(pk=company_id)
    return (
        f"{Interaction.objects.filter(company=company).count():,} interactions, "
        f"{StageChange.objects.filter(project__company=company).count():,} stage changes, "
        f"{Task.objects.filter(Q(company=company) | Q(project__company=company)).count():,} "
        f"tasks, {company.history.count():,} history rows"
    )


def count_queries(user, paths):
    """{path: (status, queries, SQL ms, [(ms, sql)] slowest first)}, rendered in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A page that fails counts as its status (500), as it would through the server.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(user)
    results = {}
    for path in paths:
        client.get(path)  # the first rendering loads templates and translations
        timed = []

        def timer(execute, sql, params, many, context, timed=timed):
            # CaptureQueriesContext rounds to milliseconds; this keeps microseconds.
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append((time.perf_counter() - started) * 1000)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            response = client.get(path)
        if len(captured) != len(timed):
            raise RuntimeError(f"{path}: {len(captured)} queries captured, {len(timed)} timed")
        timed = sorted(
            zip(timed, (query["sql"] for query in captured.captured_queries), strict=True),
            reverse=True,
        )
        results[path] = (
            response.status_code,
            len(timed),
            sum(ms for ms, _sql in timed),
            timed,
        )
    connection.close()
    return results


# --- the server ------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as `make run` starts it, against the bench database."""

    def __init__(self, environment, port, workers, log_path):
        self.environment = environment
        self.port = port
        self.workers = workers
        self.log_path = log_path
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "pocketworld.wsgi",
                # As `make run`: loaded once before the fork, shared by the workers.
                "--preload",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            cwd=BASE_DIR,
            env={**os.environ, **self.environment},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log_path}")
            try:
                # Our own gunicorn, started above on 127.0.0.1.
                with urllib.request.urlopen(f"{self.base_url}/health/", timeout=2) as response:  # nosec B310
                    if response.status == 200 and len(worker_pids(self.process.pid)) >= 1:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def worker_pids(master):
    """The children of `master`, from /proc."""
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
        return [int(pid) for pid in text.split()]
    except OSError:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return children


def resident_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Peak VmRSS of the master and each worker, sampled every `interval` seconds."""

    def __init__(self, master, interval=0.1):
        super().__init__(daemon=True)
        self.master = master
        self.interval = interval
        self.peaks = {}  # pid: (role, KiB)
        self.samples = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            pids = [(self.master, "master")] + [(pid, "worker") for pid in worker_pids(self.master)]
            for pid, role in pids:
                kib = resident_kib(pid)
                if kib is not None and kib > self.peaks.get(pid, (role, 0))[1]:
                    self.peaks[pid] = (role, kib)
            self.samples += 1
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
        self.join()


# --- the client ------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A signed-in visitor: cookies in a jar, redirects not followed, each request timed."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path, data=None):
        """(status, body, seconds) of one request."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        return status, content, time.perf_counter() - started

    def sign_in(self, username, password):
        status, content, _seconds = self.request("/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or not match:
            raise SystemExit(f"The login page answered {status} without a CSRF token.")
        status, _content, _seconds = self.request(
            "/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": match.group(1).decode(),
                "next": "/",
            },
        )
        if status != 302 or not any(cookie.name == "sessionid" for cookie in self.cookies):
            raise SystemExit(f"Signing in as {username} failed (status {status}).")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(browser, path, requests, warmup):
    """(statuses, [milliseconds]) of `requests` timed requests after `warmup` untimed ones."""
    statuses = set()
    for _ in range(warmup):
        statuses.add(browser.request(path)[0])
    timings = []
    for _ in range(requests):
        status, _content, seconds = browser.request(path)
        statuses.add(status)
        timings.append(seconds * 1000)
    return statuses, timings


# --- the report ------------------------------------------------------------------------


def short_sql(sql, length=220):
    sql = " ".join(sql.split())
    return sql if len(sql) <= length else sql[: length - 1] + "…"


def describe_run(options, per, load_before, load_after):
    """The line saying how the pages were requested, and how loaded the machine was."""
    return (
        f"{options.requests} sequential requests per {per} after {options.warmup} warm-up "
        f"requests, gunicorn with {options.workers} sync workers, signed in as "
        f"{BENCH_USERNAME}; {os.cpu_count()} CPUs, load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after"
    )


def conclude(missed):
    """Print the targets missed, or that all were met; the exit status."""
    print()
    if missed:
        print("Targets missed:")
        for line in missed:
            print(f"  - {line}")
        return 1
    print("All targets met.")
    return 0


def page_table(paths, results, queries, target_ms, budget, report_only=(), rows=None):
    """Print each page's statuses, timings and queries against the targets; returns what
    was missed. The p95 of a path in `report_only` is printed with its distance to the
    target but not held to it (its status and queries are). `rows` ({path: count}) adds a
    column with the rows each page found."""
    missed = []
    width = max([28, *(len(name) for name, _path in paths)])
    rows_header = f" {'rows':>9}" if rows is not None else ""
    header = (
        f"{'page':<{width}} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'queries':>8} {'SQL ms':>8}{rows_header}  result"
    )
    print(header)
    print("-" * len(header))
    for name, path in paths:
        statuses, timings = results[path]
        status, count, sql_ms, _timed = queries[path]
        p95 = percentile(timings, 0.95)
        problems, notes = [], []
        if statuses != {200} or status != 200:
            problems.append(f"status {sorted(statuses | {status})}")
        if p95 > target_ms:
            if path in report_only:
                notes.append(f"p95 +{p95 - target_ms:.0f} ms, not a target")
            else:
                problems.append(f"p95 +{p95 - target_ms:.0f} ms")
        elif path in report_only:
            notes.append("p95 not a target")
        if count > budget:
            problems.append(f"{count - budget} queries over")
        if problems:
            missed.append(f"{name}: {', '.join(problems)}")
        result = "MISSED: " + "; ".join(problems) if problems else "ok"
        if notes:
            result += f" ({'; '.join(notes)})"
        found = ""
        if rows is not None:
            found = f" {rows[path]:>9,}" if rows.get(path) is not None else f" {'?':>9}"
        print(
            f"{name:<{width}} {','.join(map(str, sorted(statuses))):>6} "
            f"{statistics.median(timings):>8.1f} {p95:>8.1f} {max(timings):>8.1f} "
            f"{count:>8} {sql_ms:>8.1f}{found}  {result}"
        )
    return missed


def memory_table(sampler, target_mb, held=("master", "worker")):
    """Print the peak resident memory of the master and each worker; the processes whose
    role is in `held` are held to `target_mb`. Returns what was missed."""
    missed = []
    print(f"Peak resident memory ({sampler.samples} samples every 100 ms):")
    workers = 0
    for pid, (role, kib) in sorted(sampler.peaks.items(), key=lambda item: item[1][0] != "master"):
        megabytes = kib / 1024
        label = role if role == "master" else f"worker {(workers := workers + 1)}"
        if role not in held:
            verdict = "not a target"
        elif megabytes <= target_mb:
            verdict = "ok"
        else:
            verdict = "MISSED"
            missed.append(f"{label} (pid {pid}): {megabytes:.0f} MB resident")
        print(f"  {label:<10} pid {pid:<8} {megabytes:7.1f} MB  {verdict}")
    return missed


def serve_and_measure(environment, options, paths, log_name):
    """Start gunicorn, sign in as the bench officer and time each of `paths` ([(name,
    path)]); returns ({path: (statuses, [ms])}, the memory sampler, the load average
    before and after)."""
    port = options.port or free_port()
    log_path = Path(environment["POCKETWORLD_VAR_DIR"]) / log_name
    server = Server(environment, port, options.workers, log_path)
    load_before = os.getloadavg()
    print(
        f"Starting gunicorn on port {port} with {options.workers} workers "
        f"(DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE', 'the default')}), "
        f"load average {load_before[0]:.2f} …",
        flush=True,
    )
    server.start()
    sampler = MemorySampler(server.process.pid)
    sampler.start()
    results = {}
    try:
        browser = Browser(server.base_url)
        browser.sign_in(BENCH_USERNAME, BENCH_PASSWORD)
        for name, path in paths:
            statuses, timings = measure(browser, path, options.requests, options.warmup)
            results[path] = (statuses, timings)
            print(f"  {name}: p95 {percentile(timings, 0.95):.0f} ms", flush=True)
    finally:
        sampler.stop()
        server.stop()
    return results, sampler, load_before, os.getloadavg()


def print_slowest_sql(paths, queries, count):
    """The `count` slowest queries of each page, as `count_queries` timed them."""
    if not count:
        return
    print()
    print("Slowest SQL per page (in-process rendering):")
    for name, path in paths:
        for ms, sql in queries[path][3][:count]:
            print(f"  {name}: {ms:.1f} ms  {short_sql(sql)}")


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    database = describe_database()
    print(f"pocketworld page benchmark: {database}", flush=True)
    user, targets = find_targets()
    data = data_summary()
    timeline = timeline_summary(targets["company"])
    print(f"Data: {data}", flush=True)
    due_list = list_due_for_review()
    print(f"Nightly retention review: {due_list}", flush=True)
    paths = [(name, path.format(**targets)) for name, path in PAGES]

    print("Counting queries in-process …", flush=True)
    queries = count_queries(user, [path for _name, path in paths])
    results, sampler, load_before, load_after = serve_and_measure(
        environment, options, paths, "bench-gunicorn.log"
    )

    missed = []
    print()
    print(f"pocketworld page benchmark — {database}")
    print(f"Data: {data}")
    print(f"Long timeline (/companies/{targets['company']}/): {timeline}")
    print(f"Nightly retention review: {due_list}")
    print(describe_run(options, "page", load_before, load_after))
    print(
        f"Targets: p95 ≤ {TARGET_P95_MS} ms, ≤ {QUERY_BUDGET} queries per page, "
        f"≤ {TARGET_RSS_MB} MB resident per process"
    )
    print()
    missed += page_table(paths, results, queries, TARGET_P95_MS, QUERY_BUDGET)
    print()
    missed += memory_table(sampler, TARGET_RSS_MB)
    print_slowest_sql(paths, queries, options.show_sql)
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
