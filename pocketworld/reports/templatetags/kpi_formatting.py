"""Template filters that format KPIs by their unit, in the page's language."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from pocketworld.reports.kpis import Unit

register = template.Library()

NO_VALUE = "—"
MINUS = "\N{MINUS SIGN}"


def plain(number):
    """1.0 as 1; a fraction with one decimal, as the KPI module rounds them."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    decimals = 1 if isinstance(number, float) else None
    return number_format(number, decimal_pos=decimals, force_grouping=True)


def with_unit(text, number, unit):
    if unit == Unit.PERCENT:
        return _("%(number)s %%") % {"number": text}
    if unit == Unit.EUR:
        return _("%(number)s €") % {"number": text}
    if unit == Unit.DAYS:
        # A fraction of days reads as plural.
        count = number if isinstance(number, int) else 2
        return ngettext("%(number)s day", "%(number)s days", count) % {"number": text}
    if unit == Unit.HOURS:
        count = number if isinstance(number, int) else 2
        return ngettext("%(number)s hour", "%(number)s hours", count) % {"number": text}
    return text


@register.filter
def kpi_value(value, unit):
    """A figure as its unit reads: 1,234 · 40.0 % · 296 days · 3,000,000 €."""
    if value is None:
        return NO_VALUE
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return with_unit(plain(value), value, unit)


def signed(number):
    if number > 0:
        return "+" + plain(number)
    if number < 0:
        return MINUS + plain(-number)
    return plain(number)


@register.filter
def kpi_difference(difference, unit):
    """The change against the period before in the figure's unit; a percentage changes by
    percentage points."""
    if difference is None:
        return NO_VALUE
    if unit == Unit.PERCENT:
        return pgettext("percentage points", "%(number)s pp") % {"number": signed(difference)}
    if isinstance(difference, float) and difference.is_integer():
        difference = int(difference)
    return with_unit(signed(difference), abs(difference), unit)


@register.filter
def percent_change(percent):
    """The change against the period before in percent of it."""
    if percent is None:
        return NO_VALUE
    return _("%(number)s %%") % {"number": signed(percent)}
