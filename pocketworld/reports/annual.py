"""The annual report as a PDF for print: a calendar year's KPIs against the year before,
their charts and the projects won, in German or English.

`core.pdf` lays it out (WeasyPrint); nothing is fetched: the charts are inline SVG, and
the fonts are the system's. The figures are `kpis.compute`'s, with its permissions: a
partner viewer's report has no project or interaction figures and so no table of projects
either. A confidential project is listed under its codename, without its company and
figures, unless the reader is a member of it; a member's report is recorded in its access
log.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from pocketworld.core import permissions
from pocketworld.core.pdf import render_pdf
from pocketworld.reports import kpis
from pocketworld.reports.kpis.definitions import WON_STAGE, changes_to
from pocketworld.reports.presentation import compare, report_charts


def won_projects(period, user, desk):
    """The projects won in the period with the day of their (first) win in it, in that
    order; company and desk joined, so one query however many there are."""
    first_win = changes_to(WON_STAGE, period).filter(project=OuterRef("pk")).order_by("changed_at")
    return (
        kpis.records("won", period, user, desk)
        .select_related("company", "desk")
        .annotate(won_at=Subquery(first_win.values("changed_at")[:1]))
        .order_by("won_at", "title", "pk")
    )


def annual_report_context(year, user, desk):
    period = kpis.Period.year(year)
    report = kpis.compute(period, user, desk)
    # `compute` leaves the figures of projects out for those who may not see projects.
    shows_projects = "won" in report.figures
    return {
        "year": year,
        "previous_year": report.previous_period.start.year,
        "desk": desk,
        "made_on": timezone.localdate(),
        "comparisons": [compare(figure) for figure in report.figures.values()],
        "charts": report_charts(report, user, links=False),
        "shows_projects": shows_projects,
        "projects": list(won_projects(period, user, desk)) if shows_projects else [],
    }


def annual_report_pdf(year, user, desk=None, language="de"):
    """The annual report of `year` as `user` may see it, for one desk (a `Desk`) or all,
    in `language` (de or en): the bytes of a PDF."""
    context = annual_report_context(year, user, desk)
    pdf = render_pdf("reports/annual_report.html", context, language)
    permissions.note_exported(user, context["projects"], via="pdf")
    return pdf
