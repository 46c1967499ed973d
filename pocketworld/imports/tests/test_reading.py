"""Reading uploaded tables: the files people really send, and the ones that must be refused."""

import datetime
import inspect
import io
import json
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from pocketworld.imports.reading import DEFAULT_MAX_FILE_SIZE, read_table
from pocketworld.imports.reading.csv_files import MAX_BROKEN_ROWS, MAX_CELL_LENGTH
from pocketworld.imports.reading.tables import Table, UnreadableFile
from pocketworld.imports.reading.values import parse_date, parse_integer, parse_number

SPECTRUM = Path(__file__).parent / "data" / "csv-spectrum"
SPECTRUM_NAMES = sorted(path.stem for path in (SPECTRUM / "csvs").glob("*.csv"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rows(table):
    return list(table.rows())


def refusal(data, file_name="list.csv"):
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, file_name)
    return caught.value


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# Encodings


def test_german_excel_csv_in_windows_1252_with_semicolons():
    data = (
        "Firma;Straße;PLZ;Ort;Umsatz (€);Gründung\r\n"
        "Müller & Söhne GmbH;Königsallee 1;40212;Düsseldorf;1.234,56;31.12.2024\r\n"
        "Weiß Maschinenbau AG;Große Straße 5;50667;Köln;12,5;1.2.2024\r\n"
    ).encode("cp1252")
    table = read_table(data, "Kammerliste.csv")
    assert (table.file_format, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    assert table.headers == ["Firma", "Straße", "PLZ", "Ort", "Umsatz (€)", "Gründung"]
    assert table.header_row == 1
    (number, muller), (_, weiss) = rows(table)
    assert number == 2
    assert muller == [
        "Müller & Söhne GmbH",
        "Königsallee 1",
        "40212",
        "Düsseldorf",
        "1.234,56",
        "31.12.2024",
    ]
    assert parse_number(muller[4], decimal_comma=True) == Decimal("1234.56")
    assert parse_date(muller[5]) == datetime.date(2024, 12, 31)
    assert parse_number(weiss[4]) == Decimal("12.5")
    assert parse_date(weiss[5]) == datetime.date(2024, 2, 1)


def test_excel_unicode_text_is_utf16_le_with_bom_and_tabs():
    text = "Company\tCity\tCountry\r\n株式会社東芝\t東京都港区\tJP\r\n삼성전자\t수원시\tKR\r\n"
    data = text.encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    table = read_table(data, "Unicode.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.headers == ["Company", "City", "Country"]
    assert rows(table) == [
        (2, ["株式会社東芝", "東京都港区", "JP"]),
        (3, ["삼성전자", "수원시", "KR"]),
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_told_by_its_nul_bytes(encoding):
    data = "Firma,Ort\r\n株式会社東芝,Tokyo\r\nMüller GmbH,Köln\r\n".encode(encoding)
    table = read_table(data, "list.csv")
    assert (table.encoding, table.delimiter) == (encoding, ",")
    assert rows(table) == [(2, ["株式会社東芝", "Tokyo"]), (3, ["Müller GmbH", "Köln"])]


def test_utf8_with_bom_keeps_the_bom_out_of_the_first_header():
    data = "\ufeffName,E-Mail\nJürgen Groß,jg@example.de\n".encode()
    table = read_table(data, "people.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["Name", "E-Mail"]
    assert rows(table) == [(2, ["Jürgen Groß", "jg@example.de"])]


def test_utf8_without_bom():
    table = read_table("Name;Ort\nŁódź Sp. z o.o.;Łódź\n".encode(), "list.csv")
    assert table.encoding == "utf-8"
    assert rows(table) == [(2, ["Łódź Sp. z o.o.", "Łódź"])]


def test_latin1_when_windows_1252_leaves_a_byte_undefined():
    data = b"Name;Notiz\nM\xfcller;\x81 alt\n"
    table = read_table(data, "list.csv")
    assert table.encoding == "latin-1"
    assert rows(table) == [(2, ["Müller", "\x81 alt"])]


def test_windows_1252_reads_its_euro_sign_and_quotes():
    data = "Firma;Umsatz\n„Bäcker“ GmbH;€ 1.200\n".encode("cp1252")
    table = read_table(data, "list.csv")
    assert table.encoding == "cp1252"
    assert rows(table) == [(2, ["„Bäcker“ GmbH", "€ 1.200"])]
    assert parse_number("€ 1.200", decimal_comma=True) == 1200


def test_a_utf8_bom_is_trusted_over_a_stray_invalid_byte():
    data = "\ufeffName;Ort\nMüller;Köln\n".encode() + b"Stra\xdfe;Bonn\n"
    table = read_table(data, "list.csv")
    assert table.encoding == "utf-8-sig"
    assert rows(table) == [(2, ["Müller", "Köln"]), (3, ["Stra\ufffde", "Bonn"])]


# Delimiters, quotes, line ends


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name;Umsatz\nMüller;1.234,56\nSchmidt;2,5\n", ";"),
        ("Firma;Adresse\nA GmbH;Hauptstr. 1, 2. OG\nB AG;Weg 2, Hof\n", ";"),
        ('Name,Notes\nA,"x; y; z"\nB,"p; q"\n', ","),
        ("Company\tAddress\nToshiba\t1-1, Shibaura\nSamsung\t129, Samsung-ro\n", "\t"),
        ("Firma|Ort|Land\nA GmbH, Werk 2|Köln|DE\nB Inc.|Austin|US\n", "|"),
        ('Firma,Ort\n"Müller; Meier",Köln\n"A; B; C",Bonn\n', ","),
        ("Firma;Ort;Land\nA;Köln;DE\nB;Bonn\nC;Essen;DE\n", ";"),
        # One column: csv.Sniffer gives up ("Could not determine delimiter") on this one.
        ("Name\nMeier GmbH\nMeyer AG\n", ","),
    ],
)
def test_the_delimiter_is_counted_over_the_first_rows_with_quotes_respected(text, delimiter):
    table = read_table(text.encode(), "list.csv")
    assert table.delimiter == delimiter
    assert table.headers == text.split("\n")[0].split(delimiter)


def test_the_excel_sep_hint_decides_and_is_no_row():
    table = read_table(b"sep=,\nFirma,Umsatz\nA;B,1;5\n", "list.csv")
    assert table.delimiter == ","
    assert table.headers == ["Firma", "Umsatz"]
    assert table.header_row == 1
    assert rows(table) == [(2, ["A;B", "1;5"])]


def test_quoted_cells_hold_delimiters_quotes_and_line_breaks():
    text = (
        "Firma;Adresse;Notiz\r\n"
        '"Müller; Meier";"Königsallee 1\r\n40212 Düsseldorf";"sagt ""ja"""\r\n'
        "Schmidt;Weg 2;\r\n"
    )
    table = read_table(text.encode(), "list.csv")
    assert rows(table) == [
        (2, ["Müller; Meier", "Königsallee 1\r\n40212 Düsseldorf", 'sagt "ja"']),
        (3, ["Schmidt", "Weg 2", ""]),
    ]


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_line_ends(line_end):
    text = line_end.join(["Name,Ort", "A,Köln", '"B' + line_end + 'zwei",Bonn', "C,Essen", ""])
    table = read_table(text.encode(), "list.csv")
    assert rows(table) == [
        (2, ["A", "Köln"]),
        (3, ["B" + line_end + "zwei", "Bonn"]),
        (4, ["C", "Essen"]),
    ]


@pytest.mark.parametrize("name", SPECTRUM_NAMES)
@pytest.mark.parametrize("line_end", [None, "\r\n", "\r"])
def test_csv_spectrum(name, line_end):
    data = (SPECTRUM / "csvs" / f"{name}.csv").read_bytes()
    expected = json.loads((SPECTRUM / "json" / f"{name}.json").read_text("utf-8"))
    if line_end:
        data = data.replace(b"\n", line_end.encode())
    file_line_end = line_end or "\n"
    expected = [
        {
            key: value.replace("\r\n", "\n").replace("\n", file_line_end)
            for key, value in row.items()
        }
        for row in expected
    ]
    table = read_table(data, f"{name}.csv")
    assert table.headers == list(expected[0])
    assert [dict(zip(table.headers, cells, strict=True)) for _, cells in table.rows()] == expected


# Header and rows


def test_header_cells_are_cleaned_named_and_made_unique():
    data = b'"Firma\n Name";  E-Mail ;;Name;FIRMA NAME;Firma Name\nA;a@b.de;x;N;F1;F2\n'
    table = read_table(data, "list.csv")
    assert table.headers == [
        "Firma Name",
        "E-Mail",
        "Column 3",
        "Name",
        "FIRMA NAME (2)",
        "Firma Name (3)",
    ]


def test_empty_rows_are_skipped_and_the_numbering_stays_the_files():
    data = b"Name;Ort\n\nA;K\xc3\xb6ln\n;\n  ;  \nB;Bonn\n\n"
    table = read_table(data, "list.csv")
    assert rows(table) == [(3, ["A", "Köln"]), (6, ["B", "Bonn"])]


def test_empty_lines_above_the_header_count_as_rows():
    table = read_table(b"\n\nName;Ort\nA;Bonn\n", "list.csv")
    assert table.header_row == 3
    assert rows(table) == [(4, ["A", "Bonn"])]


def test_extra_cells_are_reported_and_short_rows_padded():
    data = b"Name;Ort;Land\nA;Bonn;DE;x;y\nB\nC;Essen;DE;;\nD;Kiel;DE;z\n"
    table = read_table(data, "list.csv")
    assert rows(table) == [
        (2, ["A", "Bonn", "DE"]),
        (3, ["B", "", ""]),
        (4, ["C", "Essen", "DE"]),
        (5, ["D", "Kiel", "DE"]),
    ]
    assert table.extra_cells == {2: 2, 5: 1}


def test_a_blank_trailing_header_cell_over_values_becomes_a_column():
    table = read_table(b"Name;Ort;\nA;Bonn;Notiz\nB;Kiel;\n", "list.csv")
    assert table.headers == ["Name", "Ort", "Column 3"]
    assert rows(table) == [(2, ["A", "Bonn", "Notiz"]), (3, ["B", "Kiel", ""])]
    assert table.extra_cells == {}


def test_a_title_above_an_empty_row_is_not_the_header():
    data = "Ausstellerliste Hannover Messe 2024;;\n;;\nFirma;Halle;Stand\nABB AG;11;A12\n"
    table = read_table(data.encode(), "aussteller.csv")
    assert table.headers == ["Firma", "Halle", "Stand"]
    assert table.header_row == 3
    assert rows(table) == [(4, ["ABB AG", "11", "A12"])]


def test_a_header_with_one_name_right_above_the_data_stays_the_header():
    table = read_table(b"Name;;\nA;Bonn;DE\n", "list.csv")
    assert table.headers == ["Name", "Column 2", "Column 3"]
    assert rows(table) == [(2, ["A", "Bonn", "DE"])]


def test_empty_columns_left_of_the_table_are_dropped():
    table = read_table(b";;Name;Ort\n;;A;Bonn\n", "list.csv")
    assert table.headers == ["Name", "Ort"]
    assert rows(table) == [(2, ["A", "Bonn"])]


def test_rows_can_be_read_again():
    table = read_table(b"Name;Ort\nA;Bonn;x\nB;Kiel\n", "list.csv")
    first = rows(table)
    assert rows(table) == first == [(2, ["A", "Bonn"]), (3, ["B", "Kiel"])]
    assert table.extra_cells == {2: 1}


def test_a_hundred_thousand_rows_are_streamed():
    lines = "".join(f"Firma {number} GmbH;Köln;{number},50\r\n" for number in range(100_000))
    # The last row is damaged: its problem shows only once the stream gets there.
    data = ("Firma;Ort;Umsatz\r\n" + lines + "Kaputt\x00 AG;Bonn;1\r\n").encode("cp1252")
    table = read_table(data, "big.csv")
    stream = table.rows()
    assert inspect.isgenerator(stream)
    assert next(stream) == (2, ["Firma 0 GmbH", "Köln", "0,50"])
    assert table.broken_rows == {}
    count, last = 1, None
    for row in stream:
        count, last = count + 1, row
    assert count == 100_000
    assert last == (100_001, ["Firma 99999 GmbH", "Köln", "99999,50"])
    assert list(table.broken_rows) == [100_002]


# Broken rows


def test_an_unclosed_quote_in_the_middle_breaks_only_its_row():
    data = b'Name,Ort\nA,Bonn\nB,"K\xc3\xb6ln\nC,Kiel\nD,Essen\n'
    table = read_table(data, "list.csv")
    assert rows(table) == [(2, ["A", "Bonn"]), (4, ["C", "Kiel"]), (5, ["D", "Essen"])]
    assert table.broken_rows == {
        3: "Row 3 cannot be read: a quotation mark opened in it is never closed."
    }


def test_an_unclosed_quote_swallowing_more_than_a_cell_can_hold_is_undone():
    lines = b"".join(b"Firma %d,Bonn\n" % number for number in range(20_000))
    data = b'Name,Ort\nA,"Bonn\n' + lines
    table = read_table(data, "list.csv")
    read = rows(table)
    assert table.broken_rows == {
        2: "Row 2 cannot be read: a quotation mark opened in it is never closed."
    }
    assert len(read) == 20_000
    assert read[0] == (3, ["Firma 0", "Bonn"])
    assert read[-1] == (20_002, ["Firma 19999", "Bonn"])


def test_a_quotation_mark_not_doubled_breaks_its_row():
    data = b'Name,Notiz\nA,"sagt "ja" dazu"\nB,ok\n'
    table = read_table(data, "list.csv")
    assert rows(table) == [(3, ["B", "ok"])]
    assert table.broken_rows == {
        2: "Row 2 cannot be read: a quotation mark inside a quoted cell is not doubled."
    }


def test_a_stray_nul_breaks_its_row():
    table = read_table(b"Name;Ort\nA;Bonn\nB\x00;Kiel\nC;Essen\n", "list.csv")
    assert rows(table) == [(2, ["A", "Bonn"]), (4, ["C", "Essen"])]
    assert table.broken_rows == {
        3: "Row 3 cannot be read: it contains a NUL character, so the file may be damaged."
    }


def test_a_cell_over_the_limit_breaks_its_row():
    longest, too_long = "x" * MAX_CELL_LENGTH, "y" * (MAX_CELL_LENGTH + 1)
    data = f"Name;Notiz\nA;{longest}\nB;{too_long}\nC;kurz\n".encode()
    table = read_table(data, "list.csv")
    assert rows(table) == [(2, ["A", longest]), (4, ["C", "kurz"])]
    assert table.broken_rows == {
        3: "Row 3 cannot be read: a cell is longer than 100,000 characters."
    }


def test_a_cell_over_the_csv_modules_own_limit_breaks_its_row():
    data = b'Name;Notiz\nA;"' + b"z" * 200_000 + b'"\nB;kurz\n'
    table = read_table(data, "list.csv")
    assert rows(table) == [(3, ["B", "kurz"])]
    assert table.broken_rows == {
        2: "Row 2 cannot be read: a cell is longer than 100,000 characters."
    }


def test_a_line_over_a_million_characters_breaks_its_row():
    data = b"Name;Ort\nA;Bonn\n" + b"x;" * 600_000 + b"\nC;Kiel\n"
    table = read_table(data, "list.csv")
    assert rows(table) == [(2, ["A", "Bonn"]), (4, ["C", "Kiel"])]
    assert table.broken_rows == {3: "Row 3 cannot be read: it is longer than 1,000,000 characters."}


def test_a_single_line_of_the_largest_size_is_refused_naming_row_1():
    data = b"x" * DEFAULT_MAX_FILE_SIZE
    error = refusal(data, "one-line.csv")
    assert str(error) == "Row 1 cannot be read: it is longer than 1,000,000 characters."
    assert error.row_number == 1


def test_a_broken_header_row_refuses_the_file():
    error = refusal(b'"Name,Ort\nA,Bonn\n')
    assert str(error) == "Row 1 cannot be read: a quotation mark opened in it is never closed."
    assert error.row_number == 1


def test_too_many_broken_rows_refuse_the_file_while_reading():
    data = b"Name;Notiz\n" + b"A;ok\n" * 60 + b'B;"x"y\n' * (MAX_BROKEN_ROWS + 5)
    table = read_table(data, "list.csv")
    with pytest.raises(UnreadableFile) as caught:
        rows(table)
    assert str(caught.value) == (
        "More than 100 rows up to row 162 cannot be read; the file is damaged or not a CSV table."
    )
    assert caught.value.row_number == 162


def test_too_many_broken_rows_at_the_top_refuse_the_file_at_once():
    data = b"Name;Notiz\n" + b'B;"x"y\n' * (MAX_BROKEN_ROWS + 5)
    assert refusal(data).row_number == MAX_BROKEN_ROWS + 2


# Files that are no table


def test_an_empty_file():
    assert str(refusal(b"")) == "The file is empty."


def test_a_file_of_empty_lines():
    assert (
        str(refusal(b"\r\n;;\r\n  \r\n")) == "The file contains no table: all its rows are empty."
    )


def test_a_file_of_byte_order_marks_and_zero_width_spaces():
    # Blank to the header as to the rows; the header once came out with no column at all.
    for data in (b"\xef\xbb\xbf\xef\xbb\xbf;", "\ufeff;\u200b\n;\ufeff".encode()):
        assert str(refusal(data)) == "The file contains no table: all its rows are empty."


def test_a_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024 * 1024
    data = b"Name\n" + b"x" * (1024 * 1024 + 100_000)
    assert str(refusal(data)) == "The file is 1.1 MB; at most 1 MB can be imported."


def test_the_default_size_limit_is_50_megabytes():
    data = b"Name\n" + b"x" * DEFAULT_MAX_FILE_SIZE
    assert str(refusal(data)) == "The file is 50.0 MB; at most 50 MB can be imported."


def test_excel_97_2003_xls():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook".ljust(512, b"\x00")
    assert str(refusal(data, "Kammer.csv")) == (
        "Excel 97-2003 .xls files cannot be read: save the sheet as .xlsx or CSV."
    )


def test_a_workbook_protected_with_a_password():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    assert str(refusal(data, "Liste.xlsx")) == (
        "The workbook is protected with a password: remove the password in Excel, save the "
        "sheet as .xlsx or CSV and import that file."
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_documents_and_images(data, kind):
    assert str(refusal(data, "Liste.csv")) == (
        f"Liste.csv is not a table (file type: {kind}): import .xlsx or CSV."
    )


def test_binary_data_that_is_not_utf16():
    data = random.Random(7).randbytes(4096)
    assert str(refusal(data, "dump.bin")) == (
        "dump.bin contains binary data, not text: import .xlsx or CSV."
    )


def test_a_web_page_saved_as_xls():
    data = b"\xef\xbb\xbf\r\n<html><body><table><tr><td>Firma</td></tr></table></body></html>"
    assert str(refusal(data, "export.xls")) == (
        "export.xls is a web page or XML document, not a table: open it in Excel and save it "
        "as .xlsx or CSV."
    )


def test_a_csv_named_xlsx_is_read_by_its_content():
    table = read_table(b"Name;Ort\nA;Bonn\n", "Liste.xlsx")
    assert table.file_format == "csv"
    assert rows(table) == [(2, ["A", "Bonn"])]


def test_an_opendocument_spreadsheet():
    data = zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
        compression=zipfile.ZIP_STORED,
    )
    assert str(refusal(data, "Liste.ods")) == (
        "OpenDocument spreadsheets (.ods) cannot be read: save the sheet as .xlsx or CSV."
    )


def test_an_excel_binary_workbook():
    data = zip_bytes({"[Content_Types].xml": "<x/>", "xl/workbook.bin": b"\x83\x01"})
    assert str(refusal(data, "Liste.xlsb")) == (
        "Excel binary workbooks (.xlsb) cannot be read: save the sheet as .xlsx or CSV."
    )


def test_a_zip_archive_that_is_no_workbook():
    data = zip_bytes({"Liste.csv": "Name\nA\n"})
    assert str(refusal(data, "Liste.zip")) == (
        "Liste.zip is a ZIP archive, not an Excel workbook: import .xlsx or CSV."
    )


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch):
    data = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": bytes(8 * 1024 * 1024),
        }
    )
    assert len(data) < 20_000

    def unpacking(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpacking)
    assert str(refusal(data, "Liste.xlsx")) == (
        "Liste.xlsx would unpack to far more data than a table of its size holds; it was not read."
    )


