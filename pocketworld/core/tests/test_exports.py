"""The one export mechanism: CSV and XLSX read back as a spreadsheet would, and the lists
that use it (filters, order, permissions, all rows)."""

import csv
import datetime
import decimal
import io
import zoneinfo

import openpyxl
import pytest
from django.utils.translation import gettext_lazy

from pocketworld.core import views
from pocketworld.core.exports import (
    FORMULA_PREFIXES,
    cell_value,
    csv_cell_value,
    export_response,
    neutralize_formula,
    write_csv,
    write_xlsx,
)
from pocketworld.core.tests.factories import (
    CompanyFactory,
    InteractionFactory,
    PersonFactory,
    SiteFactory,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HEADER = ["name", "employees", "founded", "last change"]
ROWS = [
    ["東芝 Europe", 150, datetime.date(1875, 7, 1), datetime.datetime(2025, 3, 1, 9, 30)],
    ["삼성전자 Düsseldorf", -12, None, None],
    ['=HYPERLINK("http://evil")', decimal.Decimal("2.5"), None, None],
    ["-12", 0, None, None],
    ["Müller & Söhne, Köln", None, None, None],
]


def read_csv(content):
    assert content.startswith("\ufeff".encode())  # so Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def xlsx_values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 211 123", "'+49 211 123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Toshiba", "Toshiba"),
        ("a=b", "a=b"),
    ],
)
def test_neutralize_formula(value, expected):
    assert neutralize_formula(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (-5, -5),
        (-2.5, -2.5),
        (decimal.Decimal("-1.50"), decimal.Decimal("-1.50")),
        (True, True),
        (datetime.date(2025, 1, 31), datetime.date(2025, 1, 31)),
        (None, None),
        ("-5", "'-5"),
        ("\x01=cmd", "'=cmd"),  # a hidden control character does not smuggle a formula
        (gettext_lazy("settled"), "settled"),
    ],
)
def test_cell_value_keeps_types_and_neutralizes_text(value, expected):
    assert cell_value(value) == expected


