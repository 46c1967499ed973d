"""Bulk writing stores exactly what `save` and `bulk_create` would, on both databases."""

import datetime

import pytest
from django.core import serializers
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pocketworld.companies.choices import CompanyStatus
from pocketworld.companies.models import Company, CompanyName
from pocketworld.core import bulk
from pocketworld.core.tests.factories import CompanyFactory
from pocketworld.imports.models import ImportRow, ImportRun

pytestmark = pytest.mark.django_db

LEI = "529900T8BM49AURSDO55"


def stored(records):
    """The records as read back from the database, without their keys and timestamps."""
    rows = serializers.serialize("python", records)
    for row in rows:
        row.pop("pk")
        for field in ("created", "last_updated"):
            row["fields"].pop(field, None)
    return [row["fields"] for row in rows]


def new_companies(japan_desk):
    return [
        Company(
            legal_name="Hitachi Rail GmbH",
            country_id="JP",
            desk_id=japan_desk.pk,
            employees_region=40,
            website="https://hitachirail.com",
            lei=LEI,
            status=CompanyStatus.SETTLED,
        ),
        Company(legal_name="東芝 Europe", country_id="JP", description="Zeile 1\nZeile 2\t; ,"),
    ]


def test_records_written_in_bulk_read_back_as_bulk_create_writes_them(japan_desk, director):
    reference = Company.objects.bulk_create(new_companies(japan_desk)[1:])
    expected = stored(Company.objects.filter(pk__in=[company.pk for company in reference]))
    reference[0].delete()

    companies = new_companies(japan_desk)
    bulk.create_with_history(companies, director, "Import: liste.csv")

    written = Company.objects.filter(pk__in=[company.pk for company in companies])
    assert [company.legal_name for company in written.order_by("pk")] == [
        "Hitachi Rail GmbH",
        "東芝 Europe",
    ]
    assert stored(written.filter(legal_name="東芝 Europe")) == expected
    hitachi = written.get(lei=LEI)
    assert (hitachi.employees_region, hitachi.status, hitachi.desk) == (40, "settled", japan_desk)
    # The database default and the timestamps are filled as `save` fills them.
    assert hitachi.registered_address == ""
    assert hitachi.created == hitachi.last_updated
    assert hitachi.created > datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)


def test_created_records_get_new_keys_and_a_history_row_each(japan_desk, director):
    highest = CompanyFactory(legal_name="Highest")
    gone = highest.pk
    highest.delete()  # a key once used is not given again (SQLite's AUTOINCREMENT)

    companies = bulk.create_with_history(new_companies(japan_desk), director, "Import: x" * 30)

    keys = [company.pk for company in companies]
    assert len(set(keys)) == 2 and min(keys) > gone
    assert set(Company.objects.values_list("pk", flat=True)) == set(keys)
    for company in companies:
        (entry,) = Company.objects.get(pk=company.pk).history.all()
        assert entry.history_type == "+"
        assert entry.history_user == director
        assert entry.history_change_reason == ("Import: x" * 30)[:100]
        assert entry.legal_name == company.legal_name
        assert entry.country_id == "JP"
    # The next record saved the usual way continues after them.
    assert CompanyFactory(legal_name="Later").pk > max(keys)


def test_a_refused_row_raises_djangos_error(japan_desk, director):
    CompanyFactory(legal_name="Elsewhere", lei=LEI)
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.create_with_history(new_companies(japan_desk), director, "Import")
    assert Company.objects.count() == 1


def test_related_records_without_keys(japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    written = bulk.insert_records(
        [
            CompanyName(company=company, name="東芝", language_id="ja"),
            CompanyName(company=company, name="Toshiba"),
        ]
    )
    assert written == 2
    assert sorted(company.names.values_list("name", "language_id")) == [
        ("Toshiba", None),
        ("東芝", "ja"),
    ]
    assert bulk.insert_records([]) == 0


def test_update_rows_sets_only_the_columns_named(director):
    run = ImportRun.objects.create(kind="companies", file_name="x.csv", created_by=director)
    rows = [
        ImportRow.objects.create(run=run, number=number, values={"n": number}, decision="create")
        for number in (2, 3, 4)
    ]
    bulk.update_rows(
        ImportRow,
        ["outcome", "object_id", "problems"],
        [
            (rows[0].pk, "created", 17, '[{"message": "Größe"}]'),
            (rows[2].pk, "duplicate", None, "[]"),
        ],
    )
    assert list(
        run.rows.order_by("number").values_list("outcome", "object_id", "problems", "values")
    ) == [
        ("created", 17, [{"message": "Größe"}], {"n": 2}),
        ("", None, [], {"n": 3}),
        ("duplicate", None, [], {"n": 4}),
    ]


def page_cache_size():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_the_page_cache_is_small_within_the_block_and_as_it_was_after_it():
    if connection.vendor != "sqlite":  # PostgreSQL's buffers are the server's: no query
        with CaptureQueriesContext(connection) as queries, bulk.small_page_cache():
            pass
        assert not queries.captured_queries
        return
    configured = page_cache_size()
    with connection.cursor() as cursor:  # an installation's larger cache (SQLITE_CACHE_MB)
        cursor.execute("PRAGMA cache_size=-65536")
    before = page_cache_size()
    assert before != -bulk.SMALL_PAGE_CACHE_KIB
    with bulk.small_page_cache():
        assert page_cache_size() == -bulk.SMALL_PAGE_CACHE_KIB
    assert page_cache_size() == before
    with pytest.raises(ZeroDivisionError), bulk.small_page_cache():
        1 / 0  # noqa: B018
    assert page_cache_size() == before
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size={int(configured)}")
