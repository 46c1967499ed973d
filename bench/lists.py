"""Measure every list page against the populated bench database.

    python -m bench.lists [--database-url URL] [--var-dir var/bench] [--requests 100]
        [--warmup 5] [--workers 2] [--show-sql 1]

For each list (companies, people, sites, partners, projects, interactions, tasks, events)
the variants a desk officer opens: the first page; each filter the list has among country,
desk, sector, focus area, status (projects: stage), tag and municipality, set to a value
read from the database; a search; page 50; 100 rows a page. As `bench.pages` does, each
variant is rendered once in-process to count its queries, then gunicorn serves the app
with two workers and a signed-in client times each variant `--requests` times, while a
thread samples the servers' resident memory. Prints one table and exits 1 when a target
is missed.
"""

import argparse
import sys
import urllib.parse

from bench.pages import (
    add_server_arguments,
    conclude,
    count_queries,
    describe_run,
    memory_table,
    page_table,
    print_slowest_sql,
    serve_and_measure,
)
from bench.populate.database import add_database_arguments, configure, describe_database
from bench.populate.parameters import BENCH_DESK, BENCH_USERNAME

TARGET_P95_MS = 60
# The limit per web worker (the master only forks them: printed, not held).
TARGET_RSS_MB = 200
# Queries a list may make, whatever it shows: page 50 and 100 rows a page cost what the
# first page costs, and a filter adds at most a few.
QUERY_BUDGET = 20
PAGE = 50
PER_PAGE = 100

