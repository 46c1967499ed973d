"""The annual report as PDF: its text in German and English (pdftotext), the CJK fonts it
embeds (pdffonts), its pages as images (pdftoppm), its queries, and the view."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageChops

from pocketworld.core import pdf as core_pdf
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import DeskCoverageFactory, DeskFactory
from pocketworld.projects.choices import Stage
from pocketworld.reports import annual
from pocketworld.reports.annual import annual_report_pdf
from pocketworld.reports.tests.factories import DUSSELDORF, company, event, moment, walk

pytestmark = pytest.mark.django_db

URL = "/reports/annual-report/"
# The report is made on this day; 2025 is the last complete year.
TODAY = datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)
POPPLER = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo")


@pytest.fixture(autouse=True)
def _poppler_and_today():
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"The PDF tests need poppler-utils ({', '.join(missing)} missing): "
            "make system-test-deps installs it."
        )
    with time_machine.travel(TODAY, tick=False):
        yield


def won(owner, title, record, desk, kind, day, jobs, investment):
    """A project opened two months before `day` and won on `day`."""
    opened = moment(day.year, day.month, day.day) - datetime.timedelta(days=60)
    return walk(
        owner,
        [
            opened,
            (Stage.DECISION, opened + datetime.timedelta(days=30), {}),
            (
                Stage.WON,
                moment(day.year, day.month, day.day, 12),
                {"realised_jobs": jobs, "realised_investment": Decimal(investment)},
            ),
        ],
        title=title,
        company=record,
        desk=desk,
        kind=kind,
    )


@pytest.fixture
def korea_desk(db):
    desk = DeskFactory(name="Korea Desk", slug="korea")
    DeskCoverageFactory(desk=desk, country=Country.objects.get(code="KR"))
    return desk


@pytest.fixture
def world(japan_desk, india_desk, korea_desk, japan_officer):
    """Three projects won in 2025 (by a Japanese, a Korean and an Indian company), one in
    2024 and a lead still open; companies of the region from Japan, Korea, India and
    Germany; a trade fair and a delegation received in 2025, a delegation in 2024.
    Returns 東芝."""
    toshiba = company("東芝", "JP", "settled", sectors=["26"], sites=[DUSSELDORF])
    samsung = company("삼성전자", "KR", "expanding", sectors=["26"])
    tata = company("Tata Consultancy Services GmbH", "IN", "at_risk", sectors=["62"])
    company("Rheinmetall Digital GmbH", "DE", "settled")
    wins = [
        ("Logistics hub Düsseldorf", toshiba, japan_desk, "new_settlement", (2025, 3, 14), 1200),
        ("European R&D centre", samsung, korea_desk, "research_centre", (2025, 6, 30), 45),
        ("Staying in Neuss", tata, india_desk, "retention", (2025, 11, 3), 80),
        ("Toshiba expansion 2024", toshiba, japan_desk, "expansion", (2024, 5, 2), 12),
    ]
    investments = ["2500000", "1234567.40", "500000", "300000"]
    for (title, record, desk, kind, day, jobs), investment in zip(wins, investments, strict=True):
        won(japan_officer, title, record, desk, kind, datetime.date(*day), jobs, investment)
    walk(japan_officer, [moment(2025, 9, 1)], title="Still a lead", company=toshiba)
    day = datetime.date
    event("CEATEC", "trade_fair", day(2025, 10, 14), day(2025, 10, 17), [japan_desk])
    delegation = "incoming_delegation"
    event("Delegation from Seoul", delegation, day(2025, 5, 6), day(2025, 5, 8), [korea_desk])
    event("Delegation from Osaka", delegation, day(2024, 5, 6), day(2024, 5, 8), [japan_desk])
    return toshiba


def run(*command, data):
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


def text_of(pdf, page=None):
    """The PDF's text (of one page) as laid out: a table row is a line, its cells
    separated by single spaces."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = run("pdftotext", "-layout", *pages, "-", "-", data=pdf).decode()
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.splitlines()).strip()


def page_count(pdf):
    return int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", "-", data=pdf)).group(1))


