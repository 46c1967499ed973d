"""Computing the KPIs of a period for a user, with the period before, as one report."""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pocketworld.projects.services import cycle_time, funnel
from pocketworld.reports.kpis.definitions import (
    CANDIDATES,
    COMPANIES,
    DEFINITIONS,
    EVENTS,
    INQUIRIES,
    INTERACTIONS,
    KPIS,
    MEETINGS,
    PROJECTS,
    STARTUPS,
    BarChart,
    Scope,
    response_hours,
)
from pocketworld.reports.kpis.periods import Period


class Measurement:
    """The figures of one period for one scope; each query runs at most once."""

    def __init__(self, scope, period):
        self.scope, self.period = scope, period

    @cached_property
    def shown(self):
        """The figures the user may see, in the order of DEFINITIONS."""
        return [kpi for kpi in DEFINITIONS if self.scope.sees(kpi.requires)]

    @cached_property
    def totals(self):
        """Every totalled figure, in one aggregate query per kind of record."""
        totals = {}
        sources = (
            PROJECTS, INTERACTIONS, COMPANIES, EVENTS, MEETINGS, STARTUPS, CANDIDATES, INQUIRIES,
        )  # fmt: skip
        for source in sources:
            kpis = [kpi for kpi in self.shown if kpi.totalled and kpi.source is source]
            if not kpis:
                continue
            conditions = [kpi.condition(self.scope, self.period) for kpi in kpis]
            # Only the rows the figures count among (the same for all of a source), so
            # that the database may find them through an index.
            among = kpis[0].among(self.scope, self.period)
            counted = self.scope.records_of(source).filter(among)
            totals |= counted.aggregate(
                **{
                    kpi.name: kpi.aggregate(condition)
                    for kpi, condition in zip(kpis, conditions, strict=True)
                }
            )
        return totals

    @cached_property
    def funnel(self):
        projects = self.scope.records_of(PROJECTS)
        return funnel(projects, since=self.period.since, until=self.period.until)

    @cached_property
    def cycle_time(self):
        projects = self.scope.records_of(PROJECTS)
        return cycle_time(projects, since=self.period.since, until=self.period.until)

    @cached_property
    def response_hours(self):
        """The working hours to the first reply of each inquiry answered, in order."""
        return response_hours(self.scope.records_of(INQUIRIES), self.period)

    def urls(self, kpi):
        return kpi.urls(self.period, self.scope.desk)


@dataclass(frozen=True)
class Figure:
    name: str
    label: Promise
    help_text: Promise
    unit: str
    value: int | float | None
    previous: int | float | None  # None: today's state, or nothing to compare
    # None: no page lists the records (matchmaking meetings), or the list lacks a filter
    # that selects them.
    url: str | None
    note: Promise | str = ""
    breakdowns: dict = field(default_factory=dict)  # name -> BarChart

    def as_dict(self):
        return {
            "label": str(self.label),
            "help_text": str(self.help_text),
            "unit": self.unit,
            "value": self.value,
            "previous": self.previous,
            "url": self.url,
            "note": str(self.note),
            "breakdowns": {name: chart.as_dict() for name, chart in self.breakdowns.items()},
        }


@dataclass(frozen=True)
class KPIReport:
    period: Period
    previous_period: Period
    desk: object
    figures: dict  # name -> Figure, in the order of DEFINITIONS

    def as_dict(self):
        return {
            "period": self.period.as_dict(),
            "previous_period": self.previous_period.as_dict(),
            "desk": {"id": self.desk.pk, "name": self.desk.name} if self.desk else None,
            "figures": {name: figure.as_dict() for name, figure in self.figures.items()},
        }


SNAPSHOT_NOTE = _("Today's state: the registry keeps no earlier status to compare with.")


def compute(period, user, desk=None, breakdowns=None):
    """Every KPI the user may see for `period` (and the period before), of one desk (a
    `Desk`) or all; with `breakdowns` (names), only those breakdowns, else all.

    A partner viewer sees no internal work: the figures from projects, interactions,
    matchmaking meetings and inquiries are left out, not shown as 0.
    """
    scope = Scope(user, desk)
    current, before = Measurement(scope, period), Measurement(scope, period.previous())
    figures = {}
    for kpi in current.shown:
        figures[kpi.name] = Figure(
            name=kpi.name,
            label=kpi.label,
            help_text=kpi.help_text,
            unit=kpi.unit,
            value=kpi.value(current),
            previous=None if kpi.snapshot else kpi.value(before),
            url=kpi.url(period, desk),
            note=SNAPSHOT_NOTE if kpi.snapshot else "",
            breakdowns={
                breakdown.name: BarChart(breakdown.label, breakdown.bars(kpi, current))
                for breakdown in kpi.breakdowns
                if breakdowns is None or breakdown.name in breakdowns
            },
        )
    return KPIReport(period, before.period, desk, figures)


def records(name, period, user, desk=None, **breakdown):
    """The records behind a figure (or one bar: `kind="retention"`, `country="JP"` …)."""
    return KPIS[name].records(Scope(user, desk), period, **breakdown)


def records_url(name, period, desk=None, **breakdown):
    """The list page showing the records behind a figure or bar; None if there is none."""
    return KPIS[name].url(period, desk, **breakdown)
