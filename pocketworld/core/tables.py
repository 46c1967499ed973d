"""Table columns and pagination shared by every app's tables."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.formats import date_format
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


class BoundedPaginator(Paginator):
    """Pages of 1 to MAX_PER_PAGE rows; a page before the first is the first, a page after
    the last the last, and one that is no number the first."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)

    def page(self, number):
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = 1 if int(number) < 1 else self.num_pages
        return super().page(number)


def paginate(request, table, per_page):
    """Order and paginate `table` as the request asks (`sort`, `page`, `per_page`), within
    bounds: no value of the address makes the list fail."""
    tables.RequestConfig(
        request, paginate={"per_page": per_page, "paginator_class": BoundedPaginator}
    ).configure(table)
