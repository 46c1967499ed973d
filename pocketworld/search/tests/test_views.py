"""The quick find list, the results page, and the duplicate hint and check on new companies."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pocketworld.companies.models import Company, CompanyName
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory
from pocketworld.search.models import SearchEntry
from pocketworld.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def toshiba(japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyName.objects.create(company=company, name="東芝", language_id="ja")
    return company


class TestQuickFind:
    def test_suggestions_grouped_by_kind(self, client, japan_officer, toshiba):
        PersonFactory(given_name="Toshiro", family_name="Mifune")
        client.force_login(japan_officer)
        page = client.get("/search/suggestions/", {"q": "toshi"}).content.decode()
        assert 'role="option"' in page and "Toshiba Europe GmbH" in page
        assert page.index("Companies") < page.index("Toshiba Europe GmbH")
        assert "Toshiro Mifune" in page
        assert f'href="/companies/{toshiba.pk}/"' in page
        assert "All results for “toshi”" in page

    def test_suggestions_show_the_name_that_matched(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        company = CompanyFactory(legal_name="Shibaura Tec K.K.")
        CompanyName.objects.create(company=company, name="Toshiba Tec", language_id="en")
        page = client.get("/search/suggestions/", {"q": "toshiba tec"}).content.decode()
        assert "Shibaura Tec K.K." in page and "Toshiba Tec" in page

    def test_loose_matches_are_left_out_beside_good_ones(self, client, japan_officer, toshiba):
        # 東芝 also reads dongzhi in Chinese: a loose match for Dongzhou.
        CompanyFactory(legal_name="Dongzhou Steel Deutschland GmbH", country_id="CN")
        found = [hit.title for hit in search("東芝", japan_officer)]
        assert found[0] == "Toshiba Europe GmbH" and "Dongzhou Steel Deutschland GmbH" in found
        client.force_login(japan_officer)
        page = client.get("/search/suggestions/", {"q": "東芝"}).content.decode()
        assert "Toshiba Europe GmbH" in page and "Dongzhou" not in page
        page = client.get("/search/suggestions/", {"q": "dongzhou stel"}).content.decode()
        assert "Dongzhou Steel Deutschland GmbH" in page  # the best hit is loose: it stays

    def test_a_name_in_the_other_order_is_not_shown_as_another_name(self, client, japan_officer):
        PersonFactory(given_name="Naoki", family_name="Kobayashi", native_name="小林 直樹")
        client.force_login(japan_officer)
        page = client.get("/search/suggestions/", {"q": "kobayashi naoki"}).content.decode()
        assert "Naoki Kobayashi" in page and "Kobayashi Naoki" not in page
        page = client.get("/search/suggestions/", {"q": "直樹"}).content.decode()
        assert "小林 直樹" in page and "直樹 小林" not in page

    def test_nothing_found_says_so(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        page = client.get("/search/suggestions/", {"q": "Zyxwvut"}).content.decode()
        assert "Nothing found for “Zyxwvut”." in page

    def test_partner_viewers_get_no_people(self, client, partner_viewer, toshiba):
        PersonFactory(given_name="Toshiro", family_name="Mifune")
        client.force_login(partner_viewer)
        page = client.get("/search/suggestions/", {"q": "toshi"}).content.decode()
        assert "Toshiba Europe GmbH" in page and "Mifune" not in page

    def test_signed_out_is_sent_to_sign_in(self, client, toshiba):
        response = client.get("/search/suggestions/", {"q": "toshiba"})
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_the_box_is_on_every_page(self, client, japan_officer):
        client.force_login(japan_officer)
        page = client.get("/companies/").content.decode()
        assert 'id="quick-find"' in page and 'hx-get="/search/suggestions/"' in page


class TestResultsPage:
    def test_grouped_results_and_a_link_to_each_kind(self, client, japan_officer, toshiba):
        PersonFactory(given_name="Toshiro", family_name="Mifune")
        client.force_login(japan_officer)
        page = client.get("/search/", {"q": "toshi"}).content.decode()
        assert 'id="results-company"' in page and 'id="results-person"' in page
        assert "type=company" in page

    def test_filters(self, client, japan_officer, toshiba, india_desk):
        CompanyFactory(legal_name="Toshiba India Pvt. Ltd.", country_id="IN")
        client.force_login(japan_officer)
        page = client.get("/search/", {"q": "toshiba", "country": "IN"}).content.decode()
        assert "Toshiba India Pvt. Ltd." in page and "Toshiba Europe GmbH" not in page
        page = client.get(
            "/search/", {"q": "toshiba", "type": "company", "desk": india_desk.pk}
        ).content.decode()
        assert "Toshiba India Pvt. Ltd." in page and "Toshiba Europe GmbH" not in page

    def test_a_bad_filter_is_shown_at_the_filter(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        page = client.get("/search/", {"q": "toshiba", "type": "spaceship"}).content.decode()
        assert "Select a valid choice" in page and "Toshiba Europe GmbH" not in page
        page = client.get("/search/", {"q": "toshiba", "desk": 2**70}).content.decode()
        assert "Select a valid choice" in page

    def test_empty_page_explains(self, client, japan_officer):
        client.force_login(japan_officer)
        page = client.get("/search/").content.decode()
        assert "東芝 finds Toshiba" in page


class TestDuplicateHint:
    def test_names_like_the_one_typed(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        page = client.get(
            "/search/duplicates/company/", {"field": "legal_name", "legal_name": "TOSHIBA Europe"}
        ).content.decode()
        assert "Did you mean …?" in page and "Toshiba Europe GmbH" in page

    def test_nothing_alike_shows_nothing(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        response = client.get(
            "/search/duplicates/company/", {"field": "legal_name", "legal_name": "Kyocera"}
        )
        assert response.status_code == 200 and response.content.decode().strip() == ""

    def test_unknown_kind_is_404(self, client, japan_officer):
        client.force_login(japan_officer)
        assert client.get("/search/duplicates/spaceship/").status_code == 404


class TestNewCompanyLikeAnExistingOne:
    data = {"legal_name": "Toshiba Europe G.m.b.H.", "country": "JP", "status": "settled"}

    def test_asks_did_you_mean_and_saves_nothing(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        response = client.post("/companies/add/", self.data)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Did you mean …?" in page and f'href="/companies/{toshiba.pk}/"' in page
        assert 'id="error-legal_name"' in page
        assert 'type="checkbox" name="create_anyway"' in page
        assert Company.objects.count() == 1

    def test_created_when_confirmed(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        response = client.post("/companies/add/", {**self.data, "create_anyway": "on"})
        assert response.status_code == 302
        assert Company.objects.filter(legal_name="Toshiba Europe G.m.b.H.").exists()

    def test_a_new_name_needs_no_confirmation(self, client, japan_officer, toshiba):
        client.force_login(japan_officer)
        response = client.post(
            "/companies/add/", {**self.data, "legal_name": "Kyocera Fineceramics"}
        )
        created = Company.objects.get(legal_name="Kyocera Fineceramics")
        assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
        assert (created.country_id, created.status) == ("JP", "settled")
        assert Company.objects.count() == 2

    def test_editing_asks_nothing(self, client, japan_officer, toshiba):
        other = CompanyFactory(legal_name="Toshiba Tec Europe GmbH")
        client.force_login(japan_officer)
        response = client.post(
            f"/companies/{other.pk}/edit/", {**self.data, "legal_name": "Toshiba Europe GmbH"}
        )
        assert response.status_code == 302
        other.refresh_from_db()
        assert (other.legal_name, other.status) == ("Toshiba Europe GmbH", "settled")

    def test_the_name_input_asks_while_typing(self, client, japan_officer):
        client.force_login(japan_officer)
        page = client.get("/companies/add/").content.decode()
        assert 'hx-get="/search/duplicates/company/?field=legal_name"' in page
        assert 'id="id_legal_name-duplicates"' in page


class TestRebuildCommand:
    def test_rebuilds_and_reports(self, toshiba, capsys):
        SearchEntry.objects.all().delete()
        call_command("rebuild_search_index")
        assert "Search index rebuilt" in capsys.readouterr().out
        assert SearchEntry.objects.filter(object_id=toshiba.pk, kind="company").exists()

    def test_unknown_kind(self):
        with pytest.raises(CommandError, match="Unknown kind spaceship"):
            call_command("rebuild_search_index", "spaceship")
