"""The KPIs of the International Business Service, defined once; docs/kpis.md explains each.

The dashboard, the exports, the PDF and the API all call `compute`. Every figure and every
bar leads to the records behind it: `records` gives them as a queryset, `records_url` as
the list page whose filters select exactly those records (where a page lists them), so the
list's count is the figure. Figures are aggregate queries (COUNT and SUM with conditions, GROUP BY,
subqueries), never rows loaded into Python, over what the user may see (`visible_to`).
"""

from pocketworld.reports.kpis.definitions import KPIS, Bar, BarChart, Unit
from pocketworld.reports.kpis.periods import Period
from pocketworld.reports.kpis.report import Figure, KPIReport, compute, records, records_url
from pocketworld.reports.kpis.trend import TRENDS, TrendPoint, trend

__all__ = [
    "KPIS",
    "TRENDS",
    "Bar",
    "BarChart",
    "Figure",
    "KPIReport",
    "Period",
    "TrendPoint",
    "Unit",
    "compute",
    "records",
    "records_url",
    "trend",
]