def test_a_workbook_unpacking_to_more_than_ten_times_the_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 100_000
    members = {f"xl/worksheets/sheet{number}.xml": bytes(400_000) for number in range(1, 4)}
    data = zip_bytes({"[Content_Types].xml": "<Types/>", **members})
    assert len(data) < 100_000
    assert "would unpack to far more data" in str(refusal(data, "Liste.xlsx"))


def test_a_damaged_workbook():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Firma", "Ort"])
    data = workbook_bytes(workbook)
    for cut in (10, len(data) // 3, len(data) - 30):
        assert str(refusal(data[:cut], "Liste.xlsx")) == (
            "Liste.xlsx cannot be read as an Excel workbook; it may be damaged: open it in "
            "Excel and save it again."
        )


def test_random_bytes_give_a_table_or_a_message_and_nothing_else():
    generator = random.Random(2024)
    workbook = openpyxl.Workbook()
    workbook.active.append(["Firma", "Ort"])
    workbook.active.append(["A", "Bonn"])
    xlsx = bytearray(workbook_bytes(workbook))
    for _ in range(30):
        damaged = bytearray(xlsx)
        for _ in range(5):
            damaged[generator.randrange(len(damaged))] = generator.randrange(256)
        noise = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 300)))
        for data in (bytes(damaged), noise, b"Name;Ort\n" + noise):
            try:
                table = read_table(data, "Liste")
                rows(table)
            except UnreadableFile as error:
                assert str(error)


