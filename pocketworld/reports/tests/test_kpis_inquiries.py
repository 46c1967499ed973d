"""The figures of inquiries (docs/kpis.md, "Inquiries"): known answers on a small made-up
set, spam never counted, local days at the edges of the period, one desk, partner viewers,
the lists behind each figure, the dashboard, the API and a bounded number of queries."""

import csv
import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pocketworld.inquiries.clock import add_working_days, add_working_hours
from pocketworld.inquiries.models import Inquiry
from pocketworld.projects.choices import Stage
from pocketworld.reports import kpis
from pocketworld.reports.kpis import Period
from pocketworld.reports.tests.factories import moment, walk

pytestmark = pytest.mark.django_db

YEAR = Period.year(2025)
URL = "/reports/"

INQUIRY_FIGURES = [
    "inquiries",
    "inquiries_answered_in_time",
    "response_time_median",
    "response_time_p90",
    "inquiry_leads",
    "inquiry_leads_won",
    "inquiry_conversion",
]


def inquiry(received, *, country, language, desk=None, hours=None, **fields):
    """An inquiry received at `received`, due one working day later; with `hours`, first
    answered that many working hours after it arrived (in time up to 8, a working day)."""
    record = {
        "channel": "form",
        "language": language,
        "company_name": f"Company from {country}",
        "country_id": country,
        "contact_name": "Contact",
        "email": "contact@example.com",
        "message": "We are looking for a site.",
        "consent_at": received,
        "consent_text": "I agree.",
        "received_at": received,
        "due_at": add_working_days(received, 1),
        "escalate_at": add_working_days(received, 2),
        "routed_by": "country" if desk else "none",
        "desk": desk,
    }
    if hours is not None:
        record |= {
            "first_response_at": add_working_hours(received, hours),
            "response_hours": hours,
            "status": "answered",
        }
    return Inquiry.objects.create(**record | fields)


def lead(owner, desk, received, *moves):
    """A lead project of `desk` opened the day after `received`, then moved by `moves`."""
    opened = received + datetime.timedelta(days=1)
    return walk(owner, [opened, *moves], company=None, prospect_name="Prospect", desk=desk)


def won(when):
    return [
        (Stage.DECISION, when - datetime.timedelta(days=10), {}),
        (Stage.WON, when, {"realised_jobs": 5, "realised_investment": 100_000}),
    ]


def build_inquiries(japan_desk, india_desk, owner):
    """2025: six inquiries (and one spam), from the first half hour of 1 January to the last
    of 31 December, Düsseldorf time; 2024: two; 2026: one, at its first moment.

    2025 by hand: from JP 2, IN 2, KR 1, CN 1; in ja 1, en 2, hi 1, ko 1, zh-hans 1; the
    Japan desk 3, the India desk 2, no desk 1. Answered after 2, 12, 4.5, 30 and 1 working
    hours (one unanswered): median 4.5, 90th percentile 22.8; 3 of 6 in time (50 %). Three
    became a lead; two of the leads were won (one only in 2026, one put on hold since):
    conversion 2 of 6, 33.3 %. 2024: two inquiries, one answered in 6 hours, a lead won.
    """
    first = moment(2025, 1, 1, 0, 30)  # 23:30 on 31 December in UTC
    won_later = lead(owner, japan_desk, first, *won(moment(2026, 2, 2)))
    march = moment(2025, 3, 10, 10)
    still_lead = lead(owner, japan_desk, march)
    may = moment(2025, 5, 5, 11)
    on_hold = lead(
        owner, india_desk, may, *won(moment(2025, 9, 1)), (Stage.ON_HOLD, moment(2025, 10, 1), {})
    )
    last_of_2024 = moment(2024, 12, 31, 23, 59)  # 22:59 UTC, 2024's
    won_2025 = lead(owner, japan_desk, last_of_2024, *won(moment(2025, 4, 1)))
    done, as_lead = {"status": "done"}, {"status": "done", "outcome": "lead"}
    return SimpleNamespace(
        first=inquiry(
            first, country="JP", language="ja", desk=japan_desk, hours=2.0,
            project=won_later, **as_lead,
        ),
        late_lead=inquiry(
            march, country="JP", language="en", desk=japan_desk, hours=12.0,
            project=still_lead, **as_lead,
        ),
        won_on_hold=inquiry(
            may, country="IN", language="en", desk=india_desk, hours=4.5,
            project=on_hold, **as_lead,
        ),
        unanswered=inquiry(moment(2025, 6, 2), country="IN", language="hi", desk=india_desk),
        deskless=inquiry(
            moment(2025, 7, 1), country="KR", language="ko", hours=30.0,
            outcome="closed", close_reason="out_of_scope", **done,
        ),
        # 22:30 UTC: still 31 December, Düsseldorf time and UTC alike.
        last=inquiry(
            moment(2025, 12, 31, 23, 30), country="CN", language="zh-hans", desk=japan_desk,
            hours=1.0,
        ),
        spam=inquiry(
            moment(2025, 4, 4), country="JP", language="ja", desk=japan_desk, hours=0.5,
            status="spam", spam_reason="honeypot", outcome="lead",
        ),
        of_2024=inquiry(
            last_of_2024, country="JP", language="ja", desk=japan_desk, hours=6.0,
            project=won_2025, **as_lead,
        ),
        unanswered_2024=inquiry(
            moment(2024, 6, 3), country="IN", language="en", desk=india_desk
        ),
        # 23:00 on 31 December in UTC: 2026's.
        of_2026=inquiry(moment(2026, 1, 1, 0, 0), country="JP", language="de", desk=japan_desk),
    )  # fmt: skip


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    return build_inquiries(japan_desk, india_desk, japan_officer)