# label, URL name, searches (what an officer types: part of a name, in the list's words).
# The company list is also searched by the long timeline company's Japanese name and by
# a misspelling of its Latin one.
LISTS = [
    ("companies", "companies:company_list", ["kobay", "小林", "kobayashy"]),
    ("people", "contacts:person_list", ["takaha"]),
    ("sites", "companies:site_list", ["kobay"]),
    ("partners", "companies:partnerorganisation_list", ["sakura"]),
    ("projects", "projects:project_list", ["kobay"]),
    ("interactions", "interactions:interaction_list", ["kobay"]),
    ("tasks", "interactions:task_list", ["permit"]),
    ("events", "events:event_list", ["sakura"]),
]
# The filters measured, where a list has them; "stage" is the projects' status.
FILTERS = ["country", "desk", "sector", "focus_area", "status", "stage", "tag", "municipality"]
COUNTRY = "JP"
# The first of these that a status filter offers: what an officer looks for.
STATUSES = ["settled", "open", "lead"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    add_server_arguments(parser, requests=100, warmup=5, per="variant")
    return parser.parse_args(argv)


# --- the variants ----------------------------------------------------------------------


def view_of(url_name):
    """The list view class behind `url_name`."""
    from django.urls import resolve, reverse

    return resolve(reverse(url_name)).func.view_class


def value_path(filter_):
    """The lookup whose values a filter takes (`sites__municipality`, `sectors__code`)."""
    path = filter_.field_name
    to_field = filter_.extra.get("to_field_name")
    if to_field and not path.endswith(f"__{to_field}"):
        path = f"{path}__{to_field}"
    return path


def most_common(model, path):
    """The value of `path` the most records of `model` have."""
    from django.db.models import Count

    first = (
        model._base_manager.filter(**{f"{path}__isnull": False})
        .values(path)
        .annotate(records=Count("pk"))
        .order_by("-records", path)
        .first()
    )
    return first[path] if first else None


def most_used_tag(model):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from taggit.models import TaggedItem

    first = (
        TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
        .values("tag__slug")
        .annotate(records=Count("pk"))
        .order_by("-records", "tag__slug")
        .first()
    )
    return first["tag__slug"] if first else None


def filter_value(model, name, filter_, desk_id):
    """A realistic value of the filter `name`: Japan, the Japan desk, a status an officer
    looks for, else what the most records have."""
    if name == "country":
        return COUNTRY
    if name == "desk":
        return desk_id
    if name in ("status", "stage"):
        offered = [value for value, _label in filter_.extra.get("choices", [])]
        return next((status for status in STATUSES if status in offered), None)
    if name == "tag":
        return most_used_tag(model)
    return most_common(model, value_path(filter_))


def variants(desk_id):
    """[(list label, [(name, path)], {path}: per-page variants, [missing filters])]."""
    from django.urls import reverse

    lists = []
    for label, url_name, searches in LISTS:
        view = view_of(url_name)
        base = reverse(url_name)
        filters = view.filterset_class.base_filters
        paths = [(label, base)]
        missing = []
        for name in FILTERS:
            if name not in filters:
                if name != "stage" and not (name == "status" and "stage" in filters):
                    missing.append(name)
                continue
            value = filter_value(view.model, name, filters[name], desk_id)
            if value is None:
                missing.append(f"{name} (no value in the data)")
                continue
            paths.append(
                (f"{label}, {name}={value}", f"{base}?{urllib.parse.urlencode({name: value})}")
            )
        for term in searches:
            paths.append((f"{label}, q={term}", f"{base}?{urllib.parse.urlencode({'q': term})}"))
        paths.append((f"{label}, page {PAGE}", f"{base}?page={PAGE}"))
        per_page = f"{base}?per_page={PER_PAGE}"
        paths.append((f"{label}, {PER_PAGE} per page", per_page))
        lists.append((label, paths, {per_page}, missing))
    return lists


def rows_found(user, paths):
    """{path: rows its filters find}, from the list view's own queryset and filterset; None
    where that cannot be read."""
    from django.db import connection
    from django.test import RequestFactory
    from django.urls import resolve

    factory = RequestFactory()
    found = {}
    for path in paths:
        try:
            request = factory.get(path)
            request.user = user
            view = resolve(urllib.parse.urlsplit(path).path).func.view_class()
            filterset = view.filterset_class(
                request.GET or None, queryset=view.get_queryset(request), request=request
            )
            if filterset.is_bound and not filterset.is_valid():
                found[path] = 0
                continue
            found[path] = filterset.qs.count()
        except Exception:  # noqa: BLE001 - a view built otherwise: the column says "?"
            found[path] = None
    connection.close()
    return found


# --- the report ------------------------------------------------------------------------


def data_summary():
    from pocketworld.companies.models import Company, PartnerOrganisation, Site
    from pocketworld.contacts.models import Person
    from pocketworld.events.models import Event
    from pocketworld.interactions.models import Interaction, Task
    from pocketworld.projects.models import Project

    counts = [
        (Company, "companies"),
        (Person, "people"),
        (Site, "sites"),
        (PartnerOrganisation, "partners"),
        (Project, "projects"),
        (Interaction, "interactions"),
        (Task, "tasks"),
        (Event, "events"),
    ]
    return ", ".join(f"{model.objects.count():,} {label}" for model, label in counts)


def equal_queries(lists, queries):
    """Print, per list, whether page 1, page 50 and 100 a page make as many queries; returns
    what was missed."""
    missed = []
    print("Queries equal (first page, page 50, 100 per page):")
    for label, paths, _per_page, _missing in lists:
        named = dict(paths)
        compared = [label, f"{label}, page {PAGE}", f"{label}, {PER_PAGE} per page"]
        counts = [queries[named[name]][1] for name in compared]
        equal = len(set(counts)) == 1
        print(
            f"  {label:<14} {' / '.join(map(str, counts)):<14} "
            f"{'ok' if equal else 'MISSED: they differ'}"
        )
        if not equal:
            missed.append(f"{label}: {' / '.join(map(str, counts))} queries on page 1 / 50 / 100")
    return missed


def main(argv=None):
    options = parse_args(argv)
    environment = configure(options.database_url, options.var_dir)
    database = describe_database()
    print(f"pocketworld list benchmark: {database}", flush=True)

    from django.contrib.auth import get_user_model

    from pocketworld.desks.models import Desk

    user = get_user_model().objects.filter(username=BENCH_USERNAME).first()
    if user is None:
        raise SystemExit("The bench database is not populated: run python -m bench.populate")
    desk_id = Desk.objects.get(slug=BENCH_DESK).pk
    data = data_summary()
    print(f"Data: {data}", flush=True)
    print("Reading filter values …", flush=True)
    lists = variants(desk_id)
    paths = [variant for _label, list_paths, _per_page, _missing in lists for variant in list_paths]
    report_only = {path for _label, _paths, per_page, _missing in lists for path in per_page}

    print("Counting queries and rows in-process …", flush=True)
    queries = count_queries(user, [path for _name, path in paths])
    rows = rows_found(user, [path for _name, path in paths])
    results, sampler, load_before, load_after = serve_and_measure(
        environment, options, paths, "bench-lists-gunicorn.log"
    )

    missed = []
    print()
    print(f"pocketworld list benchmark — {database}")
    print(f"Data: {data}")
    print(describe_run(options, "variant", load_before, load_after))
    print(
        f"Targets: p95 ≤ {TARGET_P95_MS} ms for 25 rows a page ({PER_PAGE} a page: printed, "
        f"not a target), status 200, ≤ {QUERY_BUDGET} queries per variant and as many on "
        f"page {PAGE} and at {PER_PAGE} a page as on the first, ≤ {TARGET_RSS_MB} MB resident "
        f"per worker"
    )
    print()
    missed += page_table(
        paths, results, queries, TARGET_P95_MS, QUERY_BUDGET, report_only=report_only, rows=rows
    )
    print()
    missed += equal_queries(lists, queries)
    print()
    print("Filters not measured (the list has none of that name):")
    for label, _paths, _per_page, missing in lists:
        print(f"  {label:<14} {', '.join(missing) or '—'}")
    print()
    missed += memory_table(sampler, TARGET_RSS_MB, held=("worker",))
    print_slowest_sql(paths, queries, options.show_sql)
    return conclude(missed)


if __name__ == "__main__":
    sys.exit(main())
