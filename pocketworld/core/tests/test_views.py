"""Behaviour of the generic list view beyond the per-model tests: export, filters, htmx."""

import csv
import io

import pytest

from pocketworld.core.tests.factories import CompanyFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_csv_export_respects_filters_and_neutralizes_formulas(client, director, japan_desk):
    CompanyFactory(legal_name="=cmd|' /C calc'!A0")
    CompanyFactory(legal_name="Toshiba Europe GmbH", status="settled")
    client.force_login(director)
    response = client.get("/companies/?status=prospect&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "legal name"
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0"]


def test_htmx_request_gets_only_the_table(client, director, japan_desk):
    CompanyFactory(legal_name="Komatsu Europe")
    client.force_login(director)
    response = client.get("/companies/?q=komatsu", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Komatsu Europe" in content and "<html" not in content
    full = client.get("/companies/?q=komatsu").content.decode()
    assert "<html" in full and "Komatsu Europe" in full


def test_list_filters_by_municipality_and_tag(client, director, japan_desk):
    ratingen = CompanyFactory(legal_name="Boston Scientific Medizintechnik GmbH")
    SiteFactory(company=ratingen, municipality_id="051580028")
    tagged = CompanyFactory(legal_name="Rakuten Symphony Europe")
    tagged.tags.add("Open RAN")
    client.force_login(director)
    content = client.get("/companies/?municipality=051580028").content.decode()
    assert "Boston Scientific" in content and "Rakuten" not in content
    content = client.get("/companies/?tag=open-ran").content.decode()
    assert "Rakuten" in content and "Boston Scientific" not in content


def test_invalid_filter_shows_a_message_not_an_error_page(client, director):
    client.force_login(director)
    response = client.get("/companies/?country=XX")
    assert response.status_code == 200
    assert "Please correct the filters." in response.content.decode()


def test_desk_home_page_lists_its_companies(client, japan_officer, japan_desk, india_desk):
    CompanyFactory(legal_name="Epson Europe B.V.")
    CompanyFactory(legal_name="Tata Consultancy Services", country_id="IN")
    client.force_login(japan_officer)
    home = client.get("/").content.decode()
    assert "My desks" in home and "Japan Desk" in home and "Other desks" in home
    page = client.get(japan_desk.get_absolute_url()).content.decode()
    assert "Epson Europe B.V." in page and "Tata Consultancy" not in page


def test_pages_follow_the_chosen_language(client, japan_officer):
    client.force_login(japan_officer)
    client.post("/i18n/setlang/", {"language": "de", "next": "/companies/"})
    content = client.get("/companies/").content.decode()
    assert 'lang="de"' in content and "Unternehmen" in content


def test_out_of_range_ids_in_filters_are_a_filter_error(client, director):
    client.force_login(director)
    response = client.get("/companies/?desk=1085415863212966215155712&parent=-99999999999999999999")
    assert response.status_code == 200
    assert "Please correct the filters." in response.content.decode()


def test_health_needs_no_sign_in(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_api_docs_are_served_locally(client, director):
    client.force_login(director)
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page and "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
