"""Reading the tables people import: CSV in any of the encodings Excel writes, and XLSX.

`read_table` looks at the bytes of an upload once, decides the format from the content
(magic bytes) before the file name, finds the header and returns a `Table`; the rows are
streamed from the bytes again on every call of `Table.rows()`, so a file of 100,000 rows
never lives in memory as Python objects. Anything that is not a readable table raises
`UnreadableFile` with a message for the user, and nothing else.

Row numbers are those the user sees when opening the file in Excel: the sheet's row
numbers for XLSX, and for CSV the number of the record counting the first record as row 1
(a record with line breaks inside quotes is one row, as in Excel; an Excel "sep=;" hint
line is not a row, as Excel hides it).

A CSV row that cannot be read (a quotation mark never closed, a stray quotation mark
inside a quoted cell, a NUL character, a cell over 100,000 characters) is skipped and
reported in `Table.broken_rows`; reading resumes on the line after the one the broken row
started on, so the rows before and after it are read. A file with more than 100 such rows
is refused as a whole.

The header is the first non-empty row, with two refinements for real lists: a leading row
with a single cell followed by an empty row (or, in XLSX, merged across columns) is a
title, not the header; and in XLSX, merged cells over two rows make a two-row header
whose names are combined ("Kontakt" over "Name" gives "Kontakt Name").

Of a workbook, the first visible worksheet with a value is read. An XLSX is refused
before anything is unpacked when it would unpack to more than ten times the upload limit
or a member to more than 100 times its packed size.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import islice
from typing import NamedTuple
from xml.etree import ElementTree

import openpyxl
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.worksheet.cell_range import CellRange

MEGABYTE = 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 50 * MEGABYTE
# An XLSX may unpack to this many times the upload limit; real workbooks stay far below.
MAX_UNPACKED_FACTOR = 10
# A member unpacking to over 100 times its packed size is a zip bomb, not a worksheet;
# members under a megabyte cannot hurt, whatever their ratio (a tiny styles.xml may).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = MEGABYTE
MAX_CELL_LENGTH = 100_000
# Longest row, in characters, read into memory; also caps a record whose quotes swallow
# the lines after it.
MAX_ROW_LENGTH = 1_000_000
MAX_COLUMNS = 1000
MAX_BROKEN_ROWS = 100
# The header, the delimiter and the table's width are decided on this many rows.
SAMPLE_ROWS = 50
SAMPLE_CHARACTERS = 64 * 1024
SAMPLE_BYTES = 64 * 1024
# Earlier delimiters win ties: a tab or semicolon is rarely in data by accident.
DELIMITERS = ("\t", ";", ",", "|")
SEPARATOR_HINT = re.compile(r"sep=(.)(\r\n|\r|\n|$)")
# Bytes Windows-1252 leaves undefined; a file with any of them is Latin-1.
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# Control bytes never seen in text (tab, line ends, form feed and DOS's end mark are).
CONTROL_BYTES = tuple(bytes([code]) for code in (*range(0, 9), 11, *range(14, 26), *range(27, 32)))
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE2 file holding this stream is an XLSX encrypted with a password.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
FILE_TYPES = (
    (b"%PDF-", _("PDF")),
    (b"\x89PNG", _("PNG image")),
    (b"\xff\xd8\xff", _("JPEG image")),
    (b"GIF8", _("GIF image")),
    (b"II*\x00", _("TIFF image")),
    (b"MM\x00*", _("TIFF image")),
    (b"\x1f\x8b", _("gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", _("7-Zip archive")),
    (b"Rar!\x1a\x07", _("RAR archive")),
    (b"{\\rtf", _("RTF document")),
)
MARKUP_STARTS = ("<!doctype html", "<html", "<table", "<?xml")
# Where a worksheet's merged ranges start, with or without a namespace prefix.
MERGE_CELLS_START = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?mergeCells[\s/>]")
TAG_OVERLAP = 64


class UnreadableFile(Exception):
    """The file cannot be read as a table; str(error) is a clear message for the user.

    `row_number` names the row at fault when one row made the whole file unreadable.
    """

    def __init__(self, message, row_number=None):
        super().__init__(str(message))
        self.row_number = row_number


class Record(NamedTuple):
    """One row of the file as read: its cells, or why it could not be read."""

    number: int
    cells: list | None
    problem: str | None = None


@dataclass
class Table:
    """A table found in an upload; `rows()` reads its data rows, as often as needed.

    `extra_cells` maps a row number to the number of non-empty cells beyond the last
    column; `broken_rows` maps a row number to the message why it was skipped. Both are
    filled while `rows()` runs (a row's entry is there by the time the row, or the one
    after a broken row, is yielded) and are complete once `rows()` has been read to the
    end; each call starts them afresh.
    """

    file_format: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    header_row: int
    # Where the table starts in the file's rows: empty columns left of it are dropped.
    first_column: int = field(repr=False)
    read_records: Callable[[int], Iterator[Record]] = field(repr=False, compare=False)
    extra_cells: dict[int, int] = field(default_factory=dict)
    broken_rows: dict[int, str] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[int, list]]:
        """Yield (row number, cells) for every non-empty row below the header.

        Cells are as long as `headers`: padded with "" or cut, the cut cells counted in
        `extra_cells`. CSV cells are strings as written; XLSX cells keep their types
        (str, int, float, bool, date, datetime), with "" for an empty cell. May raise
        `UnreadableFile` if the file turns out to be beyond repair further down.
        """
        self.extra_cells.clear()
        self.broken_rows.clear()
        start, end = self.first_column, self.first_column + len(self.headers)
        for record in self.read_records(self.header_row + 1):
            if record.problem:
                self.broken_rows[record.number] = record.problem
                continue
            if all(is_blank(value) for value in record.cells):
                continue
            outside = record.cells[:start] + record.cells[end:]
            extra = sum(not is_blank(value) for value in outside)
            if extra:
                self.extra_cells[record.number] = extra
            cells = record.cells[start:end]
            yield record.number, cells + [""] * (len(self.headers) - len(cells))


def read_table(data: bytes, file_name: str) -> Table:
    """The table in an uploaded file, with its header found; raises `UnreadableFile`."""
    limit = getattr(settings, "IMPORT_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE)
    if not data:
        raise UnreadableFile(_("The file is empty."))
    if len(data) > limit:
        raise UnreadableFile(
            gettext("The file is %(size)s; at most %(limit)s can be imported.")
            % {"size": megabytes(len(data)), "limit": megabytes(limit)}
        )
    if data.startswith(ZIP_SIGNATURES):
        return read_workbook(data, file_name, limit)
    refuse_other_formats(data, file_name)
    return read_csv(data, file_name)


def megabytes(size):
    """A size in bytes as the user reads it: "73.2 MB", "50 MB"."""
    decimals = 0 if size % MEGABYTE == 0 else 1
    return f"{number_format(round(size / MEGABYTE, decimals), decimal_pos=decimals)} MB"


def refuse_other_formats(data, file_name):
    """Raise for binary formats people upload by mistake, naming what the file is."""
    if data.startswith(OLE2_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableFile(
                _(
                    "The workbook is protected with a password: remove the password in "
                    "Excel, save the sheet as .xlsx or CSV and import that file."
                )
            )
        raise UnreadableFile(
            _("Excel 97-2003 .xls files cannot be read: save the sheet as .xlsx or CSV.")
        )
    for signature, kind in FILE_TYPES:
        if data.startswith(signature):
            raise UnreadableFile(
                gettext("%(name)s is not a table (file type: %(kind)s): import .xlsx or CSV.")
                % {"name": file_name, "kind": kind}
            )


# CSV


def read_csv(data, file_name):
    """The table in a CSV file: encoding, delimiter and header detected from the content."""
    encoding = detect_encoding(data)
    if not encoding.startswith("utf-16") and looks_binary(data[:SAMPLE_BYTES]):
        raise UnreadableFile(
            gettext("%(name)s contains binary data, not text: import .xlsx or CSV.")
            % {"name": file_name}
        )
    sample = open_text(data, encoding).read(SAMPLE_CHARACTERS)
    if sample.lstrip("\ufeff \t\r\n").lower().startswith(MARKUP_STARTS):
        raise UnreadableFile(
            gettext(
                "%(name)s is a web page or XML document, not a table: open it in Excel "
                "and save it as .xlsx or CSV."
            )
            % {"name": file_name}
        )
    hint = SEPARATOR_HINT.match(sample)
    has_hint = bool(hint and hint.group(1) in DELIMITERS)
    if has_hint:
        delimiter = hint.group(1)
    else:
        delimiter = detect_delimiter(sample, truncated=len(sample) == SAMPLE_CHARACTERS)
    read_records = partial(csv_records, data, encoding, delimiter, has_hint)
    headers, header_row, first_column = find_header(read_records(1), merged_ranges=())
    return Table(
        file_format="csv",
        encoding=encoding,
        delimiter=delimiter,
        headers=headers,
        header_row=header_row,
        first_column=first_column,
        read_records=read_records,
    )


def detect_encoding(data):
    """The encoding: a BOM decides, then the NUL bytes of UTF-16, strict UTF-8, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = utf16_without_bom(data[: SAMPLE_BYTES & ~1])
    if utf16:
        return utf16
    if is_utf8(data):
        return "utf-8"
    if any(byte in data for byte in CP1252_UNDEFINED):
        return "latin-1"
    return "cp1252"


