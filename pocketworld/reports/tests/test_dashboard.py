"""The KPI dashboard: the figures of `kpis.compute` for a period and desk, charts that lead
to the records, htmx, exports, and a bounded number of queries."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ElementTree

import openpyxl
import pytest
import time_machine
from django.utils.text import capfirst
from pytest_django.asserts import assertInHTML, assertTemplateUsed

from pocketworld.reports import kpis, presentation, views
from pocketworld.reports.kpis import Period
from pocketworld.reports.models import Segment
from pocketworld.reports.templatetags.kpi_formatting import kpi_value
from pocketworld.reports.tests.factories import build_world

pytestmark = pytest.mark.django_db

URL = "/reports/"
YEAR = Period.year(2025)
SVG = "{http://www.w3.org/2000/svg}"


# The session and the user (2), the figures with the period before (`kpis.compute`, 34),
# two trends (2), the desks to choose from (1), the segments (1) and, for at most ten of
# them, their filter's choices and their count (2 each).
QUERY_BUDGET = 2 + 34 + 2 + 1 + 1 + 2 * 10


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    return build_world(japan_desk, india_desk, japan_officer)


def card_values(html):
    """{figure name: the value its card shows}."""
    cards = re.findall(
        r'<li class="kpi" id="kpi-(\w+)">.*?<p class="kpi-value">(?:<a [^>]*>)?(.*?)(?:</a>)?</p>',
        html,
        re.DOTALL,
    )
    return dict(cards)


def card(html, name):
    return re.search(rf'<li class="kpi" id="kpi-{name}">.*?</li>', html, re.DOTALL).group(0)


def chart_links(html, slug):
    """(href, value) of each linked bar of one chart's SVG."""
    panel = re.search(rf'id="chart-{slug}".*?(<svg.*?</svg>)', html, re.DOTALL).group(1)
    root = ElementTree.fromstring(panel)
    return [
        (link.get("href"), int(list(link.iter(f"{SVG}text"))[-1].text.split()[0].replace(",", "")))
        for link in root.iter(f"{SVG}a")
    ]


def segment(owner, name, query="", shared=False):
    return Segment.objects.create(owner=owner, name=name, query=query, shared=shared)


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


# --- The page for each persona


@pytest.mark.parametrize(
    "persona, with_desk", [("director", False), ("japan_officer", True), ("director", True)]
)
def test_the_page_shows_the_figures_of_compute(world, client, request, persona, with_desk):
    user = request.getfixturevalue(persona)
    desk = request.getfixturevalue("japan_desk") if with_desk else None
    client.force_login(user)
    response = client.get(URL, {"year": 2025, "desk": desk.pk if desk else ""})
    assert response.status_code == 200
    report = kpis.compute(YEAR, user, desk, breakdowns=views.DASHBOARD_BREAKDOWNS)
    assert response.context["report"] == report
    html = response.content.decode()
    assert card_values(html) == {
        name: str(kpi_value(figure.value, figure.unit)) for name, figure in report.figures.items()
    }
    for figure in report.figures.values():
        if figure.url:
            assert f'href="{figure.url.replace("&", "&amp;")}"' in html, figure.name


