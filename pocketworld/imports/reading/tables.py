"""The table read from an upload, and the error for a file that is none, for every format."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

MEGABYTE = 1024 * 1024
# The header, the delimiter and the table's width are decided on this many rows.
SAMPLE_ROWS = 50


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


# Characters that show nothing: a byte order mark the encoding did not take (a file saved
# with two), a zero-width space. A cell of only these is blank, as it is in a header.
INVISIBLE = str.maketrans("", "", "\ufeff\u200b")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.translate(INVISIBLE).strip())


def count_values(cells):
    return sum(not is_blank(value) for value in cells)