def figures(report, names=INQUIRY_FIGURES):
    return {name: (report.figures[name].value, report.figures[name].previous) for name in names}


def bars(report, name, breakdown):
    return {bar.key: bar.value for bar in report.figures[name].breakdowns[breakdown].bars}


# --- The figures


def test_the_figures_of_the_year_and_the_year_before(world, director):
    report = kpis.compute(YEAR, director)
    assert figures(report) == {
        "inquiries": (6, 2),
        "inquiries_answered_in_time": (50.0, 50.0),
        "response_time_median": (4.5, 6.0),
        # between 12 and 30 hours, at 60 % of the way: 12 + 0.6 × 18
        "response_time_p90": (22.8, 6.0),
        "inquiry_leads": (3, 1),
        # won in 2026 and won then put on hold: both count, by their stage history
        "inquiry_leads_won": (2, 1),
        "inquiry_conversion": (33.3, 50.0),
    }
    units = {name: report.figures[name].unit for name in INQUIRY_FIGURES}
    assert units == {
        "inquiries": "count",
        "inquiries_answered_in_time": "percent",
        "response_time_median": "hours",
        "response_time_p90": "hours",
        "inquiry_leads": "count",
        "inquiry_leads_won": "count",
        "inquiry_conversion": "percent",
    }


def test_the_breakdowns(world, director, japan_desk, india_desk):
    report = kpis.compute(YEAR, director)
    assert bars(report, "inquiries", "country") == {"JP": 2, "IN": 2, "KR": 1, "CN": 1}
    # Every language of the form a bar, in the form's order; their names in the page's.
    assert bars(report, "inquiries", "language") == {
        "de": 0, "en": 2, "ja": 1, "zh-hans": 1, "ko": 1, "hi": 1, "tr": 0,
    }  # fmt: skip
    languages = report.figures["inquiries"].breakdowns["language"].bars
    assert [bar.label for bar in languages][:3] == ["German", "English", "Japanese"]
    # The inquiry no desk was found for is in no desk's bar.
    assert bars(report, "inquiries", "responsible_desk") == {japan_desk.pk: 3, india_desk.pk: 2}
    desks = report.figures["inquiries"].breakdowns["responsible_desk"].bars
    assert [bar.label for bar in desks] == ["Japan Desk", "India Desk"]
    funnel = report.figures["inquiry_conversion"].breakdowns["stage"].bars
    assert [(bar.key, bar.value, bar.share) for bar in funnel] == [
        ("received", 6, None),
        ("lead", 3, 50.0),
        ("won", 2, 66.7),
    ]


def test_the_figures_from_no_inquiries(director):
    report = kpis.compute(YEAR, director)
    assert figures(report) == {
        "inquiries": (0, 0),
        "inquiries_answered_in_time": (None, None),
        "response_time_median": (None, None),
        "response_time_p90": (None, None),
        "inquiry_leads": (0, 0),
        "inquiry_leads_won": (0, 0),
        "inquiry_conversion": (None, None),
    }


