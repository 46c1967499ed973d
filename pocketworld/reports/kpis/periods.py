"""Periods of days, as the KPIs compare them: a year with the year before, and so on."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from pocketworld.core.months import add_months
from pocketworld.projects.filtersets import start_of_day

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included: `Period(start, end)` for any range."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year, quarter):
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        start = datetime.date(year, 3 * quarter - 2, 1)
        return cls(start, add_months(start, 3) - ONE_DAY)

    @property
    def months(self):
        """How many whole calendar months the period is, or 0 if it is not whole months."""
        following = self.end + ONE_DAY
        if self.start.day != 1 or following.day != 1:
            return 0
        return (following.year - self.start.year) * 12 + following.month - self.start.month

    def previous(self):
        """The same length just before: as many months for whole months (the year before a
        year, the quarter before a quarter), else as many days."""
        end = self.start - ONE_DAY
        if self.months:
            return Period(add_months(self.start, -self.months), end)
        return Period(end - (self.end - self.start), end)

    def months_to_end(self, months):
        """The `months` months up to and including the period's last day."""
        return Period(add_months(self.end + ONE_DAY, -months), self.end)

    @property
    def since(self):
        """The first moment of the period, for timestamps (stage changes)."""
        return start_of_day(self.start)

    @property
    def until(self):
        """The first moment after the period."""
        return start_of_day(self.end + ONE_DAY)

    def dates(self, field):
        """The records whose date `field` is one of the period's days."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def overlaps(self, first, last):
        """The records whose days from date `first` to date `last` include one of the
        period's days."""
        return Q(**{f"{first}__lte": self.end, f"{last}__gte": self.start})

    def moments(self, field):
        """The records whose timestamp `field` falls on one of the period's (local) days."""
        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})

    def as_dict(self):
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}
