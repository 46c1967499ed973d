"""Counting in calendar months, as retention periods, follow-ups and KPI periods do."""

import calendar
import datetime


def add_months(day, months):
    """`day` moved by `months` calendar months (back when negative); a day the month lacks
    becomes its last (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))