def utf16_without_bom(sample):
    """ "utf-16-le" or "-be" if NUL bytes fill one byte position of the sample only.

    Text in UTF-16 has a NUL in the high byte of every ASCII character (delimiters, line
    ends, digits), so at least a tenth of one position is NUL and almost none of the other.
    Below 40%, the decoded sample must also break lines: a NUL in every row of a damaged
    UTF-8 file fills one position too.
    """
    half = len(sample) // 2
    if not half:
        return None
    nuls_even, nuls_odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, nuls, other in (
        ("utf-16-le", nuls_odd, nuls_even),
        ("utf-16-be", nuls_even, nuls_odd),
    ):
        if nuls * 10 >= half and other * 100 <= half:
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(sample)
            except UnicodeDecodeError:
                return None
            if nuls * 10 >= half * 4 or "\n" in text or "\r" in text:
                return encoding
    return None


def is_utf8(data):
    """Whether all of `data` is strict UTF-8, checked in slices to keep memory flat."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), MEGABYTE):
            decoder.decode(view[start : start + MEGABYTE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def looks_binary(sample):
    """Whether the sample has control bytes that text never has: more than 2%, and 8.

    A few stray ones (a NUL in a damaged row) are left to the rows they are in.
    """
    controls = sum(sample.count(byte) for byte in CONTROL_BYTES)
    return controls > max(8, len(sample) // 50)


def open_text(data, encoding):
    """A text stream over the bytes, decoded as read; line ends are left as they are."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")