def page_images(pdf, directory):
    """Each page as a PNG at 50 dpi, as CI looks at them."""
    run("pdftoppm", "-r", "50", "-png", "-", str(directory / "page"), data=pdf)
    return [Image.open(path).convert("L") for path in sorted(directory.glob("page-*.png"))]


def inked(image):
    """How many pixels are not white."""
    return image.point(lambda value: 255 if value < 250 else 0).histogram()[255]


# --- The document


def test_the_english_report_has_the_figures_the_charts_and_the_projects_won(world, director):
    pdf = annual_report_pdf(2025, director, language="en")
    assert pdf.startswith(b"%PDF-")
    title_page, text = text_of(pdf, page=1), text_of(pdf)
    assert "International Business Service" in title_page
    assert "Annual report 2025" in title_page
    assert "All desks" in title_page
    assert "Made on 5 March 2026" in title_page
    # The KPI table: label, 2025, 2024, change (and in percent on the line below).
    assert "Figure 2025 2024 Change" in text
    assert "Projects won 3 1 +2" in text
    assert "Jobs created, realised 1,245 12 +1,233" in text
    assert "Jobs safeguarded, realised 80 0 +80" in text
    assert "Investment, realised 4,234,567 € 300,000 € +3,934,567 €" in text
    assert "Companies in the region 4 Today's state:" in text
    assert "Events held 2 1 +1" in text
    assert "Delegations received 1 1 0" in text
    assert "Matchmaking meetings held 0 0 0" in text
    # The charts, their labels and numbers drawn as text.
    for chart in (
        "Foreign companies by country of origin",
        "Projects won by kind",
        "Conversion lead → won by stage",
        "Events held by kind",
        "Leads per month",
        "Projects won per month",
    ):
        assert chart in text
    assert "South Korea" in text and "Jan Feb Mar" in text
    # The projects won, in the order won, names in their own script.
    projects = text[text.index("Projects won in 2025") :]
    rows = [
        "14/03/2025 Logistics hub 東芝 new settlement Japan Desk 1,200 2,500,000",
        "30/06/2025 European R&D 삼성전자 R&D centre Korea Desk 45 1,234,567",
        "03/11/2025 Staying in Neuss Tata Consultancy retention India Desk 80 500,000",
    ]
    assert re.search(".*".join(map(re.escape, rows)), projects, re.DOTALL), projects
    assert "Toshiba expansion 2024" not in text and "Still a lead" not in text
    # Page numbers in the running footer, from the second page on.
    assert text_of(pdf, page=2).endswith(f"Page 2 / {page_count(pdf)}")
    assert "Page" not in title_page


def test_the_german_report_formats_numbers_dates_and_labels_in_german(world, director):
    text = text_of(annual_report_pdf(2025, director, language="de"))
    assert "Alle Desks" in text
    assert "5. März 2026" in text
    assert "2025 2024 Änderung" in text
    assert "Gewonnene Projekte 3 1 +2" in text
    assert "Unternehmen in der Region 4" in text
    assert "Durchgeführte Veranstaltungen 2 1 +1" in text
    assert "4.234.567 € 300.000 € +3.934.567 €" in text
    assert "14.03.2025 Logistics hub 東芝 Neuansiedlung Japan Desk 1.200 2.500.000" in text
    assert "1.234.567" in text and "1,234,567" not in text


def test_the_cjk_names_come_from_an_embedded_noto_cjk_font(world, director):
    """pdftotext gives 東芝 and 삼성전자 back only if their glyphs are in the PDF."""
    pdf = annual_report_pdf(2025, director, language="en")
    text = text_of(pdf)
    assert "東芝" in text and "삼성전자" in text
    fonts = run("pdffonts", "-", data=pdf).decode().splitlines()[2:]
    assert any(font.split("+")[1].startswith("Noto-Sans-CJK") for font in fonts), fonts
    # Each font is embedded (as a subset), none only named.
    assert all(re.search(r" yes +yes ", font) for font in fonts), fonts


def test_the_report_fetches_nothing(world, director, monkeypatch):
    """Fonts, charts and styles are all in the document or the system: nothing is fetched."""
    fetched = []
    monkeypatch.setattr(core_pdf, "refuse_fetching", fetched.append)
    annual.annual_report_pdf(2025, director, language="en")
    assert fetched == []


