"""Table columns shared by every app's tables."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma


class NumberColumn(tables.Column):
    """A count, right-aligned, with the thousands separator of the user's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "number"}, "th": {"class": "number"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return intcomma(value)

    def value(self, value):
        return value
