"""A figure month by month, for the charts of the dashboard and the annual report."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth

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
    """{first day of a month: the figure in that month}, in one query grouped by month.

    Months are local months, as the period's days are (TruncMonth takes the current time
    zone, Europe/Berlin): a stage change at 23:30 on 31 January is January's.
    """
    records = kpi.records(scope, period)
    if kpi.source is INTERACTIONS:
        rows = records.values(month=TruncMonth("occurred_on")).annotate(value=Count("pk"))
    else:
        # A project counts once in each month it has a matching stage change in.
        changes = kpi.changes(period).filter(project__in=records)
        rows = changes.values(month=TruncMonth("changed_at", output_field=DateField())).annotate(
            value=Count("project", distinct=True)
        )
    return {row["month"]: row["value"] for row in rows.order_by()}


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
