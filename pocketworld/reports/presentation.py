"""What the dashboard and the annual report show of a `kpis.KPIReport`: each figure beside
the period before, and the charts of its breakdowns and trends with the table of the same
numbers. The page draws them with links to the records, paper without."""

from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy

from pocketworld.reports import charts, kpis
from pocketworld.reports.kpis.definitions import percent

# Bars drawn per chart; the rest are summed as "Other" (the table lists them all).
CHART_BARS = 12
# The figures drawn month by month.
TREND_FIGURES = ("leads", "won")


@dataclass(frozen=True)
class Comparison:
    """A figure beside the period before: the difference, and the change in percent of
    the period before (none for percentages, which change by percentage points)."""

    figure: kpis.Figure
    difference: int | float | None
    percent: float | None


def compare(figure):
    if figure.value is None or figure.previous is None:
        return Comparison(figure, None, None)
    difference = figure.value - figure.previous
    if isinstance(difference, float):
        difference = round(difference, 1)
    relative = figure.unit != kpis.Unit.PERCENT and figure.previous != 0
    return Comparison(
        figure, difference, percent(difference, figure.previous) if relative else None
    )


@dataclass(frozen=True)
class Chart:
    """A chart and the table of the same numbers under it; `slug` names it in the page,
    `row_heading` is the table's first column; `rows` are `kpis.Bar`s."""

    slug: str
    title: str
    svg: SafeString
    row_heading: str
    rows: list
    shares: bool = False


# The first column of a breakdown's table, by breakdown.
ROW_HEADINGS = {
    "country": gettext_lazy("country of origin"),
    "sector": gettext_lazy("sector (NACE section)"),
    "focus_area": gettext_lazy("focus area"),
    "municipality": gettext_lazy("municipality"),
    "kind": gettext_lazy("kind"),
    "stage": gettext_lazy("stage"),
}


def breakdown_chart(slug, figure, name, links):
    breakdown = figure.breakdowns[name]
    title = capfirst(format_lazy("{} {}", figure.label, breakdown.label))
    rows = breakdown.bars
    if name == "stage":
        svg = charts.funnel_chart(breakdown, links=links, title=title)
        return Chart(slug, title, svg, ROW_HEADINGS[name], rows, shares=True)
    svg = charts.bar_chart(breakdown, limit=CHART_BARS, links=links, title=title)
    return Chart(slug, title, svg, ROW_HEADINGS[name], rows)


def trend_chart(name, report, user, links):
    series = kpis.trend(name, report.period, user, report.desk)
    title = capfirst(format_lazy("{} {}", report.figures[name].label, gettext_lazy("per month")))
    rows = [
        kpis.Bar(point.month.isoformat(), format_date(point.month, "F Y"), point.value, point.url)
        for point in series
    ]
    svg = charts.trend_chart(series, links=links, title=title)
    return Chart(f"{name}-per-month", title, svg, gettext_lazy("month"), rows)


def report_charts(report, user, links=True):
    """The charts of the figures the report has (a partner viewer's has no projects)."""
    figures = report.figures
    drawn = []
    if "foreign_companies" in figures:
        drawn += [
            breakdown_chart(
                f"foreign-companies-by-{name.replace('_', '-')}",
                figures["foreign_companies"],
                name,
                links,
            )
            for name in figures["foreign_companies"].breakdowns
        ]
    if "won" in figures:
        drawn.append(breakdown_chart("won-by-kind", figures["won"], "kind", links))
    if "conversion" in figures:
        drawn.append(breakdown_chart("funnel", figures["conversion"], "stage", links))
    if "events" in figures:
        drawn.append(breakdown_chart("events-by-kind", figures["events"], "kind", links))
    drawn += [trend_chart(name, report, user, links) for name in TREND_FIGURES if name in figures]
    return drawn
