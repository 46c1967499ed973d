"""The figures of events (docs/kpis.md, "Events"): known answers on the dashboard, in its CSV
and XLSX, and from the API, for each persona and desk, and the cases at their edges."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from rest_framework.test import APIClient

from pocketworld.events.choices import MeetingStatus
from pocketworld.reports import kpis
from pocketworld.reports.kpis import Period
from pocketworld.reports.tests.factories import build_world

pytestmark = pytest.mark.django_db

URL = "/reports/"
YEAR = Period.year(2025)

# The figures of events by their label on the page and in the exports.
LABELS = {
    "events": "Events held",
    "delegations_received": "Delegations received",
    "matches": "Matchmaking meetings held",
    "leads_from_events": "Leads from events",
    "won_from_events": "Projects won from events",
}
# The kinds of event, in the order of their bars, by their label in the tables.
KINDS = {
    "trade_fair": "trade fair",
    "conference": "conference or festival",
    "incoming_delegation": "incoming delegation",
    "outgoing_delegation": "outgoing delegation or trip",
    "roadshow": "roadshow",
    "webinar": "webinar",
    "matchmaking_day": "matchmaking day",
}
ALL_KINDS_OF_2025 = {
    "trade_fair": 2,
    "conference": 1,
    "incoming_delegation": 1,
    "outgoing_delegation": 1,
    "roadshow": 0,
    "webinar": 0,
    "matchmaking_day": 1,
}
JAPAN_KINDS_OF_2025 = dict.fromkeys(KINDS, 0) | {
    "trade_fair": 1,
    "conference": 1,
    "matchmaking_day": 1,
}
INDIA_KINDS_OF_2025 = dict.fromkeys(KINDS, 0) | {
    "trade_fair": 1,
    "conference": 1,
    "incoming_delegation": 1,
    "outgoing_delegation": 1,
}

# (persona, desk, {figure: (2025, 2024)}, events of 2025 by kind): build_events' world.
# Desk staff see every desk's records; a partner viewer sees the events but neither their
# meetings nor projects.
CASES = [
    (
        "director",
        None,
        {
            "events": (6, 3),
            "delegations_received": (1, 1),
            "matches": (3, 1),
            "leads_from_events": (2, 1),
            "won_from_events": (1, 0),
        },
        ALL_KINDS_OF_2025,
    ),
    (
        "japan_officer",
        "japan_desk",
        {
            "events": (3, 2),
            "delegations_received": (0, 1),
            "matches": (3, 1),
            "leads_from_events": (1, 1),
            "won_from_events": (1, 0),
        },
        JAPAN_KINDS_OF_2025,
    ),
    (
        "india_officer",
        "japan_desk",
        {
            "events": (3, 2),
            "delegations_received": (0, 1),
            "matches": (3, 1),
            "leads_from_events": (1, 1),
            "won_from_events": (1, 0),
        },
        JAPAN_KINDS_OF_2025,
    ),
    (
        "india_officer",
        "india_desk",
        {
            "events": (4, 1),
            "delegations_received": (1, 0),
            "matches": (1, 0),
            "leads_from_events": (1, 0),
            "won_from_events": (0, 0),
        },
        INDIA_KINDS_OF_2025,
    ),
    (
        "partner_viewer",
        None,
        {"events": (6, 3), "delegations_received": (1, 1)},
        ALL_KINDS_OF_2025,
    ),
    (
        "partner_viewer",
        "india_desk",
        {"events": (4, 1), "delegations_received": (1, 0)},
        INDIA_KINDS_OF_2025,
    ),
]


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    return build_world(japan_desk, india_desk, japan_officer)


def event_figures(figures):
    """{figure: (value, previous)} of the figures of events among `figures` ({label: …})."""
    return {name: tuple(figures[label]) for name, label in LABELS.items() if label in figures}


def on_the_page(html):
    """{label: (value, previous)} of the cards of the figures of events."""
    shown = {}
    for name, label in LABELS.items():
        card = re.search(rf'<li class="kpi" id="kpi-{name}">.*?</li>', html, re.DOTALL)
        if card is None:
            continue
        card = card.group(0)
        assert f'<h3 class="kpi-label" id="kpi-{name}-label">{label}</h3>' in card
        value = re.search(r'<p class="kpi-value">(?:<a [^>]*>)?(.*?)(?:</a>)?</p>', card)
        previous = re.search(r'<dd class="kpi-previous">(.*?)</dd>', card)
        shown[label] = (int(value.group(1)), int(previous.group(1)))
    return shown


def chart_table_on_the_page(html, slug):
    """{row label: count} of a chart's table."""
    panel = re.search(rf'id="chart-{slug}".*?</section>', html, re.DOTALL).group(0)
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?(.*?)(?:</a>)?</th>\s*<td class="number">(.*?)</td>',
        panel,
    )
    return {label: int(count) for label, count in rows}


def exported(rows):
    """({label: (value, previous)} of the KPI table, {row label: count} of events by kind)."""
    figures = {
        row[1]: tuple(None if cell in ("", None) else int(cell) for cell in row[2:4])
        for row in rows
        if row[0] == "KPIs" and row[1] in LABELS.values()
    }
    by_kind = {row[1]: int(row[2]) for row in rows if row[0] == "Events held by kind"}
    return figures, by_kind


def labelled(counts):
    return {KINDS[key]: count for key, count in counts.items()}


