"""API behaviour beyond the generic per-model tests: shape, filters, schema, bad input."""

import pytest
from rest_framework.test import APIClient

from pocketworld.companies.models import Company
from pocketworld.core.models import Sector
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(director):
    client = APIClient()
    client.force_authenticate(director)
    return client


def test_openapi_document(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/companies/" in schema["paths"]
    assert "bearerAuth" in schema["components"]["securitySchemes"]


def test_company_json_carries_names_country_desk_status_sites(api, japan_desk):
    company = CompanyFactory(legal_name="Samsung Electronics GmbH", country_id="KR")
    company.names.create(name="삼성전자", language_id="ko")
    SiteFactory(company=company)
    data = api.get(f"/api/v1/companies/{company.pk}/").json()
    assert data["names"] == [
        {
            "name": "삼성전자",
            "kind": "native",
            "language": "ko",
            "script": "Kore",
            "valid_until": None,
        }
    ]
    assert data["country"] == "KR"
    assert data["desk"] is None  # no desk covers Korea in this world
    assert data["status"] == "prospect"
    assert data["sites"][0]["municipality"] == "Düsseldorf"


def test_create_company_with_names_derives_the_desk(api, japan_desk):
    response = api.post(
        "/api/v1/companies/",
        {
            "legal_name": "Asahi Kasei Europe GmbH",
            "country": "JP",
            "names": [{"name": "旭化成株式会社", "language": "ja"}],
            "sectors": ["20"],
            "focus_areas": ["greentech"],
            "tags": ["aftercare"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["desk"]["display"] == "Japan Desk"
    assert data["names"][0]["script"] == "Jpan"
    assert data["tags"] == ["aftercare"]
    company = Company.objects.get(pk=data["id"])
    assert list(company.sectors.values_list("code", flat=True)) == ["20"]


def test_update_replaces_names_and_keeps_unchanged_ones(api, japan_desk):
    company = CompanyFactory()
    kept = company.names.create(name="東芝", language_id="ja")
    company.names.create(name="Old name", kind="former")
    response = api.patch(
        f"/api/v1/companies/{company.pk}/",
        {"names": [{"name": "東芝", "language": "ja"}, {"name": "Toshiba", "kind": "trade"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert sorted(company.names.values_list("name", flat=True)) == ["Toshiba", "東芝"]
    assert company.names.get(name="東芝").pk == kept.pk


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"legal_name": "X", "country": "XX"}, "country"),
        ({"legal_name": "X"}, "country"),
        ({"legal_name": "X", "country": "JP", "status": "bankrupt"}, "status"),
        ({"legal_name": "X", "country": "JP", "lei": "12345"}, "lei"),
        ({"legal_name": "X", "country": "JP", "sectors": ["ZZ"]}, "sectors"),
        ({"legal_name": "X", "country": "JP", "employees_region": -1}, "employees_region"),
        (
            {"legal_name": "X", "country": "JP", "employees_region": 9, "employees_worldwide": 2},
            "employees_region",
        ),
        ({"legal_name": "X", "country": "JP", "names": [{"name": "A"}, {"name": "A"}]}, "names"),
        ({"legal_name": "X", "country": "JP", "website": "not a url"}, "website"),
        ({"legal_name": "", "country": "JP"}, "legal_name"),
    ],
)
def test_bad_company_input_is_400_at_the_field(api, japan_desk, payload, field):
    before = Company.objects.count()
    response = api.post("/api/v1/companies/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Company.objects.count() == before


def test_duplicate_lei_is_400(api, japan_desk):
    CompanyFactory(lei="7LTWFZYICNSX8D621K86")
    response = api.post(
        "/api/v1/companies/",
        {"legal_name": "Y", "country": "DE", "lei": "7LTWFZYICNSX8D621K86"},
        format="json",
    )
    assert response.status_code == 400 and "lei" in response.json()


def test_malformed_json_is_400(api):
    response = api.generic(
        "POST", "/api/v1/companies/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_filters_match_the_ui(api, japan_desk, india_desk):
    toshiba = CompanyFactory(legal_name="Toshiba Europe GmbH", status="settled")
    toshiba.names.create(name="東芝")
    toshiba.sectors.add(Sector.objects.get(code="26"))
    CompanyFactory(legal_name="Tech Mahindra GmbH", country_id="IN", status="settled")
    CompanyFactory(legal_name="Prospect KK", status="prospect")

    def names(query):
        response = api.get(f"/api/v1/companies/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(item["legal_name"] for item in response.json()["results"])

    assert names("q=東芝") == ["Toshiba Europe GmbH"]
    assert names("country=IN") == ["Tech Mahindra GmbH"]
    assert names(f"desk={japan_desk.pk}&status=settled") == ["Toshiba Europe GmbH"]
    assert names("sector=C") == ["Toshiba Europe GmbH"]  # a section finds its divisions
    assert names("sector=26") == ["Toshiba Europe GmbH"]
    assert names("municipality=051110000") == []
    SiteFactory(company=toshiba)
    assert names("municipality=051110000") == ["Toshiba Europe GmbH"]


def test_unknown_filter_value_is_400_not_500(api):
    response = api.get("/api/v1/companies/?country=XX")
    assert response.status_code == 400
    assert "country" in response.json()


def test_pagination(api, japan_desk):
    for number in range(5):
        CompanyFactory(legal_name=f"Company {number}")
    data = api.get("/api/v1/companies/?limit=2").json()
    assert data["count"] == 5 and len(data["results"]) == 2 and data["next"]


def test_partner_viewer_finds_no_people(partner_viewer, japan_desk):
    PersonFactory(desk=japan_desk)
    client = APIClient()
    client.force_authenticate(partner_viewer)
    assert client.get("/api/v1/people/").json()["count"] == 0
    assert client.get("/api/v1/positions/").json()["count"] == 0
    assert client.get("/api/v1/companies/").status_code == 200


def test_reference_data_is_read_only(api):
    from pocketworld.core.models import Country

    response = api.delete("/api/v1/countries/JP/")
    assert response.status_code == 405
    assert Country.objects.filter(code="JP").exists()


@pytest.mark.parametrize(
    "query",
    [
        "desk=1085415863212966215155712",
        "desk=-99999999999999999999",
        "desk_override=99999999999999999999999",
        "parent=1e400",
        "employees_region_min=1e30",
    ],
)
def test_numbers_beyond_the_database_are_400_not_500(api, query):
    response = api.get(f"/api/v1/companies/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"parent": 10**30}, "parent"),
        ({"desk_override": -(10**30)}, "desk_override"),
        ({"employees_region": 10**30}, "employees_region"),
        ({"names": "東芝"}, "names"),
        ({"tags": 5}, "tags"),
        ({"focus_areas": [None]}, "focus_areas"),
    ],
)
def test_wrong_types_and_sizes_are_400(api, japan_desk, payload, field):
    response = api.post(
        "/api/v1/companies/", {"legal_name": "X", "country": "JP", **payload}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