def test_cell_value_writes_times_in_local_time_without_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    utc = datetime.datetime(2025, 7, 1, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    assert cell_value(utc) == datetime.datetime(2025, 7, 1, 12, 0, 0)


def test_csv_reads_back_with_header_rows_and_safe_cells():
    stream = io.StringIO()
    write_csv(stream, HEADER, ROWS)
    rows = read_csv(stream.getvalue().encode())
    assert rows[0] == HEADER
    assert rows[1] == ["東芝 Europe", "150", "1875-07-01", "2025-03-01 09:30:00"]
    assert rows[2][:2] == ["삼성전자 Düsseldorf", "-12"]  # a negative number stays a number
    assert rows[3][0] == '\'=HYPERLINK("http://evil")'
    assert rows[4][0] == "'-12"  # text that looks like one does not
    assert rows[5] == ["Müller & Söhne, Köln", "", "", ""]


def test_xlsx_reads_back_typed_with_a_bold_frozen_header():
    stream = io.BytesIO()
    write_xlsx(stream, HEADER, ROWS, title="Companies")
    sheet = read_xlsx(stream.getvalue())
    assert sheet.title == "Companies"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    values = xlsx_values(sheet)
    assert values[0] == HEADER
    assert values[1] == [
        "東芝 Europe",
        150,
        datetime.datetime(1875, 7, 1),
        datetime.datetime(2025, 3, 1, 9, 30),
    ]
    assert sheet["C2"].is_date and sheet["D2"].is_date
    assert values[2][:2] == ["삼성전자 Düsseldorf", -12]
    assert sheet["B3"].data_type == "n"
    assert values[3][:2] == ['\'=HYPERLINK("http://evil")', 2.5]
    assert sheet["A4"].data_type == "s"  # text, never a formula
    assert values[4][0] == "'-12"
    assert values[5] == ["Müller & Söhne, Köln", None, None, None]


def test_xlsx_columns_are_wide_enough_and_cjk_counts_double():
    stream = io.BytesIO()
    write_xlsx(stream, ["id", "name"], [[1, "東芝株式会社"], [2, "x" * 500]])
    widths = read_xlsx(stream.getvalue()).column_dimensions
    assert widths["A"].width == 8  # never narrower
    assert widths["B"].width == 60  # never wider
    stream = io.BytesIO()
    write_xlsx(stream, ["name"], [["東芝株式会社"]])
    assert read_xlsx(stream.getvalue()).column_dimensions["A"].width == 14


def test_xlsx_sheet_title_is_one_excel_accepts():
    stream = io.BytesIO()
    write_xlsx(stream, ["a"], [], title="Companies: 2025/2026 [draft] with a long name")
    assert read_xlsx(stream.getvalue()).title == "Companies  2025 2026  draft  wi"


def test_export_response_streams_a_generator_and_names_the_file():
    rows = ([number, f"Firma {number}"] for number in range(3))
    response = export_response("xlsx", "Unternehmen 東芝", ["no", "name"], rows)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        "filename*=utf-8''Unternehmen%20%E6%9D%B1%E8%8A%9D.xlsx"
        in (response["Content-Disposition"])
    )
    assert xlsx_values(read_xlsx(response.content))[1:] == [
        [0, "Firma 0"],
        [1, "Firma 1"],
        [2, "Firma 2"],
    ]
    response = export_response("csv", "companies", ["no"], [[1]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="companies.csv"'


# --- the lists export through it ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_list_export_has_the_filtered_rows_in_all_scripts(
    client, director, japan_desk, export_format
):
    CompanyFactory(legal_name="東芝ヨーロッパ株式会社", employees_region=1500)
    CompanyFactory(legal_name="삼성전자 Düsseldorf GmbH", status="settled")
    CompanyFactory(legal_name="=cmd|' /C calc'!A0")
    client.force_login(director)
    response = client.get(f"/companies/?status=prospect&export={export_format}")
    assert response.status_code == 200
    assert f'filename="companies.{export_format}"' in response["Content-Disposition"]
    if export_format == "csv":
        rows = read_csv(response.content)
    else:
        rows = xlsx_values(read_xlsx(response.content))
    assert rows[0][:5] == ["legal name", "country", "desk", "Status", "employees in the region"]
    assert sorted(row[0] for row in rows[1:]) == ["'=cmd|' /C calc'!A0", "東芝ヨーロッパ株式会社"]
    toshiba = next(row for row in rows if row[0] == "東芝ヨーロッパ株式会社")
    assert toshiba[1:4] == ["Japan", "Japan Desk", "prospect"]
    assert toshiba[4] == ("1500" if export_format == "csv" else 1500)
    response = client.get(f"/companies/?q=삼성전자&export={export_format}")
    if export_format == "csv":
        assert read_csv(response.content)[1][0] == "삼성전자 Düsseldorf GmbH"
    else:
        assert read_xlsx(response.content)["A2"].value == "삼성전자 Düsseldorf GmbH"


@pytest.mark.django_db
def test_list_xlsx_has_typed_numbers_and_dates(client, director, japan_desk):
    SiteFactory(name="Toshiba R&D", opened_on=datetime.date(2020, 4, 1), employees=180)
    client.force_login(director)
    sheet = read_xlsx(client.get("/sites/?export=xlsx").content)
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Opened on"].value == datetime.datetime(2020, 4, 1) and row["Opened on"].is_date
    assert row["employees"].value == 180 and row["employees"].data_type == "n"
    companies = read_xlsx(client.get("/companies/?export=xlsx").content)
    last_updated = companies.cell(row=2, column=6)
    assert companies["F1"].value == "Last updated" and last_updated.is_date


@pytest.mark.django_db
def test_list_export_has_all_rows_in_the_lists_order(client, director, japan_desk, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_CHUNK_SIZE", 2)  # read in several chunks
    for name in ["Asahi", "Brother", "Canon", "Denso", "Epson"]:
        CompanyFactory(legal_name=name)
    client.force_login(director)
    response = client.get("/companies/?sort=-legal_name&page=2&export=xlsx")
    names = [row[0] for row in xlsx_values(read_xlsx(response.content))[1:]]
    assert names == ["Epson", "Denso", "Canon", "Brother", "Asahi"]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_list_export_has_only_what_the_user_may_see(
    client, japan_desk, japan_officer, partner_viewer, export_format
):
    PersonFactory(desk=japan_desk, family_name="Yamada")
    InteractionFactory(subject="Aftercare visit at Epson")
    for user, shown in [(japan_officer, True), (partner_viewer, False)]:
        client.force_login(user)
        for path, text in [("/people/", "Yamada"), ("/interactions/", "Aftercare visit")]:
            response = client.get(f"{path}?export={export_format}")
            assert response.status_code == 200
            if export_format == "csv":
                content = response.content.decode("utf-8-sig")
            else:
                content = str(xlsx_values(read_xlsx(response.content)))
            assert (text in content) == shown


@pytest.mark.django_db
def test_invalid_filter_exports_nothing(client, director, japan_desk):
    CompanyFactory(legal_name="Epson Europe B.V.")
    client.force_login(director)
    rows = xlsx_values(read_xlsx(client.get("/companies/?country=XX&export=xlsx").content))
    assert len(rows) == 1  # the header only, as the page shows no rows


@pytest.mark.django_db
def test_export_links_carry_the_current_filter(client, director, japan_desk):
    client.force_login(director)
    page = client.get("/companies/?country=JP", HTTP_HX_REQUEST="true").content.decode()
    assert "/companies/?country=JP&amp;export=csv" in page
    assert "/companies/?country=JP&amp;export=xlsx" in page
    page = client.get("/sites/").content.decode()
    assert "/sites/?export=xlsx" in page


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Sony;=cmd|' /C calc'!A0", "Sony;'=cmd|' /C calc'!A0"),
        ('c";@SUM(A1)', "c\";'@SUM(A1)"),
        ("d\n=1+1", "d\n'=1+1"),
        ("a\t+1", "a\t'+1"),
        ("5,-", "5,'-"),
        ("Müller; Köln, Düsseldorf", "Müller; Köln, Düsseldorf"),
        (-5, -5),
    ],
)
def test_csv_cell_value_neutralizes_formulas_where_a_cell_may_start(value, expected):
    assert csv_cell_value(value) == expected


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_starts_no_cell_with_a_formula_whatever_the_delimiter(delimiter):
    stream = io.StringIO()
    cells = ["Sony;=cmd|' /C calc'!A0", "a\t+1+1", "b,-2+3", 'c";@SUM(A1)', "d\n=1+1", 5]
    write_csv(stream, ["a", "b", "c", "d", "e", "f"], [cells])
    text = stream.getvalue().lstrip("\ufeff")
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
        for row in reader:
            assert not any(cell.lstrip('"').startswith(FORMULA_PREFIXES) for cell in row), row
