"""Segments: saved company filters, private or shared, counted live and exported."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from pocketworld.core.testing import EVERYTHING, PERSONAS, APITests, ModelSpec, ViewTests
from pocketworld.core.tests.factories import CompanyFactory, UserFactory
from pocketworld.reports.filtersets import (
    describe_company_filter,
    normalize_company_filter,
    segment_companies,
)
from pocketworld.reports.forms import SegmentForm
from pocketworld.reports.models import Segment

pytestmark = pytest.mark.django_db


def make_segment(owner, name="Japanese companies", query="country=JP", shared=True):
    return Segment.objects.create(owner=owner, name=name, query=query, shared=shared)


class SegmentSpec(ModelSpec):
    """A shared segment of the Japan officer: the team sees it, its owner and directors
    change it, partner viewers never see segments."""

    model = Segment
    url_prefix = "reports:segment"
    api_basename = "segment"
    internal = True
    invalid_field = "query"

    def make_object(self, request):
        return make_segment(request.getfixturevalue("japan_officer"))

    def can_create(self, persona):
        return persona not in ("partner_viewer", "anonymous")

    def can_change(self, persona):
        return persona in EVERYTHING | {"japan_officer"}

    def can_delete(self, persona):
        return self.can_change(persona)

    def form_data(self, request):
        request.getfixturevalue("japan_desk")
        return {"name": "Chinese GreenTech", "description": "", "shared": "on", "query": ""}

    def invalid_form_data(self, request):
        return {**self.form_data(request), "query": "country=XX"}

    def api_data(self, request):
        return {"name": "Chinese GreenTech", "shared": True, "query": "country=CN"}

    def invalid_api_data(self, request):
        return {**self.api_data(request), "query": "country=XX"}

    def changed_field(self):
        return "name", "Japanese manufacturers"

    def existing_form_values(self, obj):
        return {"query": obj.query}


class TestSegmentViews(SegmentSpec, ViewTests):
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_create(self, client, request, persona):
        """Everyone on the team saves segments of their own, whatever their desk."""
        client = self.client_for(client, request, persona)
        response = client.post(self.url("create"), self.form_data(request))
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        elif self.can_create(persona):
            segment = Segment.objects.get()
            assert response.status_code == 302
            assert response["Location"] == segment.get_absolute_url()
            assert segment.owner == request.getfixturevalue(persona)
            assert segment.history.get().history_user == segment.owner
        else:
            assert response.status_code == 403 and not Segment.objects.exists()


class TestSegmentAPI(SegmentSpec, APITests):
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_api_create(self, request, persona):
        client = self.api_client(request, persona)
        response = client.post(self.api_url(), self.api_data(request), format="json")
        if persona == "anonymous":
            assert response.status_code == 401
        elif self.can_create(persona):
            assert response.status_code == 201, response.json()
            assert Segment.objects.get().owner == request.getfixturevalue(persona)
        else:
            assert response.status_code == 403 and not Segment.objects.exists()


# --- the filter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, stored",
    [
        (
            "sector=43&country=CN&sector=27&q=&page=2&sort=-legal_name",
            "country=CN&sector=27&sector=43",
        ),
        ("?focus_area=greentech&country=CN", "country=CN&focus_area=greentech"),
        (
            "http://127.0.0.1:8000/companies/?status=settled&status=prospect",
            "status=prospect&status=settled",
        ),
        ("/companies/?q=%E6%9D%B1%E8%8A%9D", "q=%E6%9D%B1%E8%8A%9D"),
        ("  ", ""),
    ],
)
def test_filter_is_stored_normalized(given, stored):
    assert normalize_company_filter(given) == stored


@pytest.mark.parametrize(
    "query, message",
    [
        ("country=XX", "Country of origin: Select a valid choice."),
        ("sector=ZZ", "Sectors: Select a valid choice."),
        ("employees_region_min=many", "At least employees in the region: Enter a number."),
        ("contry=CN", "The company list has no filter named contry."),
    ],
)
def test_bad_filter_is_an_error_at_the_field(japan_officer, query, message):
    form = SegmentForm({"name": "Typo", "query": query}, instance=Segment(owner=japan_officer))
    assert not form.is_valid()
    assert message in form.errors["query"][0]


def test_form_saves_the_normalized_filter(japan_officer):
    data = {"name": "Chinese GreenTech", "query": "sector=43&focus_area=greentech&country=CN"}
    form = SegmentForm(data, instance=Segment(owner=japan_officer))
    assert form.is_valid(), form.errors
    segment = form.save()
    assert segment.query == "country=CN&sector=43&focus_area=greentech"


def test_filter_reads_as_words(japan_desk):
    described = dict(describe_company_filter("country=CN&status=settled&sector=27&sector=43"))
    assert described["Country of origin"] == "China"
    assert described["Status"] == "settled"
    assert described["Sectors"].startswith("27 ") and ", 43 " in described["Sectors"]
    assert describe_company_filter("desk=999") == [("no longer valid", "desk=999")]


# --- saving from the company list ---------------------------------------------------


def test_save_as_segment_from_the_company_list(client, japan_officer, japan_desk):
    CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyFactory(legal_name="Tata Consultancy Services", country_id="IN")
    client.force_login(japan_officer)
    # The link follows the filter as htmx replaces the table.
    table = client.get("/companies/?country=JP&q=&page=1", HTTP_HX_REQUEST="true")
    link = re.search(r'href="(/segments/add/\?query=[^"]+)"', table.content.decode()).group(1)
    form_page = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="country=JP"' in form_page
    response = client.post(link, {"name": "Japanese companies", "query": "country=JP&q=&page=1"})
    segment = Segment.objects.get()
    assert response.status_code == 302
    assert (segment.owner, segment.query, segment.shared) == (japan_officer, "country=JP", False)
    assert segment_companies(segment, japan_officer).get().legal_name == "Toshiba Europe GmbH"


def test_partner_viewer_is_not_offered_segments(client, partner_viewer, japan_officer):
    make_segment(japan_officer)
    client.force_login(partner_viewer)
    assert "Save as segment" not in client.get("/companies/").content.decode()
    assert "/segments/" not in client.get("/").content.decode()
    assert "Japanese companies" not in client.get("/segments/").content.decode()
    assert client.get("/segments/add/").status_code == 403


# --- live counts and visibility -------------------------------------------------------


def test_list_shows_live_counts_and_who_may_change(client, japan_officer, india_officer, director):
    japanese = make_segment(japan_officer)
    indian = make_segment(india_officer, name="Indian companies", query="country=IN")
    CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyFactory(legal_name="Epson Europe B.V.")
    CompanyFactory(legal_name="Tata Consultancy Services", country_id="IN")
    client.force_login(japan_officer)

    def rows():
        page = client.get("/segments/").content.decode()
        return {
            name: (int(count), "/edit/" in actions)
            for name, count, actions in re.findall(
                r'<tr>\s*<td><a href="/segments/\d+/">([^<]+)</a>.*?'
                r'<td class="number"><a [^>]*>(\d+)</a></td>.*?<td>(.*?)</td>\s*</tr>',
                page,
                re.S,
            )
        }

    assert rows() == {"Japanese companies": (2, True), "Indian companies": (1, False)}
    CompanyFactory(legal_name="Canon Europe")
    assert rows()["Japanese companies"] == (3, True)  # live, not stored
    assert segment_companies(japanese, director).count() == 3
    assert segment_companies(indian, AnonymousUser()).count() == 0  # the viewer's permissions


def test_count_matches_the_company_list(client, director, japan_desk):
    CompanyFactory(legal_name="Toshiba Europe GmbH", status="settled")
    CompanyFactory(legal_name="Toshiba Tec", status="prospect")
    CompanyFactory(legal_name="Epson Europe B.V.", status="settled")
    segment = make_segment(director, query="q=toshiba&status=settled")
    client.force_login(director)
    page = client.get(segment.company_list_url).content.decode()
    assert "1 result" in page and "Toshiba Europe GmbH" in page
    assert segment_companies(segment, director).count() == 1


def test_a_filter_that_no_longer_holds_counts_nothing(japan_officer, japan_desk):
    CompanyFactory()
    segment = make_segment(japan_officer, query=f"desk={japan_desk.pk}")
    assert segment_companies(segment, japan_officer).count() == 1
    segment.query = "desk=999999"
    assert segment_companies(segment, japan_officer).count() == 0


@pytest.mark.parametrize(
    "persona, sees_private",
    [
        ("japan_officer", True),
        ("india_officer", False),
        ("japan_assistant", False),
        ("director", False),  # private stays private
        ("partner_viewer", False),
    ],
)
def test_private_segments_are_their_owners_only(
    client, request, japan_officer, persona, sees_private
):
    private = make_segment(japan_officer, name="My prospects", shared=False)
    shared = make_segment(japan_officer, name="Team prospects", shared=True)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get("/segments/").content.decode()
    assert ("My prospects" in page) == sees_private
    assert ("Team prospects" in page) == (persona != "partner_viewer")
    for action in ["", "edit/", "delete/"]:
        status = client.get(f"{private.get_absolute_url()}{action}").status_code
        assert status == (200 if sees_private else 404)
    assert set(Segment.objects.visible_to(user)) == (
        {private, shared} if sees_private else set() if persona == "partner_viewer" else {shared}
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_editable_by_agrees_with_is_editable_by(request, japan_officer, persona):
    segments = [
        make_segment(japan_officer, shared=True),
        make_segment(japan_officer, shared=False),
        make_segment(request.getfixturevalue("india_officer"), shared=True),
    ]
    user = request.getfixturevalue(persona) or AnonymousUser()
    editable = set(Segment.objects.editable_by(user))
    assert editable == {segment for segment in segments if segment.is_editable_by(user)}


def test_director_changes_shared_segments_of_others(client, director, japan_officer):
    segment = make_segment(japan_officer)
    client.force_login(director)
    response = client.post(
        f"{segment.get_absolute_url()}edit/",
        {"name": "Japan", "query": "country=JP&status=settled", "shared": "on"},
    )
    assert response.status_code == 302
    segment.refresh_from_db()
    assert (segment.owner, segment.name, segment.query) == (
        japan_officer,
        "Japan",
        "country=JP&status=settled",
    )
    page = client.get(segment.get_absolute_url()).content.decode()
    assert "country=JP&amp;status=settled" in page  # in the history, from what to what


def test_edit_shows_the_filter_error_at_the_field(client, japan_officer):
    segment = make_segment(japan_officer)
    client.force_login(japan_officer)
    response = client.post(f"{segment.get_absolute_url()}edit/", {"name": "x", "query": "desk=abc"})
    assert response.status_code == 200
    assert 'id="error-query"' in response.content.decode()
    segment.refresh_from_db()
    assert segment.query == "country=JP"


def test_detail_describes_the_segment_and_links_its_companies(client, india_officer, japan_officer):
    segment = make_segment(japan_officer, query="country=JP&status=settled")
    CompanyFactory(status="settled")
    client.force_login(india_officer)
    page = client.get(segment.get_absolute_url()).content.decode()
    assert '<dd id="segment-count">1</dd>' in page
    assert "Country of origin: Japan<br>Status: settled" in page
    assert 'href="/companies/?country=JP&amp;status=settled"' in page
    assert 'href="/companies/?country=JP&amp;status=settled&amp;export=xlsx"' in page


# --- export -------------------------------------------------------------------------


def test_segment_exports_its_companies(client, japan_officer, india_desk):
    CompanyFactory(legal_name="東芝ヨーロッパ株式会社")
    CompanyFactory(legal_name="Tata Consultancy Services", country_id="IN")
    make_segment(japan_officer)
    client.force_login(japan_officer)
    page = client.get("/segments/").content.decode()
    links = re.findall(r'href="([^"]+export=(?:csv|xlsx))"', page)
    assert len(links) == 2
    csv_response = client.get(links[0].replace("&amp;", "&"))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["東芝ヨーロッパ株式会社"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(links[1].replace("&amp;", "&")).content)
    ).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "東芝ヨーロッパ株式会社"
    ]


# --- API ------------------------------------------------------------------------------


def test_api_counts_and_links_the_companies(japan_officer, japan_desk):
    from rest_framework.test import APIClient

    CompanyFactory(legal_name="Toshiba Europe GmbH")
    segment = make_segment(japan_officer)
    make_segment(UserFactory(), name="Someone's own", shared=False)
    client = APIClient()
    client.force_authenticate(japan_officer)
    results = client.get("/api/v1/segments/").json()["results"]
    assert [item["name"] for item in results] == ["Japanese companies"]
    assert results[0]["company_count"] == 1
    assert results[0]["owner"]["display"] == str(japan_officer)
    companies_url = results[0]["companies_url"]
    assert companies_url == "http://testserver/api/v1/companies/?country=JP"
    companies = client.get(companies_url).json()
    assert [item["legal_name"] for item in companies["results"]] == ["Toshiba Europe GmbH"]
    response = client.patch(
        f"/api/v1/segments/{segment.pk}/", {"query": "?status=settled&country=JP"}, format="json"
    )
    assert response.status_code == 200 and response.json()["query"] == "country=JP&status=settled"
    assert response.json()["company_count"] == 0
    response = client.post("/api/v1/segments/", {"name": "x", "query": "contry=CN"}, format="json")
    assert response.status_code == 400
    assert "no filter named contry" in response.json()["query"][0]


def test_segment_pages_are_listed_in_the_navigation(client, japan_officer):
    client.force_login(japan_officer)
    nav = client.get("/").content.decode()
    assert f'href="{reverse("reports:segment_list")}"' in nav
