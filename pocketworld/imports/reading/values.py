"""Dates and numbers from cells, written the many ways people in and outside Germany write them."""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel counts 29 February 1900, which never was: serials below 60 start a day later.
EXCEL_FALSE_LEAP_DAY = 60
EXCEL_LAST_SERIAL = 2958465  # 31 December 9999
TIME_OF_DAY = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
YEAR_FIRST_DATE = re.compile(r"(\d{4})([-/.])\s*(\d{1,2})\2\s*(\d{1,2})\.?" + TIME_OF_DAY)
EAST_ASIAN_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
GERMAN_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})" + TIME_OF_DAY)
# Excel reads two-digit years 00-29 as 20xx and 30-99 as 19xx; so do we.
TWO_DIGIT_YEAR_PIVOT = 30
CURRENCY_SIGNS = str.maketrans("", "", "€$£¥₩₹")
CURRENCY_CODE = re.compile(r"^[A-Z]{3}\s*|\s*[A-Z]{3}$")
GROUP_MARKS = " \xa0\u202f\u2009'’"
EMPTY_NUMBERS = ("", "-", "–", "—")


def parse_date(value) -> datetime.date | None:
    """A date from a cell; None for an empty one; ValueError naming the formats read.

    Read are date objects, Excel serial numbers (1900 date system, from XLSX cells),
    31.12.2024, 31.12.24, 1.2.2024, 2024-12-31 (a time after it is ignored), 2024/12/31,
    2024. 12. 31. and 2024年12月31日; two-digit years as Excel reads them (00-29 are
    20xx). Dates with slashes and the year last (12/31/2024) are refused, as 01/02/2024
    means different days in different countries; so are numbers written as text.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return date_from_serial(value)
    if not isinstance(value, str):
        raise ValueError(date_error(value))
    text = value.strip()
    if not text:
        return None
    if match := YEAR_FIRST_DATE.fullmatch(text):
        year, month, day = match.group(1, 3, 4)
    elif match := EAST_ASIAN_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := GERMAN_DATE.fullmatch(text):
        day, month, year = match.groups()
        if len(year) == 2:
            year = int(year) + (2000 if int(year) < TWO_DIGIT_YEAR_PIVOT else 1900)
    else:
        raise ValueError(date_error(text))
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(gettext("%(value)s is not a valid date.") % {"value": text}) from None


def date_from_serial(serial):
    if not 1 <= serial <= EXCEL_LAST_SERIAL or int(serial) == EXCEL_FALSE_LEAP_DAY:
        raise ValueError(date_error(serial))
    days = int(serial) + (1 if serial < EXCEL_FALSE_LEAP_DAY else 0)
    return EXCEL_EPOCH + datetime.timedelta(days=days)


def date_error(value):
    return gettext("%(value)s is not a date: write it as 31.12.2024 or 2024-12-31.") % {
        "value": value
    }


def parse_number(value, decimal_comma: bool | None = None) -> Decimal | None:
    """A number from a cell; None for an empty one or "-"; ValueError otherwise.

    Currency signs and codes (€, EUR) are dropped; spaces and apostrophes group
    thousands (1 234, 1'234). `decimal_comma` says which of "," and "." is the decimal
    mark; with None, the last of them decides when both appear (1.234,56 and 1,234.56),
    a repeated one groups thousands (1.234.567), and a single one is the decimal mark:
    "12.345" is 12.345, as only the caller can know that its file writes 12345 so.
    """
    return number_from_cell(value, decimal_comma, single_mark_groups=False)


def parse_integer(value, decimal_comma: bool | None = None) -> int | None:
    """A whole number from a cell, like `parse_number`; ValueError for 12,5.

    With `decimal_comma` None, a single mark before three digits groups thousands here
    (1.500 employees are 1500), as a whole number has no three decimals to write.
    """
    number = number_from_cell(value, decimal_comma, single_mark_groups=True)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(gettext("%(value)s is not a whole number.") % {"value": value})
    return int(number)


def number_from_cell(value, decimal_comma, single_mark_groups):
    if isinstance(value, bool):
        raise ValueError(gettext("%(value)s is not a number.") % {"value": value})
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif value is None:
        return None
    else:
        text = str(value).strip()
        if text in EMPTY_NUMBERS:
            return None
        number = number_from_text(text, decimal_comma, single_mark_groups)
    if not number.is_finite():
        raise ValueError(gettext("%(value)s is not a number.") % {"value": value})
    return number


def number_from_text(text, decimal_comma, single_mark_groups):
    original = text
    text = CURRENCY_CODE.sub("", text.translate(CURRENCY_SIGNS)).strip()
    negative = text[:1] in ("-", "−") or text[-1:] == "-"
    text = text.strip("-−+ ")
    if decimal_comma is None:
        decimal_comma = guess_decimal_comma(text, single_mark_groups)
    decimal_mark, group_mark = (",", ".") if decimal_comma else (".", ",")
    whole, has_mark, fraction = text.partition(decimal_mark)
    groups = re.split("[" + re.escape(GROUP_MARKS + group_mark) + "]", whole)
    grouped = len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    )
    digits = "".join(groups)
    if not grouped or not (digits + fraction).isdecimal() or (has_mark and not fraction):
        raise ValueError(gettext("%(value)s is not a number.") % {"value": original})
    number = Decimal(f"{digits or 0}.{fraction}" if fraction else digits)
    return -number if negative else number


def guess_decimal_comma(text, single_mark_groups):
    """Whether "," is the decimal mark of `text`, judged from its shape alone."""
    dot, comma = text.rfind("."), text.rfind(",")
    if dot < 0 and comma < 0:
        return False
    if dot >= 0 and comma >= 0:
        return comma > dot
    mark = "." if dot >= 0 else ","
    if text.count(mark) > 1:
        return mark == "."
    whole, _mark, fraction = text.partition(mark)
    groups_thousands = (
        single_mark_groups and len(fraction) == 3 and whole.strip(GROUP_MARKS)[:1] not in ("", "0")
    )
    return (mark == ".") == groups_thousands