def detect_delimiter(sample, truncated):
    """The delimiter that splits the first rows into the most consistent number of cells.

    Each candidate parses the sample with quotes respected; among those giving two or
    more cells, the one whose commonest cell count covers the most rows wins, then the
    one with more cells. A file no candidate splits has one column; "," is returned.
    """
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            records = list(islice(reader, SAMPLE_ROWS + 1))
        except csv.Error:
            continue
        if truncated and len(records) > 1 and len(records) <= SAMPLE_ROWS:
            records.pop()
        counts = [len(cells) for cells in records[:SAMPLE_ROWS] if cells]
        if not counts:
            continue
        width, frequency = max(Counter(counts).items(), key=lambda item: (item[1], item[0]))
        score = (frequency / len(counts), width)
        if width > 1 and (best_score is None or score > best_score):
            best, best_score = delimiter, score
    return best


class RowTooLong(Exception):
    """A line, or a record whose quotes swallow the lines after it, is too long to read."""


class LineFeed:
    """Hands csv.reader one line at a time, keeping the lines of the record being read.

    After a broken record, the lines it swallowed are handed out again, so that reading
    resumes on the line after the one the broken record started on.
    """

    def __init__(self, text):
        self.text = text
        self.pending = deque()
        self.record_lines = []
        self.record_length = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.pending:
            line = self.pending.popleft()
        else:
            line = self.text.readline(MAX_ROW_LENGTH + 1)
            if not line:
                raise StopIteration
            if len(line) > MAX_ROW_LENGTH:
                self.skip_rest_of_line()
                raise RowTooLong
        self.record_lines.append(line)
        self.record_length += len(line)
        if self.record_length > MAX_ROW_LENGTH:
            raise RowTooLong
        return line

    def skip_rest_of_line(self):
        while True:
            chunk = self.text.readline(MAX_ROW_LENGTH)
            if not chunk or chunk.endswith(("\n", "\r")):
                return

    def start_record(self):
        self.record_lines = []
        self.record_length = 0

    def resume_after_broken_record(self):
        self.pending.extendleft(reversed(self.record_lines[1:]))
        self.start_record()