def test_the_percentile_is_linear_between_the_nearest():
    percentile = kpis.definitions.percentile
    assert percentile([], 0.9) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([1.0, 2.0, 4.5, 12.0, 30.0], 0.5) == 4.5
    assert percentile([1.0, 2.0, 4.0, 12.0], 0.5) == 3.0  # the mean of the middle two
    assert percentile([float(hours) for hours in range(1, 11)], 0.9) == 9.1


def test_spam_never_counts(world, director):
    for name in INQUIRY_FIGURES:
        assert world.spam not in kpis.records(name, YEAR, director), name
    # Answered in half an hour and marked a lead: neither changes a figure.
    assert kpis.compute(YEAR, director).figures["inquiries_answered_in_time"].value == 50.0
    Inquiry.objects.filter(pk=world.spam.pk).update(status="answered", spam_reason="")
    released = kpis.compute(YEAR, director)
    assert released.figures["inquiries"].value == 7
    assert released.figures["inquiry_leads"].value == 4


def test_local_days_decide_the_period(world, director):
    received = set(kpis.records("inquiries", YEAR, director))
    # 00:30 on 1 January and 23:30 on 31 December, Düsseldorf time, are 2025's.
    assert {world.first, world.last} <= received
    # 23:59 on 31 December 2024 is 2024's, midnight on 1 January 2026 (UTC: 2025) 2026's.
    assert not {world.of_2024, world.of_2026} & received
    assert set(kpis.records("inquiries", Period.year(2024), director)) == {
        world.of_2024,
        world.unanswered_2024,
    }
    assert set(kpis.records("inquiries", Period.year(2026), director)) == {world.of_2026}
    new_year = Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    assert set(kpis.records("inquiries", new_year, director)) == {world.first}
    # The period before that one day is 31 December, with the inquiry of 23:59.
    assert kpis.compute(new_year, director).figures["inquiries"].previous == 1


def test_the_records_of_each_figure(world, director):
    def records(name, **breakdown):
        return set(kpis.records(name, YEAR, director, **breakdown))

    assert records("inquiries_answered_in_time") == {world.first, world.won_on_hold, world.last}
    answered = {world.first, world.late_lead, world.won_on_hold, world.deskless, world.last}
    assert records("response_time_median") == records("response_time_p90") == answered
    assert records("inquiry_leads") == {world.first, world.late_lead, world.won_on_hold}
    assert records("inquiry_leads_won") == {world.first, world.won_on_hold}
    assert records("inquiry_conversion") == records("inquiries")
    assert records("inquiry_conversion", stage="won") == records("inquiry_leads_won")
    assert records("inquiries", language="en") == {world.late_lead, world.won_on_hold}
    # A desk's bar is the desk's inquiries, as the report of that desk counts them.
    japan = world.first.desk
    assert records("inquiries", responsible_desk=japan.pk) == {
        world.first,
        world.late_lead,
        world.last,
    }
    assert records("inquiries", responsible_desk=japan.pk) == set(
        kpis.records("inquiries", YEAR, director, japan)
    )


def test_one_desk(world, japan_officer, japan_desk, india_desk):
    report = kpis.compute(YEAR, japan_officer, desk=japan_desk)
    assert figures(report) == {
        "inquiries": (3, 1),
        "inquiries_answered_in_time": (66.7, 100.0),
        "response_time_median": (2.0, 6.0),
        "response_time_p90": (10.0, 6.0),
        "inquiry_leads": (2, 1),
        "inquiry_leads_won": (1, 1),
        "inquiry_conversion": (33.3, 100.0),
    }
    assert bars(report, "inquiries", "responsible_desk") == {japan_desk.pk: 3}
    assert bars(report, "inquiries", "country") == {"JP": 2, "CN": 1}
    # Desk staff see every desk's inquiries, as in the list.
    india = kpis.compute(YEAR, japan_officer, desk=india_desk)
    assert figures(india, ["inquiries", "inquiry_leads_won"]) == {
        "inquiries": (2, 1),
        "inquiry_leads_won": (1, 0),
    }
    assert report.figures["inquiries"].url.endswith(f"&desk={japan_desk.pk}")


def test_partner_viewers_get_none_of_them(world, partner_viewer, japan_desk):
    for desk in (None, japan_desk):
        report = kpis.compute(YEAR, partner_viewer, desk=desk)
        assert not set(INQUIRY_FIGURES) & set(report.figures)
    for name in INQUIRY_FIGURES:
        assert not kpis.records(name, YEAR, partner_viewer).exists()


