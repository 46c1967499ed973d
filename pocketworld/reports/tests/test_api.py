"""GET /api/v1/kpis: the figures of `kpis.compute`, its defaults, 400s and permissions."""

import datetime
import json

import pytest
import time_machine
from rest_framework.test import APIClient

from pocketworld.reports import kpis
from pocketworld.reports.kpis import Period
from pocketworld.reports.tests.factories import build_world

pytestmark = pytest.mark.django_db

YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


def api(user):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(japan_desk, india_desk, japan_officer):
    return build_world(japan_desk, india_desk, japan_officer)


def as_json(report):
    return json.loads(json.dumps(report.as_dict()))


def test_the_figures_are_those_of_the_kpi_module(world, director):
    response = api(director).get("/api/v1/kpis", YEAR_2025)
    assert response.status_code == 200
    data = response.json()
    assert data == as_json(kpis.compute(Period.year(2025), director))
    assert data["previous_period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert data["desk"] is None
    won = data["figures"]["won"]
    assert (won["value"], won["previous"]) == (2, 1)
    assert won["url"].startswith("/projects/?reached=won&reached_after=2025-01-01")
    events = data["figures"]["events"]
    assert (events["value"], events["previous"]) == (6, 3)
    assert events["url"] == "/events/?starts_after=2025-01-01&starts_before=2025-12-31"
    assert data["figures"]["matches"]["url"] is None


def test_a_quarter(world, director):
    response = api(director).get("/api/v1/kpis", {"from": "2025-01-01", "to": "2025-03-31"})
    data = response.json()
    assert data["previous_period"] == {"from": "2024-10-01", "to": "2024-12-31"}
    assert data == as_json(kpis.compute(Period.quarter(2025, 1), director))
    assert (data["figures"]["leads"]["value"], data["figures"]["leads"]["previous"]) == (3, 2)


def test_the_current_calendar_year_by_default(world, director):
    with time_machine.travel(datetime.datetime(2025, 8, 1, 12, tzinfo=datetime.UTC)):
        data = api(director).get("/api/v1/kpis").json()
        assert data["period"] == YEAR_2025
        only_from = api(director).get("/api/v1/kpis", {"from": "2025-07-01"}).json()
        assert only_from["period"] == {"from": "2025-07-01", "to": "2025-12-31"}
    assert data["figures"]["won"]["value"] == 2


def test_one_desk(world, japan_officer, japan_desk):
    response = api(japan_officer).get("/api/v1/kpis", {**YEAR_2025, "desk": japan_desk.pk})
    data = response.json()
    assert data == as_json(kpis.compute(Period.year(2025), japan_officer, desk=japan_desk))
    assert data["desk"] == {"id": japan_desk.pk, "name": "Japan Desk"}
    assert data["figures"]["leads"]["value"] == 3  # of 4 on all desks
    assert f"desk={japan_desk.pk}" in data["figures"]["leads"]["url"]


@pytest.mark.parametrize(
    "query, errors",
    [
        ({"from": "2025-13-01"}, {"from"}),
        ({"to": "31.12.2025"}, {"to"}),
        ({"from": "2025-02-01", "to": "2025-01-31"}, {"to"}),
        ({"from": "0001-01-01", "to": "9999-12-31"}, {"from", "to"}),
        ({"desk": "japan"}, {"desk"}),
        ({"desk": 999999}, {"desk"}),
        ({"desk": 2**70}, {"desk"}),
        ({"from": "x", "desk": "y"}, {"from", "desk"}),
    ],
)
def test_bad_input_is_400_per_field(director, japan_desk, query, errors):
    response = api(director).get("/api/v1/kpis", query)
    assert response.status_code == 400
    assert set(response.json()) == errors
    assert all(isinstance(message, str) for field in errors for message in response.json()[field])


def test_a_period_ending_before_it_starts_says_so(director):
    response = api(director).get("/api/v1/kpis", {"from": "2025-02-01", "to": "2025-01-31"})
    assert response.json() == {"to": ["The period ends before it starts (2025-02-01)."]}


def test_partner_viewers_get_no_figures_of_internal_work(world, partner_viewer):
    response = api(partner_viewer).get("/api/v1/kpis", YEAR_2025)
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert set(figures) == {
        "aftercare_companies",
        "foreign_companies",
        "events",
        "delegations_received",
    }
    assert figures["foreign_companies"]["value"] == 4
    assert figures["events"]["value"] == 6


def test_needs_a_user(world):
    assert api(None).get("/api/v1/kpis", YEAR_2025).status_code in (401, 403)


def test_documented_in_the_openapi_schema(director):
    schema = api(director).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/kpis"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"from", "to", "desk"}
    report = schema["components"]["schemas"]["KPIReport"]
    assert set(report["properties"]) == {"period", "previous_period", "desk", "figures"}
    figure = schema["components"]["schemas"]["KPIFigure"]
    assert {"value", "previous", "url", "breakdowns"} <= set(figure["properties"])
