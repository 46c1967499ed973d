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


@pytest.mark.parametrize("depth", [100_000, 33])
def test_deeply_nested_json_is_400(api, depth):
    body = "[" * depth + "]" * depth
    response = api.generic("POST", "/api/v1/companies/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_json_nested_as_deep_as_allowed_is_read(api):
    body = '{"legal_name": "X", "country": "JP", "names": ' + "[" * 31 + "]" * 31 + "}"
    response = api.generic("POST", "/api/v1/companies/", body, content_type="application/json")
    assert response.status_code == 400
    assert "names" in response.json()


@pytest.mark.parametrize(
    "query, count",
    [
        ("limit=99999999999999999999", 2),
        ("limit=3", 2),
        ("limit=1", 1),
        ("limit=-1", 2),
        ("limit=0", 2),
        ("limit=abc", 2),
        ("offset=-5", 2),
        ("offset=99999999999999999999", 0),
        ("offset=abc", 2),
    ],
)
def test_api_page_size_is_capped(api, japan_desk, monkeypatch, query, count):
    from pocketworld.core.api import pagination

    monkeypatch.setattr(pagination.BoundedLimitOffsetPagination, "max_limit", 2)
    monkeypatch.setattr(pagination.BoundedLimitOffsetPagination, "default_limit", 2)
    for number in range(3):
        CompanyFactory(legal_name=f"Company {number}")
    response = api.get(f"/api/v1/companies/?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize(
    "tags",
    [["x" * 50_000], ["x" * 101], [f"tag{number}" for number in range(51)]],
)
def test_tags_longer_than_their_column_are_400(api, japan_desk, tags):
    response = api.post(
        "/api/v1/companies/", {"legal_name": "X", "country": "JP", "tags": tags}, format="json"
    )
    assert response.status_code == 400 and "tags" in response.json()


def test_filter_texts_longer_than_any_name_are_400(api):
    response = api.get("/api/v1/companies/?q=" + "x" * 60_000)
    assert response.status_code == 400 and "q" in response.json()


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "1e400", "-1"])
def test_ids_beyond_the_database_in_the_address_are_not_found(administrator, value):
    from pocketworld.api.urls import router

    # The administrator, who reaches every endpoint (the audit log's too).
    api = APIClient()
    api.force_authenticate(administrator)
    for prefix, _viewset, _basename in router.registry:
        response = api.get(f"/api/v1/{prefix}/{value}/")
        assert response.status_code == 404, prefix


@pytest.mark.parametrize("value", [10**30, -(10**30), "1e400"])
def test_ids_beyond_the_database_are_not_a_valid_choice(api, japan_desk, value):
    response = api.post(
        "/api/v1/events/",
        {
            "kind": "trade_fair",
            "title": "Fair",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
            "country": "JP",
            "desks": [value],
            "partners": [value],
            "leader": value,
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"desks", "partners", "leader"} <= set(response.json())


def test_the_browsable_api_shows_its_forms_to_writers(client, administrator, japan_desk):
    from pocketworld.api.urls import router

    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    PersonFactory(desk=japan_desk)
    # The administrator, who reaches every endpoint (the audit log's too).
    client.force_login(administrator)
    for prefix, _viewset, _basename in router.registry:
        response = client.get(f"/api/v1/{prefix}/", HTTP_ACCEPT="text/html")
        assert response.status_code == 200, prefix
    page = client.get(f"/api/v1/companies/{company.pk}/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert f'<option value="{japan_desk.pk}"' in page.content.decode()


def test_the_openapi_document_and_its_pages_need_sign_in(client, partner_viewer):
    from django.urls import reverse

    from pocketworld.accounts.models import APIToken

    assert client.get("/api/v1/openapi.json").status_code == 401
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs.url.startswith(reverse("accounts:login"))
    _token, key = APIToken.issue(partner_viewer)
    response = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    client.force_login(partner_viewer)
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.parametrize(
    "url, payload, field",
    [
        ("/api/v1/companies/", {"legal_name": "Evil\u202egnp.exe", "country": "JP"}, "legal_name"),
        (
            "/api/v1/companies/",
            {"legal_name": "X", "country": "JP", "names": [{"name": "東芝\u2066"}]},
            "names",
        ),
        ("/api/v1/partners/", {"name": "JETRO\u200e", "kind": "chamber"}, "name"),
    ],
)
def test_names_with_control_characters_are_400_at_the_field(api, japan_desk, url, payload, field):
    response = api.post(url, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_null_characters_are_400_at_their_field_on_every_database(japan_desk, japan_officer):
    """PostgreSQL stores no NUL character: a lookup with one must be refused, not sent."""
    from pocketworld.core.testing import api_of

    api = api_of(japan_officer)
    response = api.post(
        "/api/v1/companies/", {"legal_name": "X", "country": "J\u0000"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"country"}
    response = api.post(
        "/api/v1/companies/",
        {"legal_name": "X", "country": "JP", "tags": ["a\u0000"]},
        format="json",
    )
    assert response.status_code == 400 and "tags" in response.json()
    assert api.get("/api/v1/countries/a%00b/").status_code == 404
    assert api.get("/api/v1/countries/JP/").status_code == 200