# --- From each figure to its records


def drill_downs(report):
    """(name, breakdown, url, figure or bar value, unit) for every figure and bar of
    inquiries."""
    for name in INQUIRY_FIGURES:
        figure = report.figures[name]
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
        key = (name, tuple(*breakdown.items()))
        assert url == kpis.records_url(name, YEAR, desk=desk, **breakdown)
        assert url is not None, key
        records = kpis.records(name, YEAR, user, desk=desk, **breakdown)
        assert listed(client, url) == records.count(), (name, breakdown, url)
        if unit == kpis.Unit.COUNT:
            assert records.count() == value, (name, breakdown)
        checked.add(key)
    assert set(INQUIRY_FIGURES) <= {name for name, _breakdown in checked}


def test_the_lists_of_the_inquiries_and_their_bars(world, client, director, japan_desk):
    client.force_login(director)
    assert kpis.records_url("inquiries", YEAR) == (
        "/inquiries/?received_after=2025-01-01&received_before=2025-12-31"
    )
    assert listed(client, kpis.records_url("inquiries", YEAR)) == 6
    assert listed(client, kpis.records_url("inquiries", YEAR, country="JP")) == 2
    assert listed(client, kpis.records_url("inquiries", YEAR, language="en")) == 2
    assert listed(client, kpis.records_url("inquiries", YEAR, desk=japan_desk.pk)) == 3
    assert listed(client, kpis.records_url("inquiries", Period.year(2024))) == 2
    assert kpis.records_url("inquiries_answered_in_time", YEAR).endswith("&answered_in_time=true")
    assert listed(client, kpis.records_url("inquiries_answered_in_time", YEAR)) == 3
    assert kpis.records_url("inquiry_leads", YEAR).endswith("&outcome=lead")
    assert listed(client, kpis.records_url("inquiry_leads", YEAR)) == 3
    assert listed(client, kpis.records_url("inquiry_conversion", YEAR, stage="lead")) == 3


def test_the_reply_and_win_figures_link_to_the_filtered_list(world, client, director):
    client.force_login(director)
    assert kpis.records_url("response_time_median", YEAR) == (
        "/inquiries/?received_after=2025-01-01&received_before=2025-12-31&answered=true"
    )
    assert kpis.records_url("inquiry_leads_won", YEAR).endswith("&outcome=lead&project_reached=won")
    assert kpis.records_url("inquiry_conversion", YEAR, stage="won").endswith(
        "&outcome=lead&project_reached=won"
    )
    for name in ("response_time_median", "inquiry_leads_won"):
        expected = kpis.records(name, YEAR, director).count()
        assert listed(client, kpis.records_url(name, YEAR)) == expected, name


# --- The dashboard and the API


def card_values(html):
    """{figure name: the value its card shows}."""
    cards = re.findall(
        r'<li class="kpi" id="kpi-(\w+)">.*?<p class="kpi-value">(?:<a [^>]*>)?(.*?)(?:</a>)?</p>',
        html,
        re.DOTALL,
    )
    return dict(cards)


def chart_table(html, slug):
    """{row label: count} of a chart's table."""
    panel = re.search(rf'id="chart-{slug}".*?</section>', html, re.DOTALL).group(0)
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?(.*?)(?:</a>)?</th>\s*<td class="number">(.*?)</td>',
        panel,
    )
    return {label: int(count) for label, count in rows}


def test_the_dashboard_shows_them(world, client, director):
    client.force_login(director)
    html = client.get(URL, {"year": 2025}).content.decode()
    shown = card_values(html)
    assert {name: shown[name] for name in INQUIRY_FIGURES} == {
        "inquiries": "6",
        "inquiries_answered_in_time": "50 %",
        "response_time_median": "4.5 hours",
        "response_time_p90": "22.8 hours",
        "inquiry_leads": "3",
        "inquiry_leads_won": "2",
        "inquiry_conversion": "33.3 %",
    }
    countries = kpis.compute(YEAR, director).figures["inquiries"].breakdowns["country"].bars
    assert chart_table(html, "inquiries-by-country") == {bar.label: bar.value for bar in countries}
    assert [bar.label for bar in countries][:2] == ["India", "Japan"]  # equal: by name
    assert chart_table(html, "inquiries-by-language")["English"] == 2
    assert chart_table(html, "inquiries-by-desk") == {"Japan Desk": 3, "India Desk": 2}
    assert chart_table(html, "inquiry-funnel") == {"received": 6, "lead": 3, "won": 2}