# XLSX


def test_xlsx_with_a_two_row_header_made_of_merged_cells_and_typed_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Firma"
    sheet.merge_cells("A1:A2")
    sheet["B1"] = "Kontakt"
    sheet.merge_cells("B1:D1")
    sheet["B2"], sheet["C2"], sheet["D2"] = "Name", "E-Mail", "Telefon"
    sheet["E1"] = "Gründung"
    sheet.merge_cells("E1:E2")
    sheet["F1"] = "Umsatz\n(Mio. €)"
    sheet.merge_cells("F1:F2")
    sheet.append(
        [
            "株式会社東芝",
            "山田 太郎",
            "yamada@toshiba.example",
            "+81 3 1234",
            datetime.date(1875, 7, 1),
            3300.5,
        ]
    )
    sheet.append([])
    sheet.append(
        ["삼성전자", "Kim Ji-woo", None, None, datetime.datetime(1969, 1, 13, 10, 30), 42, "?"]
    )
    table = read_table(workbook_bytes(workbook), "Kontakte.xlsx")
    assert (table.file_format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.headers == [
        "Firma",
        "Kontakt Name",
        "Kontakt E-Mail",
        "Kontakt Telefon",
        "Gründung",
        "Umsatz (Mio. €)",
    ]
    assert table.header_row == 2
    assert rows(table) == [
        (
            3,
            [
                "株式会社東芝",
                "山田 太郎",
                "yamada@toshiba.example",
                "+81 3 1234",
                datetime.date(1875, 7, 1),
                3300.5,
            ],
        ),
        (5, ["삼성전자", "Kim Ji-woo", "", "", datetime.datetime(1969, 1, 13, 10, 30), 42]),
    ]
    assert table.extra_cells == {5: 1}


def test_xlsx_header_cell_merged_across_two_columns():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Telefon", None, "Ort"])
    sheet.merge_cells("B1:C1")
    sheet.append(["Müller", "0211 123", "0172 456", "Düsseldorf"])
    table = read_table(workbook_bytes(workbook), "Liste.xlsx")
    assert table.headers == ["Name", "Telefon", "Telefon (2)", "Ort"]
    assert table.header_row == 1
    assert rows(table) == [(2, ["Müller", "0211 123", "0172 456", "Düsseldorf"])]


def test_xlsx_title_merged_across_the_table_is_not_the_header():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Ausstellerliste Hannover Messe 2024"
    sheet.merge_cells("A1:C1")
    sheet.append(["Firma", "Halle", "Stand"])
    sheet.append(["ABB AG", 11, "A12"])
    table = read_table(workbook_bytes(workbook), "Aussteller.xlsx")
    assert table.headers == ["Firma", "Halle", "Stand"]
    assert table.header_row == 2
    assert rows(table) == [(3, ["ABB AG", 11, "A12"])]


def test_xlsx_cells_keep_their_types_and_dates_lose_midnight():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Firma", "Mitarbeiter", "Umsatz", "Gegründet", "Besuch", "Aktiv", "PLZ"])
    sheet.append(
        [
            "A",
            1200,
            1234.56,
            datetime.date(2024, 12, 31),
            datetime.datetime(2024, 3, 1, 9, 15),
            True,
            "04109",
        ]
    )
    sheet.append(["B", None, 45657, "31.12.2024", None, False, "  "])
    table = read_table(workbook_bytes(workbook), "Liste.xlsx")
    (_, first), (_, second) = rows(table)
    assert first == [
        "A",
        1200,
        1234.56,
        datetime.date(2024, 12, 31),
        datetime.datetime(2024, 3, 1, 9, 15),
        True,
        "04109",
    ]
    assert second == ["B", "", 45657, "31.12.2024", "", False, "  "]
    assert parse_date(second[2]) == parse_date(second[3]) == datetime.date(2024, 12, 31)
    assert parse_integer(first[1]) == 1200


def test_xlsx_reads_the_first_visible_worksheet_with_data():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Leer"
    hidden = workbook.create_sheet("Versteckt")
    hidden.append(["Geheim"])
    hidden.sheet_state = "hidden"
    data_sheet = workbook.create_sheet("Firmen")
    data_sheet.append(["Firma"])
    data_sheet.append(["A"])
    table = read_table(workbook_bytes(workbook), "Liste.xlsx")
    assert table.headers == ["Firma"]
    assert rows(table) == [(2, ["A"])]


def test_xlsx_without_data():
    assert str(refusal(workbook_bytes(openpyxl.Workbook()), "Leer.xlsx")) == (
        "The workbook has no worksheet with data."
    )


def test_xlsx_rows_below_gaps_keep_their_sheet_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "Firma"
    sheet["C3"] = "Ort"
    sheet["B7"] = "A"
    sheet["C7"] = "Bonn"
    table = read_table(workbook_bytes(workbook), "Liste.xlsx")
    assert (table.headers, table.header_row) == (["Firma", "Ort"], 3)
    assert rows(table) == [(7, ["A", "Bonn"])]


def test_xlsx_rows_can_be_read_again_and_are_streamed():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Firma"])
    for number in range(3):
        workbook.active.append([f"Firma {number}"])
    table = read_table(workbook_bytes(workbook), "Liste.xlsx")
    assert inspect.isgenerator(table.rows())
    assert rows(table) == rows(table) == [(2, ["Firma 0"]), (3, ["Firma 1"]), (4, ["Firma 2"])]
    assert isinstance(table, Table)


# Dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-31", datetime.date(2024, 12, 31)),
        ("2024-12-31T10:00:00", datetime.date(2024, 12, 31)),
        ("2024-12-31 10:00", datetime.date(2024, 12, 31)),
        ("31.12.2024", datetime.date(2024, 12, 31)),
        (" 1.2.2024 ", datetime.date(2024, 2, 1)),
        ("31.12.24", datetime.date(2024, 12, 31)),
        ("01.01.75", datetime.date(1975, 1, 1)),
        ("31.12.2024 23:59", datetime.date(2024, 12, 31)),
        ("2024/12/31", datetime.date(2024, 12, 31)),
        ("2024. 12. 31.", datetime.date(2024, 12, 31)),
        ("2024年12月31日", datetime.date(2024, 12, 31)),
        ("2024년 12월 31일", datetime.date(2024, 12, 31)),
        (datetime.date(2024, 12, 31), datetime.date(2024, 12, 31)),
        (datetime.datetime(2024, 12, 31, 18, 0), datetime.date(2024, 12, 31)),
        (45657, datetime.date(2024, 12, 31)),
        (45657.75, datetime.date(2024, 12, 31)),
        (1, datetime.date(1900, 1, 1)),
        (59, datetime.date(1900, 2, 28)),
        (61, datetime.date(1900, 3, 1)),
        (2958465, datetime.date(9999, 12, 31)),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.2024", "31.02.2024 is not a valid date."),
        ("2024-13-01", "2024-13-01 is not a valid date."),
        ("12/31/2024", "12/31/2024 is not a date: write it as 31.12.2024 or 2024-12-31."),
        ("01/02/2024", "01/02/2024 is not a date: write it as 31.12.2024 or 2024-12-31."),
        ("45657", "45657 is not a date: write it as 31.12.2024 or 2024-12-31."),
        ("morgen", "morgen is not a date: write it as 31.12.2024 or 2024-12-31."),
        (60, "60 is not a date: write it as 31.12.2024 or 2024-12-31."),
        (0, "0 is not a date: write it as 31.12.2024 or 2024-12-31."),
        (2958466, "2958466 is not a date: write it as 31.12.2024 or 2024-12-31."),
        (True, "True is not a date: write it as 31.12.2024 or 2024-12-31."),
    ],
)
def test_parse_date_refuses(value, message):
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    assert str(caught.value) == message