def test_each_page_is_drawn_and_none_is_blank(world, director, tmp_path):
    pdf = annual_report_pdf(2025, director, language="en")
    pages = page_images(pdf, tmp_path)
    # The title page, the KPI table (two pages), the charts (three pages) and the projects
    # won.
    assert len(pages) == page_count(pdf) == 7
    for number, image in enumerate(pages, 1):
        assert round(image.height / image.width, 2) == 1.41, number  # A4: 297 / 210
        assert inked(image) > 500, f"page {number} is blank"
    title_page, projects_page = pages[0], pages[-1]
    assert ImageChops.difference(title_page, projects_page).getbbox() is not None


def test_a_desk_report_has_that_desks_projects_only(world, director, japan_desk):
    text = text_of(annual_report_pdf(2025, director, japan_desk, language="en"))
    assert "Annual report 2025 · Japan Desk" in text and "All desks" not in text
    assert "Projects won 1 1 0" in text
    assert "Events held 1 1 0" in text and "Delegations received 0 1 −1" in text
    assert "Logistics hub 東芝" in text
    assert "삼성전자" not in text and "Staying in Neuss" not in text


def test_a_partner_viewer_gets_no_internal_figures_and_no_projects(world, partner_viewer):
    pdf = annual_report_pdf(2025, partner_viewer, language="en")
    text = text_of(pdf)
    assert "Foreign companies 3" in text and "Companies in the region 4" in text
    # Events are not internal work; their meetings and the projects from them are.
    assert "Events held 2 1 +1" in text and "Delegations received 1 1 0" in text
    assert "internal and not part of this report" in text
    for internal in (
        "Projects won",
        "Leads",
        "Aftercare visits",
        "Matchmaking meetings",
        "Logistics hub",
        "東芝",
    ):
        assert internal not in text
    # The title page, the KPI table and the charts of companies.
    assert page_count(pdf) == 3


def test_the_projects_table_runs_over_pages_with_its_header_on_each(world, director, japan_desk):
    """Many wins: the queries stay as many, and each page of the table repeats its header
    and has whole rows."""
    with CaptureQueriesContext(connection) as few:
        annual_report_pdf(2025, director, language="en")
    for number in range(60):
        won(
            director,
            f"Office {number:02}",
            world,
            japan_desk,
            "expansion",
            datetime.date(2025, 8, 1),
            3,
            "10000",
        )
    with CaptureQueriesContext(connection) as many:
        pdf = annual_report_pdf(2025, director, language="en")
    assert len(many) == len(few)
    table_pages = [
        text
        for text in (text_of(pdf, page) for page in range(1, page_count(pdf) + 1))
        if "Office" in text
    ]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Won on Title Company Kind Desk Realised jobs" in text
    for number in range(60):
        row = f"01/08/2025 Office {number:02} 東芝 expansion Japan Desk 3 10,000"
        assert sum(row in text for text in table_pages) == 1, row


# --- The view


def test_the_director_downloads_the_pdf(world, client, director, japan_desk):
    client.force_login(director)
    response = client.get(URL, {"year": 2025, "language": "de", "desk": japan_desk.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2025-de.pdf"'
    text = text_of(response.content)
    assert "Japan Desk" in text and "14.03.2025" in text


def test_the_view_defaults_to_the_last_complete_year_in_the_pages_language(world, client, director):
    client.force_login(director)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2025-en.pdf"'
    assert "Annual report 2025" in text_of(response.content)


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"year": "twenty"}, "year", "Enter a whole number."),
        ({"year": "1899"}, "year", "greater than or equal to 1900"),
        ({"year": "2027"}, "year", "The year 2027 has not begun yet."),
        ({"language": "fr"}, "language", "Select a valid choice."),
        ({"desk": "999999"}, "desk", "Select a valid choice."),
        ({"desk": "japan"}, "desk", "Select a valid choice."),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, director, query, field, message):
    client.force_login(director)
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert f"* {field}" in body and message in body


def test_the_partner_viewer_downloads_a_report_without_projects(world, client, partner_viewer):
    client.force_login(partner_viewer)
    response = client.get(URL, {"year": 2025, "language": "en"})
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Foreign companies" in text
    assert "Projects won" not in text and "東芝" not in text


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/reports/annual-report/")
