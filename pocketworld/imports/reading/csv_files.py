"""Reading CSV files record by record, so that a broken row costs that row only."""

import csv
import re
from collections import deque
from functools import partial

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pocketworld.imports.reading.header import find_header
from pocketworld.imports.reading.sniffing import (
    DELIMITERS,
    SAMPLE_BYTES,
    detect_delimiter,
    detect_encoding,
    looks_binary,
    open_text,
)
from pocketworld.imports.reading.tables import Record, Table, UnreadableFile

MAX_CELL_LENGTH = 100_000
# Longest row, in characters, read into memory; also caps a record whose quotes swallow
# the lines after it.
MAX_ROW_LENGTH = 1_000_000
MAX_BROKEN_ROWS = 100
SAMPLE_CHARACTERS = 64 * 1024
SEPARATOR_HINT = re.compile(r"sep=(.)(\r\n|\r|\n|$)")
MARKUP_STARTS = ("<!doctype html", "<html", "<table", "<?xml")


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
