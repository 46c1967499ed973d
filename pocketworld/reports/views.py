from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from pocketworld.companies.models import Company
from pocketworld.core.audit import announce, exported_filters
from pocketworld.core.exports import EXPORT_FORMATS, export_response
from pocketworld.core.history import change_history
from pocketworld.core.pdf import pdf_download
from pocketworld.core.views import extend_page, redirect_to
from pocketworld.reports import charts, kpis
from pocketworld.reports.annual import annual_report_pdf
from pocketworld.reports.filtersets import (
    describe_company_filter,
    normalize_company_filter,
    segment_companies,
)
from pocketworld.reports.forms import AnnualReportForm, DashboardForm, SegmentForm
from pocketworld.reports.models import Segment, may_keep_segments
from pocketworld.reports.presentation import (
    CHART_BARS,
    ROW_HEADINGS,
    Chart,
    breakdown_chart,
    compare,
    report_charts,
)

# What the generic edit, detail and delete templates need to know of the model.
SEGMENT_CONTEXT = {
    "verbose_name": Segment._meta.verbose_name,
    "verbose_name_plural": Segment._meta.verbose_name_plural,
    "url_prefix": "reports:segment",
}


def get_segment(request, pk, for_change=False):
    """The segment if the user sees it (else 404), and may change it when asked (else 403)."""
    segment = get_object_or_404(
        Segment.objects.visible_to(request.user).select_related("owner"), pk=pk
    )
    if for_change and not segment.is_editable_by(request.user):
        raise PermissionDenied(_("Only its owner or a director may change this segment."))
    return segment


@login_required
def segment_list(request):
    """Every segment the user sees, each with how many of its companies the user may see."""
    segments = [
        {
            "segment": segment,
            "company_count": segment_companies(segment, request.user).count(),
            "may_change": segment.is_editable_by(request.user),
        }
        for segment in Segment.objects.visible_to(request.user).select_related("owner")
    ]
    context = {
        **SEGMENT_CONTEXT,
        "segments": segments,
        "may_create": may_keep_segments(request.user),
    }
    return render(request, "reports/segment_list.html", context)


@login_required
def segment_detail(request, pk):
    segment = get_segment(request, pk)
    may_change = segment.is_editable_by(request.user)
    context = {
        **SEGMENT_CONTEXT,
        "object": segment,
        "company_count": segment_companies(segment, request.user).count(),
        "criteria": describe_company_filter(segment.query),
        "may_change": may_change,
        "may_delete": may_change,
        "history": change_history(segment),
    }
    return render(request, "reports/segment_detail.html", context)


@login_required
def segment_edit(request, pk=None):
    """Save a new segment (from the company list's filter) or change one."""
    if pk is None:
        if not may_keep_segments(request.user):
            raise PermissionDenied(_("You may not save segments."))
        segment = Segment(owner=request.user)
    else:
        segment = get_segment(request, pk, for_change=True)
    if request.method == "POST":
        form = SegmentForm(request.POST, instance=segment)
        if form.is_valid():
            creating = segment.pk is None
            form.save()
            message = _("Created %(object)s.") if creating else _("Saved %(object)s.")
            messages.success(request, message % {"object": segment})
            return redirect_to(request, segment.get_absolute_url())
    else:
        query = normalize_company_filter(request.GET.get("query", ""))
        initial = {"query": query} if pk is None else None
        form = SegmentForm(instance=segment, initial=initial)
    context = {**SEGMENT_CONTEXT, "form": form, "object": segment}
    return render(request, "generic/object_edit.html", context)


@login_required
def segment_delete(request, pk):
    segment = get_segment(request, pk, for_change=True)
    if request.method == "POST":
        label = str(segment)
        segment.delete()
        messages.success(request, _("Deleted %(object)s.") % {"object": label})
        return redirect_to(request, reverse("reports:segment_list"))
    context = {**SEGMENT_CONTEXT, "object": segment}
    return render(request, "generic/object_delete.html", context)


# --- The dashboard: the KPIs of a period against the period before -----------------------

# The breakdowns always drawn; the foreign companies by focus area and by municipality
# when asked for (`also`), as each costs a pass over the companies and their links.
DASHBOARD_BREAKDOWNS = frozenset(
    {"country", "sector", "kind", "stage", "language", "responsible_desk"}
)
# The inquiries' breakdowns drawn (by slug), each with the first column of its table.
INQUIRY_CHARTS = {
    "country": ("country", ROW_HEADINGS["country"]),
    "language": ("language", gettext_lazy("language")),
    "responsible_desk": ("desk", gettext_lazy("desk")),
}
# Segments counted on the dashboard, the most recently changed first; all under /segments/.
DASHBOARD_SEGMENTS = 10


