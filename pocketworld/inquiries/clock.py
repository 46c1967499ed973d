"""The response clock: working hours of the agency on working days that are no public
holiday of its region (`INQUIRY_HOLIDAYS`, North Rhine-Westphalia by default).

Everything is counted in the agency's local time (`TIME_ZONE`), whatever the time zone an
inquiry was sent from: an inquiry sent at 23:00 in Tokyo on a Friday arrives at 15:00 in
Düsseldorf and its first working day ends at 15:00 on Monday.
"""

import datetime
import functools

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


@functools.cache
def working_hours():
    """(opening, closing) times of a working day, from `INQUIRY_WORKING_HOURS`."""
    try:
        opening, closing = (
            datetime.time.fromisoformat(part.strip())
            for part in settings.INQUIRY_WORKING_HOURS.split("-")
        )
    except ValueError:
        raise ImproperlyConfigured(
            "INQUIRY_WORKING_HOURS must read like 09:00-17:00, "
            f"not {settings.INQUIRY_WORKING_HOURS!r}"
        ) from None
    if closing <= opening:
        raise ImproperlyConfigured("INQUIRY_WORKING_HOURS must close after it opens.")
    return opening, closing


def hours_per_day():
    opening, closing = working_hours()
    day = datetime.date(2000, 1, 3)
    span = datetime.datetime.combine(day, closing) - datetime.datetime.combine(day, opening)
    return span.total_seconds() / 3600


@functools.cache
def _calendar():
    country, _, subdivision = settings.INQUIRY_HOLIDAYS.partition("-")
    return holidays.country_holidays(country, subdiv=subdivision or None)


def is_working_day(day):
    return day.weekday() < 5 and day not in _calendar()


def _window(day):
    """The working hours of `day` as aware datetimes of the agency's time zone."""
    opening, closing = working_hours()
    zone = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, opening), zone),
        timezone.make_aware(datetime.datetime.combine(day, closing), zone),
    )


def _working_days_from(day):
    while True:
        if is_working_day(day):
            yield day
        day += datetime.timedelta(days=1)


def add_working_hours(start, hours):
    """The moment when `hours` working hours after `start` have passed."""
    remaining = datetime.timedelta(hours=hours)
    local = timezone.localtime(start)
    for day in _working_days_from(local.date()):
        opening, closing = _window(day)
        begin = max(opening, local)
        if begin >= closing:
            continue
        if begin + remaining <= closing:
            return begin + remaining
        remaining -= closing - begin
    raise AssertionError("unreachable")  # pragma: no cover


def add_working_days(start, days):
    """`days` working days after `start`: as many working days' worth of working hours."""
    return add_working_hours(start, days * hours_per_day())


def working_hours_between(start, end):
    """The working hours between two moments (0 when `end` is not after `start`)."""
    if end <= start:
        return 0.0
    total = datetime.timedelta()
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    for day in _working_days_from(local_start.date()):
        if day > local_end.date():
            break
        opening, closing = _window(day)
        overlap = min(closing, local_end) - max(opening, local_start)
        if overlap > datetime.timedelta():
            total += overlap
    return total.total_seconds() / 3600
