"""Finding a table's header, which real lists put under titles and across merged cells."""

import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pocketworld.imports.reading.tables import (
    INVISIBLE,
    SAMPLE_ROWS,
    UnreadableFile,
    count_values,
    is_blank,
)

MAX_COLUMNS = 1000


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