def inquiry_charts(report, links=True):
    """The inquiries by country, language and desk, and the funnel from inquiry to won
    project, if the report has inquiries (a partner viewer's has none; a period before the
    inquiry form had none either)."""
    figure, drawn = report.figures.get("inquiries"), []
    if figure is None or not figure.value:
        return drawn
    for name, (slug, heading) in INQUIRY_CHARTS.items():
        if name not in figure.breakdowns:
            continue
        breakdown = figure.breakdowns[name]
        title = capfirst(format_lazy("{} {}", figure.label, breakdown.label))
        svg = charts.bar_chart(breakdown, limit=CHART_BARS, links=links, title=title)
        drawn.append(Chart(f"inquiries-by-{slug}", title, svg, heading, breakdown.bars))
    conversion = report.figures.get("inquiry_conversion")
    if conversion is not None and "stage" in conversion.breakdowns:
        drawn.append(breakdown_chart("inquiry-funnel", conversion, "stage", links))
    return drawn


def dashboard_export(export_format, report, comparisons, drawn):
    """The KPI table, then every chart's table, as one table: its first column names the
    table a row belongs to."""
    header = [
        _("table"),
        _("figure"),
        _("value"),
        _("previous period"),
        _("change"),
        _("change (%)"),
        _("unit"),
        _("share of the stage before (%)"),
    ]
    kpi_table = _("KPIs")
    rows = [
        [
            kpi_table,
            capfirst(comparison.figure.label),
            comparison.figure.value,
            comparison.figure.previous,
            comparison.difference,
            comparison.percent,
            comparison.figure.unit,
            None,
        ]
        for comparison in comparisons
    ]
    rows += [
        [chart.title, row.label, row.value, None, None, None, kpis.Unit.COUNT, row.share]
        for chart in drawn
        for row in chart.rows
    ]
    filename = f"kpis-{report.period.start}-{report.period.end}"
    if report.desk is not None:
        filename += f"-{report.desk.slug}"
    return export_response(export_format, filename, header, rows)


def dashboard_segments(user):
    """The segments most recently changed, each with how many of its companies the user
    sees today (one count each, so their number is bounded)."""
    segments = Segment.objects.visible_to(user).order_by("-last_updated", "pk")
    return [
        {"segment": segment, "company_count": segment_companies(segment, user).count()}
        for segment in segments[:DASHBOARD_SEGMENTS]
    ]


def annual_report_url(year):
    """The annual report of the year in the page's language."""
    query = urlencode({"year": year, "language": get_language()})
    return f"{reverse('reports:annual_report')}?{query}"


@login_required
def dashboard(request):
    """The KPIs of a period (default: this year) for all desks or one, against the period
    before, with charts and tables that lead to the records; also as CSV or XLSX.

    One URL serves the page and, to htmx, the dashboard's body.
    """
    form = DashboardForm(request.GET, user=request.user)
    context = {"form": form}
    if form.is_valid():
        report = kpis.compute(
            form.cleaned_data["measured"],
            request.user,
            form.cleaned_data["desk"],
            breakdowns=DASHBOARD_BREAKDOWNS.union(form.cleaned_data["also"]),
        )
        comparisons = [compare(figure) for figure in report.figures.values()]
        drawn = report_charts(report, request.user) + inquiry_charts(report)
        export_format = request.GET.get("export")
        if export_format in EXPORT_FORMATS:
            response = dashboard_export(export_format, report, comparisons, drawn)
            announce(
                "list_exported",
                request=request,
                list="reports.kpis",
                format=export_format,
                filters=exported_filters(request),
            )
            return response
        context |= {
            # The same period again, with what was left out filled in.
            "form": DashboardForm(initial=form.cleaned_data, user=request.user),
            "report": report,
            "comparisons": comparisons,
            "charts": drawn,
            "may_keep_segments": may_keep_segments(request.user),
            "segments": dashboard_segments(request.user),
            "annual_report_url": annual_report_url(report.period.start.year),
        }
    if request.htmx and not request.htmx.boosted:
        return render(request, "reports/partials/dashboard_body.html", context)
    return render(request, "reports/dashboard.html", context)


# --- The annual report as PDF --------------------------------------------------------------


@login_required
def annual_report(request):
    """The annual report (`annual.annual_report_pdf`) to download: `year`, `language` and
    `desk` (an id) from the address, each with a default (`AnnualReportForm`); a bad one
    answers 400 naming it."""
    form = AnnualReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    year, language = form.cleaned_data["year"], form.cleaned_data["language"]
    pdf = annual_report_pdf(year, request.user, form.cleaned_data["desk"], language)
    return pdf_download(pdf, f"annual-report-{year}-{language}.pdf")


@extend_page(Company, "list")
def segment_offer(request):
    """The company list offers to keep its filters as a segment, to those who may."""
    return {"may_save_segment": may_keep_segments(request.user)}