def csv_records(data, encoding, delimiter, has_hint, first_row=1):
    """Every record of the CSV file from `first_row` on, broken ones with their problem."""
    text = open_text(data, encoding)
    if has_hint:
        text.readline()
    feed = LineFeed(text)
    number = broken = 0
    while True:
        try:
            for cells in csv.reader(feed, delimiter=delimiter, strict=True):
                feed.start_record()
                number += 1
                problem = cell_problem(cells, number)
                if problem:
                    broken = count_broken(broken, number)
                if number >= first_row:
                    yield Record(number, None if problem else cells, problem)
            return
        except (csv.Error, RowTooLong) as error:
            number += 1
            broken = count_broken(broken, number)
            problem = record_problem(error, number, feed)
            feed.resume_after_broken_record()
            if number >= first_row:
                yield Record(number, None, problem)


def count_broken(broken, number):
    """One more broken row; raise once there are too many to call the file a table."""
    if broken >= MAX_BROKEN_ROWS:
        raise UnreadableFile(
            gettext(
                "More than %(limit)s rows up to row %(row)s cannot be read; the file is "
                "damaged or not a CSV table."
            )
            % {"limit": MAX_BROKEN_ROWS, "row": number},
            row_number=number,
        )
    return broken + 1


def cell_problem(cells, number):
    """Why a record that parsed is still unusable, or None."""
    if any("\x00" in cell for cell in cells):
        return gettext(
            "Row %(row)s cannot be read: it contains a NUL character, so the file may be damaged."
        ) % {"row": number}
    if any(len(cell) > MAX_CELL_LENGTH for cell in cells):
        return gettext(
            "Row %(row)s cannot be read: a cell is longer than %(limit)s characters."
        ) % {"row": number, "limit": number_format(MAX_CELL_LENGTH, force_grouping=True)}
    return None


def record_problem(error, number, feed):
    """The message for a record the csv module refused (or that grew too long)."""
    spans_lines = len(feed.record_lines) > 1
    if isinstance(error, RowTooLong) and not spans_lines:
        message = _("Row %(row)s cannot be read: it is longer than %(limit)s characters.")
    elif "end of data" in str(error) or spans_lines:
        message = _("Row %(row)s cannot be read: a quotation mark opened in it is never closed.")
    elif "field limit" in str(error):
        message = _("Row %(row)s cannot be read: a cell is longer than %(limit)s characters.")
    else:
        message = _(
            "Row %(row)s cannot be read: a quotation mark inside a quoted cell is not doubled."
        )
    limit = MAX_ROW_LENGTH if isinstance(error, RowTooLong) else MAX_CELL_LENGTH
    return str(message) % {"row": number, "limit": number_format(limit, force_grouping=True)}


# XLSX


def read_workbook(data, file_name, limit):
    """The table on the first visible worksheet with data of an XLSX workbook."""
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


# The header


