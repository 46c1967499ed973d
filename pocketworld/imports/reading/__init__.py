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

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pocketworld.imports.reading.csv_files import read_csv
from pocketworld.imports.reading.tables import MEGABYTE, Table, UnreadableFile
from pocketworld.imports.reading.workbooks import read_workbook

DEFAULT_MAX_FILE_SIZE = 50 * MEGABYTE
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
