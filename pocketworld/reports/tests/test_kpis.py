"""Every KPI on a hand-built world with known answers, and the lists behind each figure."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pocketworld.events.choices import EventKind
from pocketworld.projects.choices import ProjectKind, Stage
from pocketworld.reports import kpis
from pocketworld.reports.kpis import Period
from pocketworld.reports.tests.factories import DUSSELDORF, NEUSS, build_world

pytestmark = pytest.mark.django_db

YEAR = Period.year(2025)


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    return build_world(japan_desk, india_desk, japan_officer)


PROGRAMME_FIGURES = [
    "startup_applications", "startups_selected", "startups_completed", "startups_settled",
    "startup_jobs", "candidates_nominated", "candidates_recognised", "candidates_placed",
    "candidates_still_employed",
]  # fmt: skip
# No inquiries here (test_kpis_inquiries has them): 0, or no value for shares and hours.
INQUIRY_FIGURES = {
    "inquiries": (0, 0),
    "inquiries_answered_in_time": (None, None),
    "response_time_median": (None, None),
    "response_time_p90": (None, None),
    "inquiry_leads": (0, 0),
    "inquiry_leads_won": (0, 0),
    "inquiry_conversion": (None, None),
}
# Figures of inquiries that have no list while the inquiry list lacks their filters.
AWAITING_A_FILTER = {"response_time_median", "response_time_p90", "inquiry_leads_won"}


def figures(report):
    return {name: (figure.value, figure.previous) for name, figure in report.figures.items()}


def bars(report, name, breakdown):
    return {bar.key: bar.value for bar in report.figures[name].breakdowns[breakdown].bars}


# --- Periods


def test_a_year_and_a_quarter_follow_the_one_before():
    assert Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)) == YEAR
    assert YEAR.previous() == Period.year(2024)
    assert Period.quarter(2025, 1).previous() == Period.quarter(2024, 4)
    assert Period.quarter(2024, 2) == Period(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))


def test_other_periods_follow_as_many_months_or_days():
    february_to_march = Period(datetime.date(2025, 2, 1), datetime.date(2025, 3, 31))
    assert february_to_march.previous() == Period(
        datetime.date(2024, 12, 1), datetime.date(2025, 1, 31)
    )
    ten_days = Period(datetime.date(2025, 3, 10), datetime.date(2025, 3, 19))
    assert ten_days.previous() == Period(datetime.date(2025, 2, 28), datetime.date(2025, 3, 9))


def test_the_twelve_months_up_to_the_end():
    assert Period.year(2024).months_to_end(12) == Period.year(2024)
    to_february = Period(datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    assert to_february.months_to_end(12) == Period(
        datetime.date(2024, 3, 1), datetime.date(2025, 2, 28)
    )


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(datetime.date(2025, 2, 1), datetime.date(2025, 1, 31))
    with pytest.raises(ValueError):
        Period.quarter(2025, 5)


# --- The figures


def test_every_kpi_of_the_year_and_the_year_before(world, director):
    report = kpis.compute(YEAR, director)
    assert report.previous_period == Period.year(2024)
    assert figures(report) == {
        # opened in 2025; the project opened at 23:59 on 31 December 2024 is 2024's
        "leads": (4, 3),
        # the project moved from lead straight to site search was never 'qualified'
        "qualified": (2, 1),
        "site_visits": (2, 0),
        # the win of 31 December 23:30 counts, though the project is on hold now
        "won": (2, 1),
        "conversion": (33.3, 33.3),
        "cycle_time_median": (296, 113),
        "cycle_time_mean": (296.0, 113.0),
        "jobs_created_expected": (50, 10),
        "jobs_created_realised": (40, 12),
        "jobs_safeguarded_expected": (100, 0),
        "jobs_safeguarded_realised": (80, 0),
        "investment_expected": (3_000_000, 0),
        "investment_realised": (3_500_000, 500_000),
        # on 1 January and 31 December, and at the company that left since
        "aftercare_visits": (3, 1),
        # today's status: no previous value
        "aftercare_companies": (5, None),
        "aftercare_companies_visited": (2, 1),
        "aftercare_coverage": (40.0, 20.0),
        "foreign_companies": (4, None),
        "delegations": (1, 1),
        # the delegation trip over the turn of the year is held in both years
        "events": (6, 3),
        "delegations_received": (1, 1),
        # held ones only, not those cancelled or still planned
        "matches": (3, 1),
        "leads_from_events": (2, 1),
        "won_from_events": (1, 0),
        # no programmes here: test_programme_kpis has them
        **dict.fromkeys(PROGRAMME_FIGURES, (0, 0)),
        **INQUIRY_FIGURES,
    }
    assert report.figures["foreign_companies"].note and not report.figures["events"].note


def test_breakdowns(world, director):
    report = kpis.compute(YEAR, director)
    assert bars(report, "won", "kind") == {
        **dict.fromkeys(ProjectKind.values, 0),
        "new_settlement": 1,
        "retention": 1,
    }
    assert list(bars(report, "won", "kind")) == ProjectKind.values
    assert bars(report, "events", "kind") == {
        **dict.fromkeys(EventKind.values, 0),
        "trade_fair": 2,
        "conference": 1,
        "incoming_delegation": 1,
        "outgoing_delegation": 1,
        "matchmaking_day": 1,
    }
    assert list(bars(report, "events", "kind")) == EventKind.values
    assert bars(report, "conversion", "stage") == {
        "lead": 6,
        "qualified": 5,
        "site_search": 3,
        "proposal": 2,
        "decision": 2,
        "won": 2,
    }
    shares = [bar.share for bar in report.figures["conversion"].breakdowns["stage"].bars]
    assert shares == [None, 83.3, 60.0, 66.7, 100.0, 100.0]
    foreign = "foreign_companies"
    assert bars(report, foreign, "country") == {"JP": 2, "IN": 1, "KR": 1}
    assert next(iter(bars(report, foreign, "country"))) == "JP"  # the largest first
    assert bars(report, foreign, "sector") == {"C": 3, "J": 1}
    assert bars(report, foreign, "focus_area") == {
        "greentech": 2,
        "digitalisation": 1,
        "robotics": 1,
    }
    assert bars(report, foreign, "municipality") == {DUSSELDORF: 2, NEUSS: 2}
    labels = {bar.key: bar.label for bar in report.figures[foreign].breakdowns["country"].bars}
    assert labels["JP"] == "Japan"


def test_only_the_breakdowns_asked_for(world, director):
    with CaptureQueriesContext(connection) as all_queries:
        everything = kpis.compute(YEAR, director)
    with CaptureQueriesContext(connection) as fewer:
        some = kpis.compute(YEAR, director, breakdowns={"country", "kind"})
    # Not read: the companies by sector, focus area and municipality, nor those names.
    assert len(fewer) <= len(all_queries) - 4
    assert list(some.figures["foreign_companies"].breakdowns) == ["country"]
    assert list(some.figures["won"].breakdowns) == ["kind"]
    assert some.figures["conversion"].breakdowns == {}
    assert some.figures["won"] == everything.figures["won"]
    assert {name: figure.value for name, figure in some.figures.items()} == {
        name: figure.value for name, figure in everything.figures.items()
    }


def test_a_win_put_on_hold_is_not_won_again_the_next_year(world, director):
    next_year = kpis.compute(Period.year(2026), director)
    assert (next_year.figures["won"].value, next_year.figures["won"].previous) == (0, 2)
    assert not kpis.records("won", Period.year(2026), director).exists()
    assert world.won_then_on_hold in kpis.records("won", YEAR, director)


def test_a_company_that_left_is_in_no_count_of_companies_here(world, director):
    for name in ("aftercare_companies", "aftercare_companies_visited", "foreign_companies"):
        assert world.mahindra not in kpis.records(name, YEAR, director)
    assert world.visits.company_that_left in kpis.records("aftercare_visits", YEAR, director)


def test_visits_on_the_first_and_last_day_count_the_day_outside_does_not(world, director):
    visits = set(kpis.records("aftercare_visits", YEAR, director))
    assert {world.visits.first_day, world.visits.last_day} <= visits
    assert not {world.visits.day_before, world.visits.day_after} & visits
    assert set(kpis.records("aftercare_companies_visited", YEAR, director)) == {
        world.toshiba,
        world.tata,
    }


def test_one_desk(world, japan_officer, japan_desk):
    report = kpis.compute(YEAR, japan_officer, desk=japan_desk)
    values = figures(report)
    assert values["leads"] == (3, 3)  # the India desk opened one in 2025
    assert values["won"] == (2, 1)
    assert values["foreign_companies"] == (2, None)
    assert values["aftercare_visits"] == (1, 1)
    assert values["aftercare_coverage"] == (50.0, 50.0)
    # the conference of both desks is the Japan desk's too
    assert values["events"] == (3, 2)
    assert values["delegations_received"] == (0, 1)
    assert values["matches"] == (3, 1)
    assert values["leads_from_events"] == (1, 1)
    assert values["won_from_events"] == (1, 0)
    assert report.as_dict()["desk"] == {"id": japan_desk.pk, "name": "Japan Desk"}


def test_partner_viewers_get_no_figures_of_internal_work(world, partner_viewer):
    report = kpis.compute(YEAR, partner_viewer)
    assert set(report.figures) == {
        "aftercare_companies",
        "foreign_companies",
        "events",
        "delegations_received",
    }
    assert report.figures["foreign_companies"].value == 4
    # Events are not internal work: the partner viewer sees them as desk staff do.
    assert figures(report)["events"] == (6, 3)
    assert not kpis.records("matches", YEAR, partner_viewer).exists()
    assert not kpis.records("won", YEAR, partner_viewer).exists()


def test_a_handful_of_queries_however_many_records(world, director, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        kpis.compute(YEAR, director)


def test_as_dict_is_plain_json(world, director):
    import json

    data = kpis.compute(YEAR, director).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    won = data["figures"]["won"]
    assert (won["label"], won["unit"], won["value"], won["previous"]) == (
        "projects won",
        "count",
        2,
        1,
    )
    assert won["breakdowns"]["kind"]["bars"][0]["key"] == "new_settlement"


# --- From each figure to its records


def drill_downs(report):
    """(name, breakdown, url, figure or bar value, unit) for every figure and bar."""
    for name, figure in report.figures.items():
        if figure.url:
            yield name, {}, figure.url, figure.value, figure.unit
        for breakdown, chart in figure.breakdowns.items():
            for bar in chart.bars:
                yield name, {breakdown: bar.key}, bar.url, bar.value, kpis.Unit.COUNT


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


@pytest.mark.parametrize("persona, with_desk", [("director", False), ("japan_officer", True)])
def test_each_list_shows_the_records_behind_its_figure(world, client, request, persona, with_desk):
    user = request.getfixturevalue(persona)
    desk = request.getfixturevalue("japan_desk") if with_desk else None
    client.force_login(user)
    report = kpis.compute(YEAR, user, desk=desk)
    checked = set()
    for name, breakdown, url, value, unit in drill_downs(report):
        if url is None:  # the inquiries' funnel's stage "won": its list's filter is to come
            assert (name, breakdown) == ("inquiry_conversion", {"stage": "won"})
            continue
        records = kpis.records(name, YEAR, user, desk=desk, **breakdown)
        assert listed(client, url) == records.count(), (name, breakdown, url)
        assert url == kpis.records_url(name, YEAR, desk=desk, **breakdown)
        if unit == kpis.Unit.COUNT:
            assert records.count() == value, (name, breakdown)
        checked.add(name)
    # No page lists matchmaking meetings across events.
    unlisted = {name for name in AWAITING_A_FILTER if report.figures[name].url is None}
    assert checked == set(report.figures) - {"matches"} - unlisted


def test_the_lists_of_the_conversion_and_cycle_time(world, director, client):
    client.force_login(director)
    assert listed(client, kpis.records_url("conversion", YEAR)) == 6
    assert listed(client, kpis.records_url("conversion", YEAR, stage=Stage.SITE_SEARCH)) == 3
    assert listed(client, kpis.records_url("cycle_time_median", YEAR)) == 2
    safeguarded = kpis.records_url("jobs_safeguarded_realised", YEAR)
    assert listed(client, safeguarded) == 1


def test_the_meetings_held_have_records_but_no_list(world, director):
    assert kpis.compute(YEAR, director).figures["matches"].url is None
    assert kpis.records_url("matches", YEAR) is None
    meetings = kpis.records("matches", YEAR, director)
    assert {meeting.event for meeting in meetings} == {
        world.events.matchmaking_day,
        world.events.conference,
    }
    assert {meeting.status for meeting in meetings} == {"held"}


# --- Month by month


def monthly(points):
    """{month number: value} of the months with a value."""
    return {point.month.month: point.value for point in points if point.value}


def test_the_trend_of_a_year_has_twelve_months_that_add_up_to_the_figure(world, director):
    report = kpis.compute(YEAR, director)
    for name in kpis.TRENDS:
        points = kpis.trend(name, YEAR, director)
        assert [point.month for point in points] == [
            datetime.date(2025, month, 1) for month in range(1, 13)
        ]
        assert sum(point.value for point in points) == report.figures[name].value, name


def test_the_trend_per_month_in_local_time(world, director):
    assert monthly(kpis.trend("leads", YEAR, director)) == {1: 1, 2: 1, 3: 1, 6: 1}
    # Won at 23:30 on 31 December: December's, though it is 22:30 UTC.
    assert monthly(kpis.trend("won", YEAR, director)) == {6: 1, 12: 1}
    # Qualified at midnight on 1 January: January's, though it is still December in UTC.
    assert monthly(kpis.trend("qualified", YEAR, director)) == {1: 1, 4: 1}
    assert monthly(kpis.trend("site_visits", YEAR, director)) == {1: 1, 2: 1}
    assert monthly(kpis.trend("aftercare_visits", YEAR, director)) == {1: 1, 6: 1, 12: 1}
    assert monthly(kpis.trend("delegations", YEAR, director)) == {7: 1}


def test_each_month_of_the_trend_lists_its_records(world, director, client):
    client.force_login(director)
    for name in ("leads", "won", "aftercare_visits"):
        for point in kpis.trend(name, YEAR, director):
            assert listed(client, point.url) == point.value, (name, point.month)
    january = kpis.trend("leads", YEAR, director)[0]
    assert january.url == kpis.records_url(
        "leads", Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    )


def test_a_period_inside_months_gives_those_months_their_part(world, director):
    period = Period(datetime.date(2025, 1, 15), datetime.date(2025, 3, 10))
    points = kpis.trend("leads", period, director)
    # The lead of 10 January is before the period; 2 February and 3 March are in it.
    assert [(point.month.month, point.value) for point in points] == [(1, 0), (2, 1), (3, 1)]
    assert points[0].url == kpis.records_url(
        "leads", Period(datetime.date(2025, 1, 15), datetime.date(2025, 1, 31))
    )
    assert points[-1].url == kpis.records_url(
        "leads", Period(datetime.date(2025, 3, 1), datetime.date(2025, 3, 10))
    )


def test_the_trend_of_one_desk(world, japan_officer, japan_desk):
    points = kpis.trend("leads", YEAR, japan_officer, desk=japan_desk)
    assert monthly(points) == {1: 1, 2: 1, 6: 1}  # the India desk's lead of March is not
    assert all(f"desk={japan_desk.pk}" in point.url for point in points)


def test_partner_viewers_get_no_trend_of_internal_work(world, partner_viewer):
    assert kpis.trend("won", YEAR, partner_viewer) == []


def test_a_trend_only_for_figures_of_events_in_time(director):
    with pytest.raises(LookupError):
        kpis.trend("foreign_companies", YEAR, director)


def test_a_trend_is_one_query(world, director, django_assert_num_queries):
    for name in ("won", "aftercare_visits"):
        with django_assert_num_queries(1):
            kpis.trend(name, YEAR, director)