def test_the_director_sees_every_figure_with_the_year_before(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    values = card_values(html)
    assert values["won"] == "2"
    assert values["investment_realised"] == "3,500,000 €"
    assert values["conversion"] == "33.3 %"
    assert values["aftercare_coverage"] == "40 %"
    assert values["cycle_time_median"] == "296 days"
    assert values["events"] == "6"
    assert "1 January 2025 to 31 December 2025" in html
    assert "compared with 1 January 2024 to 31 December 2024" in html
    # won: 2 against 1; coverage: 40 % against 20 %, in percentage points.
    won = card(html, "won")
    assertInHTML('<dd class="kpi-previous">1</dd>', won)
    assertInHTML('<dd class="kpi-change">+1 (+100 %)</dd>', won)
    coverage = card(html, "aftercare_coverage")
    assertInHTML('<dd class="kpi-change">+20 pp</dd>', coverage)
    site_visits = card(html, "site_visits")
    assertInHTML('<dd class="kpi-change">+2</dd>', site_visits)  # no percent of 0
    events = card(html, "events")
    assertInHTML('<dd class="kpi-previous">3</dd>', events)
    assertInHTML('<dd class="kpi-change">+3 (+100 %)</dd>', events)
    # Today's state shows its note, not a comparison.
    foreign = card(html, "foreign_companies")
    assert "Today&#x27;s state" in foreign and "kpi-previous" not in foreign
    slugs = [chart.slug for chart in response.context["charts"]]
    assert slugs == [
        "foreign-companies-by-country",
        "foreign-companies-by-sector",
        "won-by-kind",
        "funnel",
        "events-by-kind",
        "leads-per-month",
        "won-per-month",
    ]


def test_the_foreign_companies_also_by_focus_area_and_municipality(world, client, director):
    client.force_login(director)
    query = {"year": 2025, "also": ["focus_area", "municipality"]}
    response = client.get(URL, query)
    slugs = [chart.slug for chart in response.context["charts"]]
    assert slugs[:4] == [
        "foreign-companies-by-country",
        "foreign-companies-by-sector",
        "foreign-companies-by-focus-area",
        "foreign-companies-by-municipality",
    ]
    assert response.context["report"] == kpis.compute(YEAR, director)
    html = response.content.decode()
    assertInHTML(
        '<input type="checkbox" name="also" value="municipality" id="id_also_1" checked>', html
    )
    by_municipality = response.context["charts"][3]
    assert by_municipality.rows[0].label == "Düsseldorf"
    export = client.get(URL, {**query, "export": "csv"})
    tables = {row[0] for row in csv.reader(io.StringIO(export.content.decode("utf-8-sig")))}
    assert "Foreign companies by municipality" in tables
    assert client.get(URL, {"year": 2025, "also": "stage"}).context["form"].errors["also"]


def test_partner_viewers_see_no_internal_work(world, client, partner_viewer):
    client.force_login(partner_viewer)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert set(card_values(response.content.decode())) == {
        "aftercare_companies",
        "foreign_companies",
        "events",
        "delegations_received",
    }
    slugs = {chart.slug for chart in response.context["charts"]}
    assert slugs == {
        "foreign-companies-by-country",
        "foreign-companies-by-sector",
        "events-by-kind",
    }
    assert b"dashboard-segments" not in response.content
    assert b"/projects/" not in response.content.split(b"<main>")[1]


def test_signing_in_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_everyone_signed_in_finds_the_dashboard_in_the_navigation(client, partner_viewer):
    client.force_login(partner_viewer)
    navigation = client.get("/").content.decode().split('class="mainnav"')[1].split("</nav>")[0]
    assert f'href="{URL}"' in navigation


# --- The period and the desk


@time_machine.travel(datetime.datetime(2025, 8, 1, 12, 0), tick=False)
def test_the_period_is_this_year_unless_chosen(world, client, director):
    client.force_login(director)
    assert client.get(URL).context["report"].period == YEAR
    quarter = client.get(URL, {"period": "quarter"}).context["report"]
    assert quarter.period == Period.quarter(2025, 3)
    assert quarter.previous_period == Period.quarter(2025, 2)
    response = client.get(URL, {"period": "quarter", "year": 2024, "quarter": 1})
    assert response.context["report"].period == Period.quarter(2024, 1)


def test_a_custom_period_is_compared_with_as_many_days_before(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"period": "custom", "from": "2025-03-10", "to": "2025-03-19"})
    report = response.context["report"]
    assert report.period == Period(datetime.date(2025, 3, 10), datetime.date(2025, 3, 19))
    assert report.previous_period == Period(datetime.date(2025, 2, 28), datetime.date(2025, 3, 9))
    assert report == kpis.compute(report.period, director, breakdowns=views.DASHBOARD_BREAKDOWNS)
    # Switched to "custom", the year shown so far stays until the days are changed.
    switched = client.get(URL, {"period": "custom", "year": 2024})
    assert switched.context["report"].period == Period.year(2024)
    html = switched.content.decode()
    assertInHTML('<input type="date" name="from" value="2024-01-01" id="id_from">', html)


def test_only_the_fields_of_the_kind_of_period_are_offered(world, client, director):
    client.force_login(director)
    fields = {
        kind: set(re.findall(r'name="(\w+)"', client.get(URL, {"period": kind}).content.decode()))
        for kind in ("year", "quarter", "custom")
    }
    assert {"year"} <= fields["year"] and not {"quarter", "from", "to"} & fields["year"]
    assert {"year", "quarter"} <= fields["quarter"] and not {"from", "to"} & fields["quarter"]
    assert {"from", "to"} <= fields["custom"] and "year" not in fields["custom"]


