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


def list_page_urls(patterns=None, prefix=""):
    """Every page the generic list view serves, found in the URL configuration."""
    from django.urls import URLPattern, get_resolver

    from pocketworld.core.views import ObjectListView

    urls = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ObjectListView) and not pattern.pattern.converters:
                urls.append("/" + prefix + str(pattern.pattern))
        else:
            urls += list_page_urls(pattern.url_patterns, prefix + str(pattern.pattern))
    return urls


BAD_PAGES = [
    "per_page=-1",
    "per_page=0",
    "per_page=99999999999999999999999",
    "per_page=abc",
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999999999999999",
    "page=1e400",
    "per_page=-1&page=-1",
]


@pytest.mark.parametrize("query", BAD_PAGES)
def test_any_page_and_page_size_is_a_page_not_an_error(client, administrator, japan_desk, query):
    # The administrator, who sees every list (the audit log too).
    CompanyFactory.create_batch(3)
    client.force_login(administrator)
    urls = list_page_urls() + [f"/desks/{japan_desk.pk}/"]
    assert "/companies/" in urls and "/events/" in urls
    for url in urls:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "query, per_page, page, rows",
    [
        ("per_page=2", 2, 1, 2),
        ("per_page=-1", 1, 1, 1),
        ("per_page=1000000", 100, 1, 3),
        ("per_page=2&page=-3", 2, 1, 2),
        ("per_page=2&page=999", 2, 2, 1),
        ("per_page=2&page=abc", 2, 1, 2),
    ],
)
def test_page_size_and_page_are_kept_within_bounds(client, director, query, per_page, page, rows):
    CompanyFactory.create_batch(3)
    client.force_login(director)
    table = client.get(f"/companies/?{query}").context["table"]
    assert table.paginator.per_page == per_page
    assert table.page.number == page and len(table.page.object_list) == rows


def url_patterns(patterns=None, prefix=""):
    """(path, view) of every URL of the project."""
    from django.urls import URLPattern, get_resolver

    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLPattern):
            found.append(("/" + prefix + str(pattern.pattern), pattern.callback))
        else:
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
    return found


OUT_OF_RANGE_IDS = ["99999999999999999999999", "-99999999999999999999"]


def test_ids_beyond_the_database_are_not_a_valid_choice_in_any_form(client, administrator):
    from django import forms

    from pocketworld.core.views import ObjectEditView

    client.force_login(administrator)
    checked = set()
    for path, callback in url_patterns():
        view = getattr(callback, "view_class", None)
        if not (view and issubclass(view, ObjectEditView)) or "<" in path:
            continue
        names = [
            name
            for name, field in view.form_class.base_fields.items()
            if isinstance(field, forms.ModelChoiceField)
        ]
        for value in OUT_OF_RANGE_IDS:
            response = client.post(path, dict.fromkeys(names, value))
            assert response.status_code == 200, (path, value)
            errors = response.context["form"].errors
            assert [name for name in names if name not in errors] == [], (path, value)
        checked.update(names)
    assert {"focus_areas", "sectors", "desks", "partners", "team", "people"} <= checked


def test_ids_beyond_the_database_in_the_address_are_not_found(client, administrator):
    client.force_login(administrator)
    paths = [path for path, _callback in url_patterns() if "<int:pk>" in path]
    assert "/companies/<int:pk>/" in paths
    for path in paths:
        url = path.replace("<int:pk>", "99999999999999999999999")
        if "<" not in url:
            # 403: a page closed to everyone (the admin's QR code of a second factor).
            assert client.get(url).status_code in (403, 404, 405), url


@pytest.mark.parametrize(
    "tags, error",
    [
        ("x" * 50_000, "at most 100 characters, not 50000"),
        ("short, " + "x" * 101, "at most 100 characters, not 101"),
        (",".join(f"tag{number}" for number in range(51)), "at most 50 tags, not 51"),
    ],
)
def test_tags_longer_than_their_column_are_an_error_at_the_field(
    client, director, japan_desk, tags, error
):
    from taggit.models import Tag

    client.force_login(director)
    response = client.post(
        "/companies/add/",
        {"legal_name": "X GmbH", "country": "JP", "status": "prospect", "tags": tags},
    )
    assert response.status_code == 200
    assert error in response.context["form"].errors["tags"][0]
    assert not Tag.objects.exists()


def test_a_tag_as_long_as_its_column_is_kept(client, director, japan_desk):
    from pocketworld.companies.models import Company

    client.force_login(director)
    response = client.post(
        "/companies/add/",
        {"legal_name": "X GmbH", "country": "JP", "status": "prospect", "tags": "x" * 100},
    )
    assert response.status_code == 302
    assert list(Company.objects.get().tags.names()) == ["x" * 100]


@pytest.mark.parametrize("query", ["q=", "postcode=", "lei="])
def test_filter_texts_longer_than_any_name_are_a_filter_error(client, director, query):
    client.force_login(director)
    url = "/sites/" if query == "postcode=" else "/companies/"
    response = client.get(url + "?" + query + "x" * 60_000)
    assert response.status_code == 200
    assert "Please correct the filters." in response.content.decode()