# Numbers


@pytest.mark.parametrize(
    ("value", "decimal_comma", "expected"),
    [
        ("1.234,56", None, "1234.56"),
        ("1,234.56", None, "1234.56"),
        ("1234,5", None, "1234.5"),
        ("1 234", None, "1234"),
        ("1\xa0234,50", None, "1234.50"),
        ("1'234.50", None, "1234.50"),
        ("1’234", None, "1234"),
        ("1.234.567", None, "1234567"),
        ("1,234,567", None, "1234567"),
        ("12.345", True, "12345"),
        ("12.345", False, "12.345"),
        ("12.345", None, "12.345"),
        ("12,345", None, "12.345"),
        ("12,345", False, "12345"),
        ("1234,5", True, "1234.5"),
        ("€ 1.200", True, "1200"),
        ("1.200 EUR", True, "1200"),
        ("1.200€", True, "1200"),
        ("USD 1,200.50", None, "1200.50"),
        ("-1.234,56", None, "-1234.56"),
        ("−5", None, "-5"),
        ("1.234,56-", None, "-1234.56"),
        ("+7", None, "7"),
        (",5", None, "0.5"),
        (42, None, "42"),
        (12.345, True, "12.345"),
        (Decimal("3.10"), None, "3.10"),
        ("-", None, None),
        ("", None, None),
        ("   ", None, None),
        (None, None, None),
    ],
)
def test_parse_number(value, decimal_comma, expected):
    number = parse_number(value, decimal_comma=decimal_comma)
    assert number == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    ("value", "decimal_comma"),
    [
        ("1,234.56", True),
        ("1.234,56", False),
        ("1234,5", False),
        ("12 34", None),
        ("1.23.4", None),
        ("12,", None),
        ("zwölf", None),
        ("1e5", None),
        ("€", None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_parse_number_refuses(value, decimal_comma):
    with pytest.raises(ValueError) as caught:
        parse_number(value, decimal_comma=decimal_comma)
    assert str(caught.value) == f"{value} is not a number."


@pytest.mark.parametrize(
    ("value", "decimal_comma", "expected"),
    [
        # A whole number has no three decimals: a single mark before three digits groups.
        ("1.500", None, 1500),
        ("1,500", None, 1500),
        ("1.500", True, 1500),
        ("12", None, 12),
        ("1.234.567", None, 1234567),
        ("12,0", None, 12),
        (7.0, None, 7),
        ("", None, None),
    ],
)
def test_parse_integer(value, decimal_comma, expected):
    assert parse_integer(value, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize(
    ("value", "decimal_comma"), [("12,5", None), ("0.500", None), ("1.500", False), (2.5, None)]
)
def test_parse_integer_refuses_fractions(value, decimal_comma):
    with pytest.raises(ValueError) as caught:
        parse_integer(value, decimal_comma=decimal_comma)
    assert str(caught.value) == f"{value} is not a whole number."