@pytest.mark.parametrize(
    "parameters, field",
    [
        ({"year": "twenty"}, "year"),
        ({"year": "1800"}, "year"),
        ({"period": "quarter", "quarter": "5"}, "quarter"),
        ({"period": "decade"}, "period"),
        ({"period": "custom", "from": "2025-02-30"}, "from"),
        ({"period": "custom", "from": "1899-12-31", "to": "2025-01-01"}, "from"),
        ({"period": "custom", "from": "2025-03-01", "to": "2025-02-01"}, "to"),
        ({"desk": "999999"}, "desk"),
        ({"desk": "japan"}, "desk"),
    ],
)
def test_bad_input_comes_back_with_the_error_at_its_field(client, director, parameters, field):
    client.force_login(director)
    response = client.get(URL, parameters)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "report" not in response.context
    html = response.content.decode()
    assert f'aria-describedby="id_{field}_error"' in html
    assert "Please correct the period." in html
    # An export of a bad period is the page with its errors, not a file.
    export = client.get(URL, {**parameters, "export": "csv"})
    assert export["Content-Type"].startswith("text/html")


def test_one_desk(world, client, director, japan_desk):
    client.force_login(director)
    response = client.get(URL, {"year": 2025, "desk": japan_desk.pk})
    assert response.context["report"].desk == japan_desk
    assert card_values(response.content.decode())["leads"] == "3"
    assert "Japan Desk;" in response.content.decode()


# --- From the charts to the records