@pytest.mark.parametrize("persona, desk_name, expected, by_kind", CASES)
def test_the_dashboard_its_exports_and_the_api_give_the_known_answers(
    world, client, request, persona, desk_name, expected, by_kind
):
    user = request.getfixturevalue(persona)
    desk = request.getfixturevalue(desk_name) if desk_name else None
    query = {"year": 2025, "desk": desk.pk if desk else ""}
    client.force_login(user)

    page = client.get(URL, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert event_figures(on_the_page(html)) == expected
    assert chart_table_on_the_page(html, "events-by-kind") == labelled(by_kind)

    csv_export = client.get(URL, {**query, "export": "csv"})
    rows = list(csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig"))))
    figures, kinds = exported(rows)
    assert event_figures(figures) == expected
    assert kinds == labelled(by_kind)

    xlsx_export = client.get(URL, {**query, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_export.content)).active
    figures, kinds = exported(list(sheet.iter_rows(values_only=True)))
    assert event_figures(figures) == expected
    assert kinds == labelled(by_kind)

    api = APIClient()
    api.force_authenticate(user)
    parameters = {"from": "2025-01-01", "to": "2025-12-31"} | ({"desk": desk.pk} if desk else {})
    answer = api.get("/api/v1/kpis", parameters).json()["figures"]
    assert {
        name: (answer[name]["value"], answer[name]["previous"]) for name in LABELS if name in answer
    } == expected
    bars = answer["events"]["breakdowns"]["kind"]["bars"]
    assert {bar["key"]: bar["value"] for bar in bars} == by_kind
    assert [bar["key"] for bar in bars] == list(KINDS)
    # The figures of internal work are left out, not shown as 0.
    assert set(LABELS) & set(answer) == set(expected)


def test_each_kind_of_event_leads_to_its_list(world, client, director, japan_desk):
    client.force_login(director)
    report = kpis.compute(YEAR, director, desk=japan_desk)
    for bar in report.figures["events"].breakdowns["kind"].bars:
        response = client.get(bar.url)
        assert response.context["table"].paginator.count == bar.value, bar.key
    delegations = client.get(report.figures["delegations_received"].url)
    assert delegations.context["table"].paginator.count == 0
    assert report.figures["events"].url == (
        f"/events/?starts_after=2025-01-01&starts_before=2025-12-31&desk={japan_desk.pk}"
    )


# --- The edges


def test_an_event_over_the_turn_of_the_year_is_held_in_both_years(world, director):
    trip = world.events.trip
    assert trip in kpis.records("events", YEAR, director)
    assert trip in kpis.records("events", Period.year(2024), director)
    # The trade fair from 31 March to 4 April is held in the first and second quarter.
    first, second = (Period.quarter(2025, quarter) for quarter in (1, 2))
    fair = world.events.trade_fair
    assert set(kpis.records("events", first, director)) == {trip, fair}
    assert set(kpis.records("events", second, director)) == {fair, world.events.conference}
    # A period of the days between two events holds neither.
    between = Period(datetime.date(2025, 4, 5), datetime.date(2025, 6, 11))
    assert not kpis.records("events", between, director).exists()


def test_an_event_of_two_desks_counts_once_for_all_and_once_for_each(
    world, director, japan_desk, india_desk
):
    conference = world.events.conference
    for desk in (None, japan_desk, india_desk):
        records = kpis.records("events", YEAR, director, desk=desk)
        assert list(records).count(conference) == 1, desk
    values = [
        kpis.compute(YEAR, director, desk=desk).figures["events"].value
        for desk in (None, japan_desk, india_desk)
    ]
    assert values == [6, 3, 4]  # the conference is in both desks' figures


def test_only_meetings_held_count(world, director):
    meetings = kpis.records("matches", YEAR, director)
    assert meetings.count() == 3
    day = world.events.matchmaking_day
    statuses = sorted(day.meetings.values_list("status", flat=True))
    assert statuses == ["cancelled", "held", "held", "planned"]
    # The meeting of the fair of 2026 is not in 2025, the one of 2024 in the year before.
    assert set(meetings.values_list("event", flat=True)) == {
        day.pk,
        world.events.conference.pk,
    }
    # A meeting held later (its outcome recorded) counts in the year of its event.
    day.meetings.filter(status=MeetingStatus.PLANNED).update(status=MeetingStatus.HELD)
    assert kpis.compute(YEAR, director).figures["matches"].value == 4


def test_projects_from_events_are_those_whose_source_is_an_event(world, director):
    assert set(kpis.records("leads_from_events", YEAR, director)) == {
        world.lost,
        world.still_lead,
    }
    assert set(kpis.records("leads_from_events", Period.year(2024), director)) == {world.won_2025}
    assert set(kpis.records("won_from_events", YEAR, director)) == {world.won_2025}
    # Projects of other sources are in the leads and wins, not in those from events.
    assert world.won_then_on_hold in kpis.records("won", YEAR, director)
    assert world.won_then_on_hold not in kpis.records("won_from_events", YEAR, director)
    assert kpis.records_url("won_from_events", YEAR) == (
        "/projects/?reached=won&reached_after=2025-01-01&reached_before=2025-12-31&source=event"
    )


def test_the_figures_of_events_from_an_empty_registry_are_zero(director):
    report = kpis.compute(YEAR, director)
    assert {name: report.figures[name].value for name in LABELS} == dict.fromkeys(LABELS, 0)
