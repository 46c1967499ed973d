"""A list's count: exact up to EXACT_COUNT_LIMIT; beyond, PostgreSQL's planner estimates it,
SQLite counts it, either is kept for a minute, and the list says "about". The planner's
statistics are refreshed nightly."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pocketworld.companies.models import Company
from pocketworld.core import tables
from pocketworld.core.tasks import refresh_statistics


@pytest.fixture(autouse=True)
def _no_kept_counts():
    """Counts kept by one test (under a lowered limit) must not reach another's lists."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def twelve_companies(japan_desk):
    Company.objects.bulk_create(
        Company(legal_name=f"Counted {number:02} K.K.", country_id="JP", desk=japan_desk)
        for number in range(12)
    )


def count_line(client):
    response = client.get("/companies/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return re.search(r'<p class="count">([^<]+)</p>', response.content.decode()).group(1)


def test_a_list_under_the_limit_is_counted_exactly(client, japan_officer, twelve_companies):
    client.force_login(japan_officer)
    assert count_line(client) == "12 results"
    assert count_line(client) == "12 results"


def test_a_list_over_the_limit_says_about(
    client, japan_officer, japan_desk, twelve_companies, monkeypatch, settings
):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(tables, "EXACT_COUNT_LIMIT", 10)
    client.force_login(japan_officer)
    first = count_line(client)
    Company.objects.create(legal_name="Counted 12 K.K.", country_id="JP", desk=japan_desk)
    second = count_line(client)  # the count kept: the thirteenth shows after a minute
    if connection.vendor == "postgresql":
        # The planner's estimate, at least the rows counted up to the limit.
        assert re.fullmatch(r"about \d+ results", first)
        assert int(first.split()[1]) >= 11
        assert second == first
    else:
        # Counted exactly the first time, kept: the next page and the same list again.
        assert first == "12 results"
        assert second == "about 12 results"
    response = client.get("/companies/?page=2", HTTP_ACCEPT_LANGUAGE="en")
    assert second in response.content.decode()


def test_the_count_of_a_refused_filter_is_none(client, japan_officer, twelve_companies):
    client.force_login(japan_officer)
    response = client.get("/companies/?country=XX", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Please correct the filters." in response.content.decode()
    assert re.search(r'<p class="count">0 results</p>', response.content.decode())


def test_the_statistics_are_refreshed(db, twelve_companies):
    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)
    if connection.vendor != "sqlite":
        assert out.getvalue().strip() == "Nothing to do: the database keeps its statistics itself."
        return
    assert re.fullmatch(r"Statistics of \d+ tables refreshed\.", out.getvalue().strip())
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'companies_company'")
        assert cursor.fetchall(), "ANALYZE recorded no row counts of the companies"


def test_the_refresh_is_queued_nightly_once(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first, second = io.StringIO(), io.StringIO()
    call_command("refresh_statistics", "--schedule", stdout=first)
    call_command("refresh_statistics", "--schedule", stdout=second)
    assert first.getvalue().startswith("The statistics refresh is queued for")
    assert second.getvalue().strip() == "The statistics refresh is queued already."


def test_the_nightly_task_refreshes(db):
    result = refresh_statistics.call()
    assert (result["tables"] > 0) == (connection.vendor == "sqlite")


def page_queries(client, query):
    """The rows shown and the SQL that read the company list's page."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/companies/?{query}")
    assert response.status_code == 200
    shown = [row.record.legal_name for row in response.context["table"].page.object_list]
    page_sql = [
        entry["sql"]
        for entry in context.captured_queries
        if entry["sql"].startswith('SELECT "companies_company"."id", "companies_company"."created"')
    ]
    return shown, page_sql


def test_a_list_on_one_page_is_read_without_a_limit(client, japan_officer, twelve_companies):
    client.force_login(japan_officer)
    shown, [sql] = page_queries(client, "per_page=12")
    assert shown == [f"Counted {number:02} K.K." for number in range(12)]
    assert " LIMIT " not in sql and " OFFSET " not in sql
    shown, [sql] = page_queries(client, "per_page=5&page=1")
    assert shown == [f"Counted {number:02} K.K." for number in range(5)]
    assert " LIMIT 5" in sql
    shown, [sql] = page_queries(client, "per_page=5&page=3")
    assert shown == [f"Counted {number:02} K.K." for number in range(10, 12)]
    assert " LIMIT 2 OFFSET 10" in sql


def test_an_empty_list_reads_no_page(client, japan_officer, twelve_companies):
    client.force_login(japan_officer)
    shown, page_sql = page_queries(client, "country=KR")
    assert shown == [] and page_sql == []
