"""Table columns and pagination shared by every app's tables."""

import hashlib
import json

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import template_localtime
from django_tables2.columns import library

# A list shows at most this many rows a page, whatever `?per_page=` asks for.
MAX_PER_PAGE = 100


class NumberColumn(tables.Column):
    """A count, right-aligned, with the thousands separator of the user's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "number"}, "th": {"class": "number"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return intcomma(value)

    def value(self, value):
        return value


class FormattedInPython:
    """A date column of django-tables2 formatted in Python rather than by a template per
    cell (a third of a list page's rendering), in the current time zone."""

    empty_values = (None, "")  # the column's default, as the template's `default` gave
    formats = ("SHORT_DATE_FORMAT", "DATE_FORMAT")  # short, long

    def __init__(self, format=None, short=True, *args, **kwargs):
        super().__init__(format, short, *args, **kwargs)
        self.date_format = format or self.formats[0 if short else 1]

    def render(self, value):
        return date_format(template_localtime(value), self.date_format)


# Registered, they replace django-tables2's for every date field of every table.
@library.register
class DateColumn(FormattedInPython, tables.DateColumn):
    pass


@library.register  # after DateColumn: a date-time field is a date field too
class DateTimeColumn(FormattedInPython, tables.DateTimeColumn):
    formats = ("SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")


# Rows a list counts exactly; a list of more says "about" (see BoundedPaginator.count).
EXACT_COUNT_LIMIT = 10_000
COUNT_SECONDS = 60


def planned_rows(cursor, sql, params):
    """How many rows PostgreSQL's planner expects the query to give."""
    # The ORM's SQL, its values as parameters.
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # nosec B608
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class BoundedPaginator(Paginator):
    """Pages of 1 to MAX_PER_PAGE rows; a page before the first is the first, a page after
    the last the last, and one that is no number the first."""

    # Whether `count` is the database's estimate (the list then says "about").
    estimated = False

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def count(self):
        """The rows, exactly up to EXACT_COUNT_LIMIT. A count beyond is kept for
        COUNT_SECONDS (the next pages and the same list again need not count 200,000 people
        anew) and the list says "about": PostgreSQL's is its planner's estimate (it counts
        by visiting every row: a million interactions take longer than the rest of the
        page), SQLite's the exact count."""
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)
        if not isinstance(queryset, QuerySet):
            return super().count
        try:
            # Without its order (a search's ranks 500 records) and compiled once, for the
            # key and the count.
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a list refused by its filters is empty without a query
            return 0
        key = "list-count:" + hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
        if (kept := cache.get(key)) is not None:
            self.estimated = True
            return kept
        postgresql = connections[queryset.db].vendor == "postgresql"
        with connections[queryset.db].cursor() as cursor:
            # The ORM's SQL, its values as parameters.
            counting = f"{sql} LIMIT {EXACT_COUNT_LIMIT + 1}" if postgresql else sql
            cursor.execute(f"SELECT COUNT(*) FROM ({counting}) AS counted", params)  # nosec B608
            counted = cursor.fetchone()[0]
            if counted <= EXACT_COUNT_LIMIT:
                return counted
            if postgresql:
                counted = max(planned_rows(cursor, sql, params), counted)
                self.estimated = True
        cache.set(key, counted, COUNT_SECONDS)
        return counted

    def page(self, number):
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = 1 if int(number) < 1 else self.num_pages
        if number == 1 and 0 < self.count <= self.per_page:
            # Every row on one page: read without a LIMIT, so that the database plans for
            # the few rows there are. With one, PostgreSQL walked the order's index through
            # 50,000 tasks for the 11 of a search (12 ms; 0.1 ms without).
            return self._get_page(self.object_list[0:], number, self)
        return super().page(number)


def paginate(request, table, per_page):
    """Order and paginate `table` as the request asks (`sort`, `page`, `per_page`), within
    bounds: no value of the address makes the list fail."""
    tables.RequestConfig(
        request, paginate={"per_page": per_page, "paginator_class": BoundedPaginator}
    ).configure(table)