def find_header(records, merged_ranges):
    """(headers, header row, index of the first column) from the first records.

    Raises `UnreadableFile` when no row has a value or the header row itself is broken.
    """
    sample = []
    for record in records:
        if record.problem and not sample:
            raise UnreadableFile(record.problem, row_number=record.number)
        if record.cells and not all(is_blank(value) for value in record.cells):
            sample.append(record)
            if len(sample) > SAMPLE_ROWS:
                break
    if not sample:
        raise UnreadableFile(_("The file contains no table: all its rows are empty."))
    sample = skip_titles(sample, merged_ranges)
    header = sample[0]
    rows = {record.number: record.cells for record in sample[:2]}
    header_numbers = [header.number]
    if has_two_row_header(header, rows.get(header.number + 1), merged_ranges):
        header_numbers.append(header.number + 1)
    header_areas = [
        area
        for area in merged_ranges
        if area.min_row <= header_numbers[-1] and area.max_row >= header.number
    ]
    header_width = max(
        [len(rows.get(number) or ()) for number in header_numbers]
        + [area.max_col for area in header_areas]
    )
    names = [
        [header_text(filled_value(rows, number, column, header_areas)) for number in header_numbers]
        for column in range(header_width)
    ]
    data_rows = [record.cells for record in sample if record.number > header_numbers[-1]]
    # A column without a name is kept where the header row has a cell for it and the rows
    # below have values in it; values beyond the header row's cells are extra cells.
    used = [index for index, parts in enumerate(names) if any(parts)]
    used += [
        index
        for cells in data_rows
        for index, value in enumerate(cells[:header_width])
        if not is_blank(value)
    ]
    first_column, last_column = min(used), max(used)
    if last_column - first_column + 1 > MAX_COLUMNS:
        raise UnreadableFile(
            gettext("The table has %(count)s columns; at most %(limit)s can be imported.")
            % {"count": last_column - first_column + 1, "limit": MAX_COLUMNS}
        )
    headers = []
    for index in range(first_column, last_column + 1):
        parts = names[index]
        words = [
            part for position, part in enumerate(parts) if part and part not in parts[:position]
        ]
        headers.append(" ".join(words) or gettext("Column %(number)s") % {"number": index + 1})
    return unique(headers), header_numbers[-1], first_column


def skip_titles(sample, merged_ranges):
    """The sample without leading title rows.

    A title is a row with a single value, above a row with two or more values further
    down, that is followed by an empty row or (in XLSX) merged across columns.
    """
    while len(sample) > 1 and any(count_values(record.cells) > 1 for record in sample[1:]):
        title, following = sample[0], sample[1]
        if count_values(title.cells) != 1:
            break
        column = next(index for index, value in enumerate(title.cells) if not is_blank(value))
        merged_across = any(
            area.min_row == title.number
            and area.min_col == column + 1
            and area.max_col > area.min_col
            for area in merged_ranges
        )
        if following.number == title.number + 1 and not merged_across:
            break
        sample = sample[1:]
    return sample


def has_two_row_header(header, below, merged_ranges):
    """Whether merged cells make the header two rows deep.

    So it is when a header cell is merged down into the next row, or when cells merged
    across columns carry names in the row below and that row has nothing elsewhere.
    """
    starting = [area for area in merged_ranges if area.min_row == header.number]
    if any(area.max_row > header.number for area in starting):
        return True
    across = [area for area in starting if area.max_col > area.min_col]
    if not across or not below or count_values(header.cells) < 2:
        return False
    under = {column for area in across for column in range(area.min_col, area.max_col + 1)}
    filled = {index + 1 for index, value in enumerate(below) if not is_blank(value)}
    return bool(filled) and filled <= under


def filled_value(rows, number, column, merged_ranges):
    """The value at (row, column), the merged range's top-left value inside a merge."""
    for area in merged_ranges:
        if area.min_row <= number <= area.max_row and area.min_col <= column + 1 <= area.max_col:
            number, column = area.min_row, area.min_col - 1
            break
    cells = rows.get(number) or ()
    return cells[column] if column < len(cells) else None


def header_text(value):
    """A header cell as one line of text, BOMs and runs of whitespace removed."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).translate(INVISIBLE).split())


def unique(names):
    """The names with " (2)", " (3)"… added to repeats, compared without case."""
    seen, result = set(), []
    for name in names:
        candidate, number = name, 2
        while candidate.casefold() in seen:
            candidate, number = f"{name} ({number})", number + 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


# Characters that show nothing: a byte order mark the encoding did not take (a file saved
# with two), a zero-width space. A cell of only these is blank, as it is in a header.
INVISIBLE = str.maketrans("", "", "\ufeff\u200b")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.translate(INVISIBLE).strip())


def count_values(cells):
    return sum(not is_blank(value) for value in cells)


# Values


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