def test_the_dashboard_draws_them_only_for_a_period_with_inquiries(world, client, director):
    client.force_login(director)
    slugs = [chart.slug for chart in client.get(URL, {"year": 2025}).context["charts"]]
    assert slugs[-4:] == [
        "inquiries-by-country",
        "inquiries-by-language",
        "inquiries-by-desk",
        "inquiry-funnel",
    ]
    before = client.get(URL, {"year": 2023})
    assert card_values(before.content.decode())["inquiries"] == "0"
    assert not [chart for chart in before.context["charts"] if "inquir" in chart.slug]


def test_the_export_has_them(world, client, director):
    client.force_login(director)
    export = client.get(URL, {"year": 2025, "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    kpi_rows = {row[1]: row[2:4] for row in rows if row[0] == "KPIs"}
    assert kpi_rows["Inquiries"] == ["6", "2"]
    assert kpi_rows["Median working hours to the first reply"] == ["4.5", "6.0"]
    funnel = [row[1:3] + row[7:] for row in rows if row[0].startswith("Conversion inquiry")]
    assert funnel == [["received", "6", ""], ["lead", "3", "50.0"], ["won", "2", "66.7"]]


def test_the_dashboard_of_a_partner_viewer_has_none_of_them(world, client, partner_viewer):
    client.force_login(partner_viewer)
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    assert not set(INQUIRY_FIGURES) & set(card_values(html))
    assert 'id="chart-inquiries-by-country"' not in html
    assert 'id="chart-inquiry-funnel"' not in html


def test_the_api_gives_them(world, director, japan_desk):
    api = APIClient()
    api.force_authenticate(director)
    answer = api.get("/api/v1/kpis", {"from": "2025-01-01", "to": "2025-12-31"})
    assert answer.status_code == 200
    data = answer.json()["figures"]
    assert {name: (data[name]["value"], data[name]["previous"]) for name in INQUIRY_FIGURES} == (
        figures(kpis.compute(YEAR, director))
    )
    assert data["response_time_p90"]["unit"] == "hours"
    assert "answered=true" in data["response_time_median"]["url"]
    assert "project_reached=won" in data["inquiry_leads_won"]["url"]
    by_desk = data["inquiries"]["breakdowns"]["responsible_desk"]["bars"]
    assert [(bar["key"], bar["value"]) for bar in by_desk] == [
        (str(japan_desk.pk), 3),
        (str(world.won_on_hold.desk_id), 2),
    ]
    funnel = data["inquiry_conversion"]["breakdowns"]["stage"]["bars"]
    assert [(bar["key"], bar["value"], bar["share"]) for bar in funnel] == [
        ("received", 6, None),
        ("lead", 3, 50.0),
        ("won", 2, 66.7),
    ]
    one_desk = api.get("/api/v1/kpis", {"from": "2025-01-01", "to": "2025-12-31", "desk": 999999})
    assert one_desk.status_code == 400


def test_the_api_gives_a_partner_viewer_none_of_them(world, partner_viewer):
    api = APIClient()
    api.force_authenticate(partner_viewer)
    data = api.get("/api/v1/kpis", {"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert not set(INQUIRY_FIGURES) & set(data["figures"])


# --- Queries


def inquiry_queries(user, **options):
    """The queries `compute` makes of the inquiries table."""
    with CaptureQueriesContext(connection) as queries:
        kpis.compute(YEAR, user, **options)
    return [query["sql"] for query in queries if "inquiries_inquiry" in query["sql"]]


def test_a_handful_of_queries_however_many_inquiries(
    world, director, japan_desk, django_assert_max_num_queries
):
    # The totals and the response times, each for the period and the one before, and the
    # three breakdowns.
    assert len(inquiry_queries(director)) == 2 + 2 + 3
    before = len(inquiry_queries(director))
    for day in range(1, 21):
        inquiry(
            moment(2025, 8, day), country="JP", language="ja", desk=japan_desk, hours=float(day)
        )
    assert len(inquiry_queries(director)) == before
    assert len(inquiry_queries(director, breakdowns=set())) == 4
    with django_assert_max_num_queries(40):
        kpis.compute(YEAR, director)
