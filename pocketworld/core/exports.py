"""The one way a table leaves pocketworld as a spreadsheet: CSV or XLSX.

Lists, segments and the KPI reports hand `export_response` a header and rows of plain
values (text, numbers, dates, None). Both formats treat cells alike:

- text that starts like a formula (= + - @, tab, carriage return) gets a leading
  apostrophe, as OWASP advises against CSV injection; a negative *number* stays a number;
- numbers, dates and times stay typed (real numeric and date cells in XLSX); times are
  written in local time, since spreadsheets know no time zones;
- CSV is UTF-8 with a byte order mark, without which Excel misreads umlauts and CJK names.
  A spreadsheet may split it at another delimiter than the comma (German Excel at ";"),
  and honours quotes only where a cell starts: so every cell is quoted, and inside text a
  formula character right after a delimiter or line break (behind quotes, too) gets the
  apostrophe as well ("Sony;=cmd…" becomes "Sony;'=cmd…").

The XLSX workbook is written row by row (openpyxl's write-only mode), so a list of
100,000 companies costs little memory.
"""

import csv
import datetime
import decimal
import io
import itertools
import re
import unicodedata

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet reading a CSV file with another delimiter may start a new cell.
CELL_BREAK_BEFORE_FORMULA = re.compile(r'([;,\t\r\n]"*)(?=[=+\-@\t\r])')
# bool is an int and datetime a date: both stay typed too.
TYPED_VALUES = (int, float, decimal.Decimal, datetime.date, datetime.time)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_FORMATS = tuple(CONTENT_TYPES)

# XLSX column widths are measured on the header and the first rows; the rest stream after.
WIDTH_SAMPLE_ROWS = 200
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 8, 60
# Excel refuses sheet titles with these characters or longer than 31 characters.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_LENGTH = 31
# The control characters XLSX does not allow (openpyxl's ILLEGAL_CHARACTERS_RE, written out
# here so that a CSV export and the web worker do without openpyxl).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralize_formula(text):
    """Stop spreadsheets from running a text cell that starts like a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_value(value):
    """`value` as a spreadsheet cell: typed values stay typed, anything else is safe text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value.replace(microsecond=0)
    if isinstance(value, TYPED_VALUES):
        return value
    # Control characters are not allowed in XLSX; removing them first keeps a hidden
    # formula ("\x01=cmd…") from surfacing after the check.
    return neutralize_formula(ILLEGAL_CHARACTERS.sub("", str(value)))


def csv_cell_value(value):
    """`cell_value`, and no formula where a spreadsheet may split a text cell."""
    value = cell_value(value)
    if isinstance(value, str):
        return CELL_BREAK_BEFORE_FORMULA.sub(r"\1'", value)
    return value


def write_csv(stream, header, rows):
    """Write the table as CSV to the text `stream`."""
    stream.write("\ufeff")
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
    for row in itertools.chain([header], rows):
        writer.writerow([csv_cell_value(value) for value in row])


def display_width(value):
    """Roughly how many characters wide a cell shows; CJK characters count twice."""
    if value is None:
        return 0
    text = value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def bold_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def write_xlsx(stream, header, rows, title="Export"):
    """Write the table as one XLSX sheet to the binary `stream`, with a bold frozen header."""
    # openpyxl and numpy, which it imports, take 20 MB: loaded by the first XLSX export,
    # not by every web worker that shows a list.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(
        SHEET_TITLE_FORBIDDEN.sub(" ", title)[:SHEET_TITLE_LENGTH].strip() or "Export"
    )
    header = [cell_value(value) for value in header]
    rows = ([cell_value(value) for value in row] for row in rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    # Column widths and frozen panes must be set before the first row is written.
    for index, cells in enumerate(zip(header, *sample, strict=True), start=1):
        width = max(display_width(cell) for cell in cells) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH
        )
    sheet.freeze_panes = "A2"
    sheet.append([bold_cell(sheet, value) for value in header])
    for row in itertools.chain(sample, rows):
        sheet.append(row)
    workbook.save(stream)


def export_response(export_format, filename, header, rows):
    """A download of the table as `export_format` ("csv" or "xlsx").

    `filename` has no extension; `header` is a list of column titles and `rows` any
    iterable of lists of plain values, read once (a generator streams into the file).
    """
    response = HttpResponse(content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{export_format}"
    )
    if export_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, title=filename)
        response.write(buffer.getvalue())
    else:
        write_csv(response, header, rows)
    return response
