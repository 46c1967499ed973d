"""The response clock: working hours of the agency (09:00-17:00, Europe/Berlin) on working
days that are no public holiday of North Rhine-Westphalia, whatever the time zone an
inquiry was sent from."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from pocketworld.inquiries import clock
from pocketworld.inquiries.tests.makers import BERLIN, berlin

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def agency(settings):
    """The agency's day as the issue describes it, the clock's caches cleared around it."""
    settings.TIME_ZONE = "Europe/Berlin"
    settings.INQUIRY_WORKING_HOURS = "09:00-17:00"
    settings.INQUIRY_HOLIDAYS = "DE-NW"
    clock.working_hours.cache_clear()
    clock._calendar.cache_clear()
    yield settings
    clock.working_hours.cache_clear()
    clock._calendar.cache_clear()


# --- working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (datetime.date(2026, 6, 3), True),  # Wednesday before Corpus Christi
        (datetime.date(2026, 6, 4), False),  # Corpus Christi: a holiday in NRW
        (datetime.date(2025, 10, 31), True),  # Reformation Day (a Friday): not in NRW
        (datetime.date(2025, 12, 24), True),  # Christmas Eve is a working day
        (datetime.date(2025, 12, 25), False),  # Christmas Day, a Thursday
        (datetime.date(2025, 12, 26), False),  # Second Day of Christmas, a Friday
        (datetime.date(2026, 4, 3), False),  # Good Friday
        (datetime.date(2026, 4, 6), False),  # Easter Monday
        (datetime.date(2026, 4, 7), True),
        (datetime.date(2027, 11, 1), False),  # All Saints' Day on a Monday
        (datetime.date(2026, 11, 2), True),  # the Monday after All Saints' (a Sunday) 2026
        (datetime.date(2026, 1, 10), False),  # Saturday
        (datetime.date(2026, 1, 11), False),  # Sunday
        (datetime.date(2026, 1, 12), True),  # Monday
    ],
)
def test_is_working_day(day, working):
    assert clock.is_working_day(day) is working


def test_holidays_follow_the_configured_region(agency):
    # Reformation Day is a holiday in Lower Saxony, not in North Rhine-Westphalia.
    reformation_day = datetime.date(2025, 10, 31)
    assert clock.is_working_day(reformation_day)
    agency.INQUIRY_HOLIDAYS = "DE-NI"
    clock._calendar.cache_clear()
    assert not clock.is_working_day(reformation_day)


# --- adding working hours --------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Within a day.
        (berlin(2026, 1, 12, 10, 0), 3, berlin(2026, 1, 12, 13, 0)),
        # Up to closing exactly: still that day.
        (berlin(2026, 1, 12, 9, 0), 8, berlin(2026, 1, 12, 17, 0)),
        # Over the weekend: Friday 15:00 + 8 h is Monday 15:00.
        (berlin(2026, 1, 9, 15, 0), 8, berlin(2026, 1, 12, 15, 0)),
        # Sent on a Saturday: the clock starts on Monday at opening.
        (berlin(2026, 1, 10, 11, 0), 8, berlin(2026, 1, 12, 17, 0)),
        (berlin(2026, 1, 11, 23, 30), 1, berlin(2026, 1, 12, 10, 0)),
        # Before opening: counted from 09:00.
        (berlin(2026, 1, 12, 7, 0), 1, berlin(2026, 1, 12, 10, 0)),
        (berlin(2026, 1, 12, 0, 0), 8, berlin(2026, 1, 12, 17, 0)),
        # After closing: counted from the next working day's opening.
        (berlin(2026, 1, 12, 18, 0), 1, berlin(2026, 1, 13, 10, 0)),
        (berlin(2026, 1, 12, 17, 0), 1, berlin(2026, 1, 13, 10, 0)),
        (berlin(2026, 1, 9, 17, 30), 8, berlin(2026, 1, 12, 17, 0)),
        # Corpus Christi (Thursday 4 June 2026) does not count.
        (berlin(2026, 6, 3, 15, 0), 8, berlin(2026, 6, 5, 15, 0)),
        # Reformation Day (Friday 31 October 2025) counts in NRW.
        (berlin(2025, 10, 30, 15, 0), 8, berlin(2025, 10, 31, 15, 0)),
        # Christmas (Thursday and Friday) and the weekend after.
        (berlin(2025, 12, 24, 15, 0), 8, berlin(2025, 12, 29, 15, 0)),
        # Good Friday, the weekend and Easter Monday 2026.
        (berlin(2026, 4, 2, 15, 0), 8, berlin(2026, 4, 7, 15, 0)),
        # All Saints' Day on Monday 1 November 2027.
        (berlin(2027, 10, 29, 15, 0), 8, berlin(2027, 11, 2, 15, 0)),
        # Fractions of hours.
        (berlin(2026, 1, 12, 16, 30), 1.5, berlin(2026, 1, 13, 10, 0)),
        # Several days.
        (berlin(2026, 1, 12, 9, 0), 40, berlin(2026, 1, 16, 17, 0)),
        (berlin(2026, 1, 12, 9, 0), 41, berlin(2026, 1, 19, 10, 0)),
    ],
)
def test_add_working_hours(start, hours, expected):
    due = clock.add_working_hours(start, hours)
    assert due == expected
    assert due.astimezone(BERLIN).replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_add_working_hours_from_utc_is_counted_in_berlin():
    # 06:00 UTC on a winter Monday is 07:00 in Berlin: before opening.
    start = datetime.datetime(2026, 1, 12, 6, 0, tzinfo=UTC)
    assert clock.add_working_hours(start, 2) == berlin(2026, 1, 12, 11, 0)


def test_add_working_days_is_a_day_of_working_hours():
    assert clock.hours_per_day() == 8
    friday = berlin(2026, 1, 9, 15, 0)
    assert clock.add_working_days(friday, 1) == berlin(2026, 1, 12, 15, 0)
    assert clock.add_working_days(friday, 2) == berlin(2026, 1, 13, 15, 0)
    # Over Christmas 2025: Wednesday 24th, then Monday 29th and Tuesday 30th.
    assert clock.add_working_days(berlin(2025, 12, 24, 10, 0), 2) == berlin(2025, 12, 30, 10, 0)


def test_add_working_days_with_other_working_hours(agency):
    agency.INQUIRY_WORKING_HOURS = "08:30-16:45"
    clock.working_hours.cache_clear()
    assert clock.hours_per_day() == 8.25
    assert clock.add_working_days(berlin(2026, 1, 12, 7, 0), 1) == berlin(2026, 1, 12, 16, 45)
    assert clock.add_working_days(berlin(2026, 1, 9, 16, 45), 1) == berlin(2026, 1, 12, 16, 45)
    assert clock.add_working_hours(berlin(2026, 1, 12, 16, 0), 1) == berlin(2026, 1, 13, 8, 45)


# --- daylight saving time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("friday", "offset", "monday", "monday_in_utc"),
    [
        # Summer time begins on Sunday 29 March 2026.
        (berlin(2026, 3, 27, 15, 0), 1, berlin(2026, 3, 30, 15, 0), utc(2026, 3, 30, 13, 0)),
        # Winter time begins on Sunday 25 October 2026.
        (berlin(2026, 10, 23, 15, 0), 2, berlin(2026, 10, 26, 15, 0), utc(2026, 10, 26, 14, 0)),
    ],
    ids=["clocks_go_forward", "clocks_go_back"],
)
def test_over_the_weekend(friday, offset, monday, monday_in_utc):
    """Eight working hours from a Friday afternoon (`offset` hours ahead of UTC) are due on
    Monday at the same time of day, whatever the clocks did on the Sunday, and count back as
    eight."""
    assert friday.utcoffset() == datetime.timedelta(hours=offset)
    due = clock.add_working_hours(friday, 8)
    assert due == monday
    assert due.astimezone(UTC) == monday_in_utc
    assert clock.working_hours_between(friday, due) == 8


def test_the_day_of_the_change_is_no_working_day_and_adds_nothing():
    # The 23-hour and 25-hour Sundays are no working days: nothing counts on them.
    assert clock.working_hours_between(berlin(2026, 3, 29, 0, 0), berlin(2026, 3, 30, 0, 0)) == 0
    assert clock.working_hours_between(berlin(2026, 10, 25, 0, 0), berlin(2026, 10, 26, 0, 0)) == 0


# --- an inquiry from Tokyo --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "due_local"),
    [
        # Winter: 23:00 JST is 15:00 CET; the working day runs to Monday 15:00.
        (datetime.datetime(2026, 1, 9, 23, 0, tzinfo=TOKYO), berlin(2026, 1, 12, 15, 0)),
        # Summer: 23:00 JST is 16:00 CEST; due Monday 16:00.
        (datetime.datetime(2026, 7, 10, 23, 0, tzinfo=TOKYO), berlin(2026, 7, 13, 16, 0)),
    ],
)
def test_an_inquiry_sent_at_23_in_tokyo_on_a_friday(sent, due_local):
    assert sent.weekday() == 4
    due = clock.add_working_days(sent, 1)
    assert due == due_local
    local = due.astimezone(BERLIN)
    assert (local.weekday(), local.hour, local.minute) == (0, due_local.hour, 0)
    assert clock.working_hours_between(sent, due) == 8


def test_an_inquiry_sent_in_tokyo_on_saturday_morning_is_counted_from_berlins_friday():
    # Saturday 01:00 in Tokyo is Friday 17:00 in Berlin (winter): closing time, nothing left.
    sent = datetime.datetime(2026, 1, 10, 1, 0, tzinfo=TOKYO)
    assert clock.add_working_days(sent, 1) == berlin(2026, 1, 12, 17, 0)
    # Saturday 00:00 in Tokyo is Friday 16:00 in Berlin: one hour on Friday.
    sent = datetime.datetime(2026, 1, 10, 0, 0, tzinfo=TOKYO)
    assert clock.add_working_days(sent, 1) == berlin(2026, 1, 12, 16, 0)


# --- working hours between two moments --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (berlin(2026, 1, 12, 10, 0), berlin(2026, 1, 12, 12, 30), 2.5),
        (berlin(2026, 1, 12, 7, 0), berlin(2026, 1, 12, 8, 30), 0),  # before opening
        (berlin(2026, 1, 12, 17, 30), berlin(2026, 1, 12, 23, 0), 0),  # after closing
        (berlin(2026, 1, 12, 16, 0), berlin(2026, 1, 13, 10, 0), 2),  # over the night
        (berlin(2026, 1, 12, 7, 0), berlin(2026, 1, 12, 20, 0), 8),  # a whole day
        (berlin(2026, 1, 10, 10, 0), berlin(2026, 1, 11, 16, 0), 0),  # a weekend
        (berlin(2026, 1, 9, 15, 0), berlin(2026, 1, 12, 15, 0), 8),
        (berlin(2026, 6, 3, 15, 0), berlin(2026, 6, 5, 15, 0), 8),  # over Corpus Christi
        (berlin(2026, 6, 4, 9, 0), berlin(2026, 6, 4, 17, 0), 0),  # on Corpus Christi
        (berlin(2025, 12, 24, 9, 0), berlin(2025, 12, 31, 17, 0), 32),  # 24, 29, 30, 31
        (berlin(2026, 1, 12, 9, 0), berlin(2026, 1, 19, 9, 0), 40),  # a week
    ],
)
def test_working_hours_between(start, end, hours):
    assert clock.working_hours_between(start, end) == pytest.approx(hours)


@pytest.mark.parametrize(
    "start",
    [
        berlin(2026, 1, 9, 15, 0),
        berlin(2026, 1, 12, 9, 0),
        berlin(2026, 6, 3, 16, 15),
        berlin(2025, 12, 23, 12, 0),
        berlin(2026, 3, 27, 10, 0),
        berlin(2026, 10, 23, 10, 0),
        datetime.datetime(2026, 1, 9, 23, 0, tzinfo=TOKYO),
    ],
)
@pytest.mark.parametrize("hours", [0.5, 1, 7.75, 8, 13, 16, 40])
def test_working_hours_between_undoes_adding_them(start, hours):
    """What add_working_hours adds, working_hours_between counts back, from a moment within
    the working hours."""
    due = clock.add_working_hours(start, hours)
    assert due > start
    assert clock.working_hours_between(start, due) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (berlin(2026, 1, 12, 10, 0), berlin(2026, 1, 12, 10, 0)),
        (berlin(2026, 1, 12, 12, 0), berlin(2026, 1, 12, 10, 0)),
        (berlin(2026, 1, 19, 12, 0), berlin(2026, 1, 12, 10, 0)),
    ],
)
def test_no_working_hours_when_the_end_is_not_after_the_start(start, end):
    assert clock.working_hours_between(start, end) == 0


def test_working_hours_between_moments_in_other_time_zones():
    # Both ends given in Tokyo time: 15:00 and 18:00 CET on Monday.
    start = datetime.datetime(2026, 1, 12, 23, 0, tzinfo=TOKYO)
    end = datetime.datetime(2026, 1, 13, 2, 0, tzinfo=TOKYO)
    assert clock.working_hours_between(start, end) == 2


# --- configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["17:00-09:00", "09:00-09:00", "9-17", "09:00", "09:00-17:00-18:00", "nine to five", ""],
)
def test_bad_working_hours_are_improperly_configured(agency, value):
    agency.INQUIRY_WORKING_HOURS = value
    clock.working_hours.cache_clear()
    with pytest.raises(ImproperlyConfigured):
        clock.working_hours()
    with pytest.raises(ImproperlyConfigured):
        clock.add_working_days(berlin(2026, 1, 12, 10, 0), 1)


def test_working_hours_are_read_with_spaces(agency):
    agency.INQUIRY_WORKING_HOURS = " 08:00 - 12:00 "
    clock.working_hours.cache_clear()
    assert clock.working_hours() == (datetime.time(8), datetime.time(12))
    assert clock.add_working_days(berlin(2026, 1, 12, 11, 0), 1) == berlin(2026, 1, 13, 11, 0)
