"""Reading XLSX workbooks without unpacking more than a real worksheet needs.

openpyxl (with numpy, 20 MB) is imported by the functions that read a workbook, so that
only a process that imports one loads it, not every web worker.
"""

import datetime
import io
import re
import zipfile
from functools import partial
from xml.etree import ElementTree

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pocketworld.imports.reading.header import find_header
from pocketworld.imports.reading.tables import (
    MEGABYTE,
    Record,
    Table,
    UnreadableFile,
    count_values,
)

# An XLSX may unpack to this many times the upload limit; real workbooks stay far below.
MAX_UNPACKED_FACTOR = 10
# A member unpacking to over 100 times its packed size is a zip bomb, not a worksheet;
# members under a megabyte cannot hurt, whatever their ratio (a tiny styles.xml may).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = MEGABYTE
# Where a worksheet's merged ranges start, with or without a namespace prefix.
MERGE_CELLS_START = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?mergeCells[\s/>]")
TAG_OVERLAP = 64


def read_workbook(data, file_name, limit):
    """The table on the first visible worksheet with data of an XLSX workbook."""
    import openpyxl

    check_archive(data, file_name, limit)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to ParseError
        raise damaged_workbook(file_name) from error
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            sheet.reset_dimensions()
            if not any(count_values(record.cells) for record in sheet_records(sheet)):
                continue
            # openpyxl 3.1's read-only sheet knows its path in the archive, nothing more.
            merged = merged_ranges(data, sheet._worksheet_path)
            headers, header_row, first_column = find_header(sheet_records(sheet), merged)
            return Table(
                file_format="xlsx",
                encoding=None,
                delimiter=None,
                headers=headers,
                header_row=header_row,
                first_column=first_column,
                read_records=partial(workbook_records, data, file_name, sheet.title),
            )
    except UnreadableFile:
        raise
    except Exception as error:
        raise damaged_workbook(file_name) from error
    finally:
        workbook.close()
    raise UnreadableFile(_("The workbook has no worksheet with data."))


def damaged_workbook(file_name):
    return UnreadableFile(
        gettext(
            "%(name)s cannot be read as an Excel workbook; it may be damaged: open it in "
            "Excel and save it again."
        )
        % {"name": file_name}
    )


def check_archive(data, file_name, limit):
    """Refuse a ZIP that is no XLSX, or would unpack to far more than a sheet can hold.

    Only the archive's directory is read; nothing is unpacked before the sizes passed.
    Python's zipfile stops at a member's declared size, so the declared sizes hold.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            ratio_too_high = any(
                member.file_size > RATIO_CHECKED_FROM
                and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
                for member in members
            )
            if unpacked > MAX_UNPACKED_FACTOR * limit or ratio_too_high:
                raise UnreadableFile(
                    gettext(
                        "%(name)s would unpack to far more data than a table of its size "
                        "holds; it was not read."
                    )
                    % {"name": file_name}
                )
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise damaged_workbook(file_name) from error
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise UnreadableFile(
            _("OpenDocument spreadsheets (.ods) cannot be read: save the sheet as .xlsx or CSV.")
        )
    if "xl/workbook.bin" in names:
        raise UnreadableFile(
            _("Excel binary workbooks (.xlsb) cannot be read: save the sheet as .xlsx or CSV.")
        )
    if not any(name.startswith("xl/") for name in names):
        raise UnreadableFile(
            gettext("%(name)s is a ZIP archive, not an Excel workbook: import .xlsx or CSV.")
            % {"name": file_name}
        )


def merged_ranges(data, sheet_path):
    """The merged cell ranges of a worksheet, read from its XML.

    openpyxl's read-only mode does not read them. They follow all the rows, and parsing
    100,000 rows of XML to reach them takes seconds, so the worksheet is unpacked in
    slices and scanned for the start of <mergeCells> ("<" in cell text is always escaped);
    only the rest is parsed as XML, up to the end of <mergeCells>.
    """
    from openpyxl.worksheet.cell_range import CellRange

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(sheet_path) as source:
        window = b""
        while chunk := source.read(MEGABYTE):
            window = window[-TAG_OVERLAP:] + chunk
            if match := MERGE_CELLS_START.search(window):
                tail = window[match.start() :] + source.read()
                break
        else:
            return []
    prefix = match.group(1)
    declaration = b' xmlns:%s="urn:prefix"' % prefix if prefix else b""
    parser = ElementTree.XMLPullParser(events=("end",))
    parser.feed(b"<root" + declaration + b">" + tail)
    ranges = []
    for _event, element in parser.read_events():
        name = element.tag.rpartition("}")[2]
        if name == "mergeCells":
            break
        if name == "mergeCell" and element.get("ref"):
            ranges.append(CellRange(element.get("ref")))
    return ranges


def workbook_records(data, file_name, sheet_title, first_row=1):
    """The rows of one worksheet from `first_row` on, streamed from a fresh workbook."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook[sheet_title]
            sheet.reset_dimensions()
            yield from sheet_records(sheet, first_row)
        finally:
            workbook.close()
    except Exception as error:
        raise damaged_workbook(file_name) from error


def sheet_records(sheet, first_row=1):
    """The rows of an open worksheet; a date-time at midnight becomes a date."""
    rows = sheet.iter_rows(min_row=first_row, values_only=True)
    for number, values in enumerate(rows, start=first_row):
        yield Record(number, [cell_value(value) for value in values])


def cell_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value
