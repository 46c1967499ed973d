"""A figure month by month, for the charts of the dashboard and the annual report."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from pocketworld.reports.kpis.definitions import INTERACTIONS, KPIS, Scope
from pocketworld.reports.kpis.periods import ONE_DAY, Period, add_months

# The figures that count events of a day: a month's count is the figure of that month.
TRENDS = ("leads", "qualified", "site_visits", "won", "aftercare_visits", "delegations")


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date  # its first day
    value: int
    url: str | None  # the list of the records counted in that month


def months_of(period):
    """Each month the period touches, with the part of the period that falls in it."""
    month = period.start.replace(day=1)
    while month <= period.end:
        following = add_months(month, 1)
        yield month, Period(max(month, period.start), min(following - ONE_DAY, period.end))
        month = following


def monthly_counts(kpi, scope, period):
    """{first day of a month: the figure in that month}, in one query: a count per month,
    each over the month's part of the period.

    Months are local months, as the period's days are: a stage change at 23:30 on 31
    January, Düsseldorf time, is January's. Ranges rather than truncating each row to its
    month, so that the database reads the rows once through its index.
    """
    months = dict(months_of(period))
    records = kpi.records(scope, period)
    if kpi.source is INTERACTIONS:
        counted, field, distinct = records, "pk", False

        def within(part):
            return part.dates("occurred_on")

    else:
        # A project counts once in each month it has a matching stage change in.
        counted, field, distinct = kpi.changes(period).filter(project__in=records), "project", True

        def within(part):
            return part.moments("changed_at")

    counts = {
        f"month_{index}": Count(field, distinct=distinct, filter=within(part))
        for index, part in enumerate(months.values())
    }
    totals = counted.aggregate(**counts)
    return {month: totals[f"month_{index}"] for index, month in enumerate(months)}


def trend(name, period, user, desk=None):
    """`name` (one of TRENDS) for each month of `period`, each point linked to its records.

    A period that starts or ends inside a month gives that month only its part of the
    period. A user who may not see the figure gets no points, as `compute` leaves the
    figure out rather than showing 0.
    """
    if name not in TRENDS:
        raise LookupError(f"{name} has no trend per month.")
    kpi, scope = KPIS[name], Scope(user, desk)
    if not scope.sees(kpi.requires):
        return []
    counts = monthly_counts(kpi, scope, period)
    return [
        TrendPoint(month, counts.get(month, 0), kpi.url(part, desk))
        for month, part in months_of(period)
    ]
