"""GET /api/v1/search: the format the issue asks for, the same permissions, 400s."""

import pytest
from rest_framework.test import APIClient

from pocketworld.companies.models import CompanyName
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.fixture
def toshiba(japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyName.objects.create(company=company, name="東芝", language_id="ja")
    return company


def test_results(japan_officer, toshiba):
    response = api(japan_officer).get(
        "/api/v1/search", {"q": "東芝", "type": "company", "limit": 10}
    )
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result == {
        "type": "company",
        "id": toshiba.pk,
        "name": "Toshiba Europe GmbH",
        "matched_name": result["matched_name"],
        "country": "JP",
        "score": result["score"],
        "url": f"/companies/{toshiba.pk}/",
        "withheld": False,
    }
    assert result["matched_name"] in ("東芝", "Toshiba Europe GmbH")
    assert 0.9 <= result["score"] <= 1


def test_all_kinds_and_the_limit(japan_officer, toshiba):
    PersonFactory(given_name="Toshiro", family_name="Mifune")
    for number in range(5):
        CompanyFactory(legal_name=f"Toshimura Denki {number} K.K.")
    results = api(japan_officer).get("/api/v1/search", {"q": "toshi", "limit": 3}).json()["results"]
    assert len(results) == 3
    results = api(japan_officer).get("/api/v1/search", {"q": "toshiro"}).json()["results"]
    assert [result["type"] for result in results] == ["person"]


def test_partner_viewers_find_no_people(partner_viewer, toshiba):
    PersonFactory(given_name="Toshiro", family_name="Mifune")
    results = api(partner_viewer).get("/api/v1/search", {"q": "toshi"}).json()["results"]
    assert {result["type"] for result in results} == {"company"}
    results = api(partner_viewer).get("/api/v1/search", {"q": "toshi", "type": "person"})
    assert results.json()["results"] == []


def test_bad_input_is_400_per_field(japan_officer):
    response = api(japan_officer).get("/api/v1/search", {"type": "spaceship", "limit": 99})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"q", "type", "limit"}
    assert "spaceship" in errors["type"][0]
    response = api(japan_officer).get("/api/v1/search", {"q": "x", "desk": 2**70})
    assert response.status_code == 400 and "desk" in response.json()


def test_needs_a_user(toshiba):
    assert api(None).get("/api/v1/search", {"q": "toshiba"}).status_code in (401, 403)


def test_documented_in_the_openapi_schema(japan_officer):
    schema = api(japan_officer).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "type", "limit"}
    assert "SearchHit" in schema["components"]["schemas"]
