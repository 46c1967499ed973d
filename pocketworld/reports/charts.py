"""Charts as inline SVG drawn on the server: no JavaScript library, nothing fetched.

The same markup goes into the dashboard and into the PDF (WeasyPrint renders inline SVG),
so sizes are viewBox units that scale with the page, text stays text (any script; the
font comes from the page through `font-family: inherit`) and colours are attributes that
need no stylesheet. Each chart is an image with a title for assistive technology; the
pages put the same numbers beside it as a table. Bars link to the records behind them.
"""

import hashlib
from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

WIDTH = 640
FONT_SIZE = 14
# A bar's label stands on its own line above the bar, so that long names (a NACE
# section's, in capitals or in CJK) keep the whole width; longer ones are shortened.
ROW_HEIGHT = 40
BAR_TOP = 19  # from the row's top: the label's line above the bar
BAR_HEIGHT = 15
LABEL_CHARACTERS = 48
VALUE_WIDTH = 110  # room right of the longest bar for its number (and the funnel's share)
BAR_COLOUR = "#0b5cad"
OTHER_COLOUR = "#8a96a3"
TEXT_COLOUR = "#1d2733"
LINE_COLOUR = "#d9dee4"
TREND_HEIGHT = 220
TREND_AXIS = 36  # below the columns: month names
TREND_TOP = 20  # above the tallest column: its number
MOST_MONTH_LABELS = 12


@dataclass(frozen=True)
class Row:
    """One bar as drawn: a row of a bar chart or the funnel, or a month's column."""

    label: str
    value: int
    url: str | None
    note: str = ""  # printed after the value (the funnel's share)
    colour: str = BAR_COLOUR


def formatted(value):
    return number_format(value, force_grouping=True)


def shortened(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def chart_id(title, rows):
    """An id for `aria-labelledby` that is the same each time the same chart is drawn."""
    content = "\n".join([str(title), *(f"{row.label}\t{row.value}" for row in rows)])
    return "chart-" + hashlib.sha1(content.encode(), usedforsecurity=False).hexdigest()[:10]


def linked(markup, url, links, tooltip, area):
    """The shapes of one bar, inside a link to its records when there is one. The link's
    target is the bar's whole `area` (x, y, width, height), an invisible rectangle, so that
    the gap between label and bar, or a bar of 0, can be clicked too."""
    tooltip_markup = format_html("<title>{}</title>", tooltip)
    if links and url:
        x, y, width, height = area
        target = format_html(
            '<rect class="target" x="{}" y="{}" width="{}" height="{}" fill="#fff"'
            ' fill-opacity="0"/>',
            x,
            y,
            width,
            height,
        )
        return format_html('<a href="{}">{}{}{}</a>', url, tooltip_markup, target, markup)
    return format_html("<g>{}{}</g>", tooltip_markup, markup)


def svg(title, rows, height, body):
    identifier = chart_id(title, rows)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}"'
        ' xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="{}"'
        ' fill="{}"><title id="{}">{}</title>{}</svg>',
        WIDTH,
        height,
        f"{identifier}-title",
        FONT_SIZE,
        TEXT_COLOUR,
        f"{identifier}-title",
        title,
        body,
    )


def empty_chart(title):
    return svg(
        title,
        [],
        ROW_HEIGHT,
        format_html('<text x="0" y="{}">{}</text>', FONT_SIZE + 2, _("Nothing to show.")),
    )


def horizontal_bars(title, rows, *, links, centred=False):
    """Rows of a label over a bar scaled to the largest, its number right of it; the
    funnel's bars are centred on one axis."""
    if not rows:
        return empty_chart(title)
    bar_space = WIDTH - VALUE_WIDTH
    largest = max(row.value for row in rows) or 1
    shapes = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        bar_top = top + BAR_TOP
        length = round(bar_space * row.value / largest, 1)
        start = round((bar_space - length) / 2, 1) if centred else 0
        number = formatted(row.value) + (f" · {row.note}" if row.note else "")
        markup = format_html(
            '<text x="0" y="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}</text>',
            top + FONT_SIZE,
            shortened(row.label),
            start,
            bar_top,
            length,
            BAR_HEIGHT,
            row.colour,
            round(start + length + 6, 1),
            round(bar_top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35, 1),
            number,
        )
        area = (0, top, WIDTH, ROW_HEIGHT)
        shapes.append(linked(markup, row.url, links, f"{row.label}: {number}", area))
    # The shapes are format_html's output, escaped already.
    return svg(title, rows, len(rows) * ROW_HEIGHT, mark_safe("".join(shapes)))  # nosec B308 B703


def bar_chart(chart, *, limit=12, links=True, title=None):
    """Horizontal bars of a `kpis.BarChart`, largest first as the KPI module orders them;
    the bars beyond `limit` are summed as one unlinked "Other" bar. `title` names the
    chart for screen readers (default: the chart's label)."""
    rows = [Row(bar.label, bar.value, bar.url) for bar in chart.bars[:limit]]
    rest = chart.bars[limit:]
    if rest:
        rows.append(Row(_("Other"), sum(bar.value for bar in rest), None, colour=OTHER_COLOUR))
    return horizontal_bars(title or chart.label, rows, links=links)


def funnel_chart(chart, *, links=True, title=None):
    """The conversion funnel: the `stage` breakdown of the `conversion` figure, each stage
    with how many projects reached it and the share of the stage before."""
    rows = [
        Row(
            bar.label,
            bar.value,
            bar.url,
            note="" if bar.share is None else number_format(bar.share, decimal_pos=1) + " %",
        )
        for bar in chart.bars
    ]
    return horizontal_bars(title or chart.label, rows, links=links, centred=True)


def trend_chart(series, *, links=True, title=None):
    """One column per month of a `kpis.trend` series (a list of `TrendPoint`), its number
    on top; month names below, fewer of them when there are many months."""
    title = title or _("Per month")
    rows = [Row(format_date(point.month, "F Y"), point.value, point.url) for point in series]
    if not rows:
        return empty_chart(title)
    slot = WIDTH / len(rows)
    column = slot * 0.7
    every = -(-len(rows) // MOST_MONTH_LABELS)  # label every n-th month, at most 12
    floor = TREND_HEIGHT - TREND_AXIS
    largest = max(row.value for row in rows) or 1
    shapes = []
    for index, row in enumerate(rows):
        height = round((floor - TREND_TOP) * row.value / largest, 1)
        left = round(index * slot + (slot - column) / 2, 1)
        centre = round(index * slot + slot / 2, 1)
        markup = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            left,
            floor - height,
            round(column, 1),
            height,
            BAR_COLOUR,
            centre,
            floor - height - 5,
            formatted(row.value),
        )
        area = (round(index * slot, 1), 0, round(slot, 1), floor)
        tooltip = f"{row.label}: {formatted(row.value)}"
        shapes.append(linked(markup, row.url, links, tooltip, area))
    month_names = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (
                round(index * slot + slot / 2, 1),
                floor + 16,
                format_date(point.month, "M"),
            )
            for index, point in enumerate(series)
            if index % every == 0
        ),
    )
    years = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (round(index * slot + slot / 2, 1), floor + 32, point.month.year)
            for index, point in enumerate(series)
            if index == 0 or point.month.month == 1
        ),
    )
    axis = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>', floor, WIDTH, floor, LINE_COLOUR
    )
    # The shapes are format_html's output, escaped already.
    return svg(title, rows, TREND_HEIGHT, mark_safe("".join(shapes)) + axis + month_names + years)  # nosec B308 B703