def test_every_bar_leads_to_a_list_of_as_many_records(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    checked = 0
    for chart in response.context["charts"]:
        links = chart_links(html, chart.slug)
        assert links, chart.slug
        for href, value in links:
            assert listed(client, href) == value, (chart.slug, href)
            checked += 1
    assert chart_links(html, "foreign-companies-by-country") == [
        (kpis.records_url("foreign_companies", YEAR, country=key), value)
        for key, value in (("JP", 2), ("IN", 1), ("KR", 1))
    ]
    assert checked > 30


def test_every_chart_is_also_a_table_whose_rows_link_to_the_records(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    for chart in response.context["charts"]:
        panel = re.search(rf'id="chart-{chart.slug}".*?</section>', html, re.DOTALL).group(0)
        assert f"<caption>{chart.title}</caption>" in panel
        assert panel.count('<th scope="row"><a href=') == len(chart.rows)
    funnel = re.search(r'id="chart-funnel".*?</section>', html, re.DOTALL).group(0)
    assert "Share of the stage before" in funnel and "83.3 %" in funnel
    months = re.search(r'id="chart-leads-per-month".*?</section>', html, re.DOTALL).group(0)
    assert months.count('<th scope="row">') == 12 and "January 2025" in months


def test_more_bars_than_drawn_are_summed_in_the_chart_and_all_in_the_table(
    world, client, director, monkeypatch
):
    monkeypatch.setattr(presentation, "CHART_BARS", 2)
    client.force_login(director)
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    assert len(chart_links(html, "foreign-companies-by-country")) == 2
    country = response.context["charts"][0]
    assert len(country.rows) == 3 and ">Other<" in html


# --- htmx, exports, segments, the annual report


def test_htmx_gets_the_dashboard_body_and_a_boosted_request_the_page(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2024}, headers={"HX-Request": "true"})
    assertTemplateUsed(response, "reports/partials/dashboard_body.html")
    html = response.content.decode()
    assert "<html" not in html and 'hx-target="#dashboard"' in html
    assert card_values(html)["won"] == "1"
    boosted = client.get(URL, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert b"<html" in boosted.content


def exported_kpis(rows):
    return {row[1]: row[2:] for row in rows if row[0] == "KPIs"}


def test_csv_export_of_the_figures_and_the_charts(world, client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2025, "export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "kpis-2025-01-01-2025-12-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "table",
        "figure",
        "value",
        "previous period",
        "change",
        "change (%)",
        "unit",
        "share of the stage before (%)",
    ]
    figures = exported_kpis(rows)
    assert figures["Projects won"] == ["2", "1", "1", "100.0", "count", ""]
    assert figures["Aftercare coverage"] == ["40.0", "20.0", "20.0", "", "percent", ""]
    assert figures["Foreign companies"] == ["4", "", "", "", "count", ""]
    assert figures["Events held"] == ["6", "3", "3", "100.0", "count", ""]
    assert figures["Matchmaking meetings held"] == ["3", "1", "2", "200.0", "count", ""]
    assert len(figures) == len(kpis.compute(YEAR, director).figures)
    by_country = [row[1:3] for row in rows if row[0] == "Foreign companies by country of origin"]
    assert by_country == [["Japan", "2"], ["India", "1"], ["South Korea", "1"]]
    funnel = [row[1:3] + row[7:] for row in rows if row[0] == "Conversion lead → won by stage"]
    assert funnel[:2] == [["lead", "6", ""], ["qualified", "5", "83.3"]]
    leads = [row[2] for row in rows if row[0] == "Leads per month"]
    assert leads == ["1", "1", "1", "0", "0", "1", "0", "0", "0", "0", "0", "0"]


@pytest.mark.parametrize("with_desk", [False, True])
def test_the_dashboard_its_export_and_the_api_agree(world, client, japan_desk, director, with_desk):
    """Every figure and its previous value: on the page, in the CSV and from the API."""
    desk = {"desk": japan_desk.pk} if with_desk else {}
    client.force_login(director)
    page = client.get(URL, {"year": 2025, **desk})
    shown = {
        str(capfirst(comparison.figure.label)): [
            comparison.figure.value,
            comparison.figure.previous,
        ]
        for comparison in page.context["comparisons"]
    }
    export = client.get(URL, {"year": 2025, **desk, "export": "csv"})
    exported = exported_kpis(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    answered = client.get("/api/v1/kpis", {"from": "2025-01-01", "to": "2025-12-31", **desk})
    figures = answered.json()["figures"]
    from_api = {
        str(capfirst(figures[name]["label"])): [figures[name]["value"], figures[name]["previous"]]
        for name in figures
    }
    assert from_api == shown
    as_text = {
        label: ["" if number is None else str(number) for number in values]
        for label, values in shown.items()
    }
    assert {label: values[:2] for label, values in exported.items()} == as_text
    # The desk is applied: the Japan desk has two of the four foreign companies.
    assert shown["Foreign companies"] == ([2, None] if with_desk else [4, None])


def test_xlsx_export_of_one_desk_with_typed_numbers(world, client, japan_officer, japan_desk):
    client.force_login(japan_officer)
    response = client.get(URL, {"year": 2025, "desk": japan_desk.pk, "export": "xlsx"})
    assert "kpis-2025-01-01-2025-12-31-japan.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    figures = exported_kpis(rows)
    report = kpis.compute(YEAR, japan_officer, japan_desk)
    assert {label: values[:2] for label, values in figures.items()} == {
        str(figure.label).capitalize(): (figure.value, figure.previous)
        for figure in report.figures.values()
    }
    assert figures["Leads"] == (3, 3, 0, 0.0, "count", None)


def test_partner_viewers_export_no_internal_work(world, client, partner_viewer):
    client.force_login(partner_viewer)
    response = client.get(URL, {"year": 2025, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert set(exported_kpis(rows)) == {
        "Companies in the region",
        "Foreign companies",
        "Events held",
        "Delegations received",
    }
    assert {row[0] for row in rows[1:]} == {
        "KPIs",
        "Foreign companies by country of origin",
        "Foreign companies by sector (NACE section)",
        "Events held by kind",
    }


def test_the_page_links_to_its_exports_with_the_period(world, client, director, japan_desk):
    client.force_login(director)
    html = client.get(URL, {"year": 2024, "desk": japan_desk.pk}).content.decode()
    assert f'href="{URL}?year=2024&amp;desk={japan_desk.pk}&amp;export=csv"' in html
    assert f'href="{URL}?year=2024&amp;desk={japan_desk.pk}&amp;export=xlsx"' in html


def test_segments_with_their_live_counts(world, client, director, japan_officer):
    shared = segment(owner=japan_officer, name="Japanese", shared=True, query="country=JP")
    segment(owner=japan_officer, name="Private", shared=False, query="country=IN")
    segment(owner=director, name="Everything")
    client.force_login(director)
    response = client.get(URL)
    counts = {
        entry["segment"].name: entry["company_count"] for entry in response.context["segments"]
    }
    # The most recently changed first; another's private segment is not shown.
    assert counts == {"Everything": 7, "Japanese": 3}
    assert list(counts) == ["Everything", "Japanese"]
    assert f'href="{shared.company_list_url}"' in response.content.decode()


def test_at_most_ten_segments_are_counted(client, director):
    for number in range(12):
        segment(owner=director, name=f"Segment {number}")
    client.force_login(director)
    assert len(client.get(URL).context["segments"]) == views.DASHBOARD_SEGMENTS == 10


def test_the_dashboard_links_the_annual_report_of_its_year(client, director):
    client.force_login(director)
    response = client.get(URL, {"year": 2025})
    assert response.context["annual_report_url"] == "/reports/annual-report/?year=2025&language=en"
    assert 'href="/reports/annual-report/?year=2025&amp;language=en"' in response.content.decode()


def test_a_bounded_number_of_queries(world, client, director, django_assert_max_num_queries):
    for number in range(12):
        segment(owner=director, name=f"Segment {number}", query="country=JP")
    client.force_login(director)
    client.get(URL)  # the session and the user, as every page
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
