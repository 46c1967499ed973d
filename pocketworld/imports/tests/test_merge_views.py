"""The merge pages and the change set pages: who may, errors at their fields, the flow."""

import pytest

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
)
from pocketworld.imports import merging
from pocketworld.imports.models import ChangeSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def toshiba(japan_desk):
    return CompanyFactory(legal_name="Toshiba Europe GmbH", employees_region=150)


@pytest.fixture
def duplicate(japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe", website="https://toshiba.eu")
    SiteFactory(company=company, name="Neuss warehouse")
    return company


def merge_url(record):
    kind = "companies" if isinstance(record, Company) else "people"
    return f"/{kind}/{record.pk}/merge/"


def test_company_page_offers_the_merge_to_who_may_change_it(
    client, toshiba, japan_officer, india_officer
):
    client.force_login(japan_officer)
    assert merge_url(toshiba) in client.get(toshiba.get_absolute_url()).content.decode()
    client.force_login(india_officer)
    assert merge_url(toshiba) not in client.get(toshiba.get_absolute_url()).content.decode()


def test_person_page_offers_the_merge(client, japan_officer, japan_desk):
    person = PersonFactory(desk=japan_desk)
    client.force_login(japan_officer)
    assert merge_url(person) in client.get(person.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("director", 200),
        ("japan_officer", 200),
        ("japan_assistant", 200),
        ("india_officer", 403),
        ("partner_viewer", 403),
    ],
)
def test_who_may_open_the_merge_page(client, request, toshiba, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(merge_url(toshiba)).status_code == status


def test_anonymous_is_sent_to_sign_in(client, toshiba):
    response = client.get(merge_url(toshiba))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_people_are_hidden_from_partner_viewers(client, partner_viewer, japan_desk):
    person = PersonFactory(desk=japan_desk)
    client.force_login(partner_viewer)
    assert client.get(merge_url(person)).status_code == 404
    assert client.get("/people/999999/merge/").status_code == 404


def test_picker_lists_likely_duplicates_and_finds_by_name(
    client, toshiba, duplicate, japan_officer, india_desk
):
    CompanyFactory(legal_name="Toshiba India", country_id="IN")  # not the officer's to change
    client.force_login(japan_officer)
    page = client.get(merge_url(toshiba)).content.decode()
    assert f"?duplicate={duplicate.pk}" in page
    assert "Toshiba India" not in page

    found = client.get(merge_url(toshiba), {"q": "Toshiba Europe"}, headers={"HX-Request": "true"})
    fragment = found.content.decode()
    assert "<html" not in fragment
    assert f"?duplicate={duplicate.pk}" in fragment
    assert f"?duplicate={toshiba.pk}" not in fragment


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("999999", "You see no record with this number."),
        ("self", "A record cannot be merged with itself."),
        ("abc", "Enter a whole number."),
    ],
)
def test_a_wrong_number_is_shown_at_its_field(client, toshiba, japan_officer, number, message):
    client.force_login(japan_officer)
    number = str(toshiba.pk) if number == "self" else number
    page = client.get(merge_url(toshiba), {"duplicate": number}).content.decode()
    assert 'id="error-duplicate"' in page
    assert message in page


def test_a_duplicate_of_another_desk_is_refused_at_its_field(
    client, toshiba, japan_officer, india_desk
):
    indian = CompanyFactory(legal_name="Toshiba India", country_id="IN")
    client.force_login(japan_officer)
    page = client.get(merge_url(toshiba), {"duplicate": indian.pk}).content.decode()
    assert "You may not change Toshiba India." in page


def test_comparison_shows_differing_fields_defaults_and_what_moves(
    client, toshiba, duplicate, japan_officer
):
    client.force_login(japan_officer)
    page = client.get(merge_url(toshiba), {"duplicate": duplicate.pk}).content.decode()
    assert 'id="choice-legal_name"' in page
    assert 'id="choice-website"' in page
    assert 'id="choice-country"' not in page  # the same in both
    # The website only the duplicate has is chosen by default.
    assert 'name="website" value="duplicate" id="id_website_1" required checked' in page
    assert 'name="legal_name" value="survivor" id="id_legal_name_0" required checked' in page
    assert "Sites" in page and ">1</td>" in page


def test_merge_redirects_to_the_survivor_with_an_undo_link(
    client, toshiba, duplicate, japan_officer
):
    client.force_login(japan_officer)
    choices = {"legal_name": "duplicate", "website": "duplicate", "employees_region": "survivor"}
    response = client.post(merge_url(toshiba), {"duplicate": duplicate.pk, **choices})
    assert response.status_code == 302
    assert response["Location"] == toshiba.get_absolute_url()
    change_set = ChangeSet.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Merged Toshiba Europe into Toshiba Europe GmbH." in page
    assert f'href="/change-sets/{change_set.pk}/undo/"' in page
    toshiba.refresh_from_db()
    assert (toshiba.legal_name, toshiba.website) == ("Toshiba Europe", "https://toshiba.eu")
    assert toshiba.sites.get().name == "Neuss warehouse"


def test_merge_by_htmx_answers_with_a_redirect_header(client, toshiba, duplicate, japan_officer):
    client.force_login(japan_officer)
    response = client.post(
        merge_url(toshiba),
        {"duplicate": duplicate.pk, **merging.default_choices(toshiba, duplicate)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == toshiba.get_absolute_url()
    assert not Company.objects.filter(pk=duplicate.pk).exists()
    assert ChangeSet.objects.count() == 1


def test_a_refused_merge_shows_the_error_at_its_field(client, japan_officer, japan_desk):
    group = CompanyFactory(legal_name="Toshiba Corporation")
    survivor = CompanyFactory(legal_name="Toshiba Europe GmbH")
    subsidiary = CompanyFactory(legal_name="Toshiba Lighting", parent=survivor)
    duplicate = CompanyFactory(legal_name="Toshiba Europe", parent=subsidiary)
    Company.objects.filter(pk=survivor.pk).update(parent=group)
    client.force_login(japan_officer)
    response = client.post(
        merge_url(survivor),
        {"duplicate": duplicate.pk, "legal_name": "survivor", "parent": "duplicate"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-parent"' in page and "would be its own parent" in page
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_a_wrong_choice_is_shown_at_its_field(client, toshiba, duplicate, japan_officer):
    client.force_login(japan_officer)
    page = client.post(
        merge_url(toshiba), {"duplicate": duplicate.pk, "legal_name": "survivor", "website": "both"}
    ).content.decode()
    assert 'id="error-website"' in page and "Select a valid choice." in page
    assert 'id="error-legal_name"' not in page
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_people_merge_flow(client, japan_officer, japan_desk):
    survivor = PersonFactory(given_name="Taro", family_name="Yamada", desk=japan_desk)
    other = PersonFactory(given_name="Tarō", family_name="Yamada", desk=japan_desk)
    PositionFactory(person=other, job_title="Managing Director")
    client.force_login(japan_officer)
    assert f"?duplicate={other.pk}" in client.get(merge_url(survivor)).content.decode()
    choices = {"given_name": "survivor", "email": "duplicate"}
    response = client.post(merge_url(survivor), {"duplicate": other.pk, **choices})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    assert survivor.positions.get().job_title == "Managing Director"


def test_merge_page_lists_earlier_merges_with_the_duplicates_history(
    client, toshiba, duplicate, japan_officer
):
    duplicate_id = duplicate.pk
    merging.merge_companies(toshiba, duplicate, {}, japan_officer)
    client.force_login(japan_officer)
    page = client.get(merge_url(toshiba)).content.decode()
    assert 'id="merged-from"' in page
    assert f"Toshiba Europe (#{duplicate_id}), merged on" in page
    assert "Change history" in page


# --- change sets ----------------------------------------------------------------------------


@pytest.fixture
def merged(toshiba, duplicate, japan_officer):
    return merging.merge_companies(toshiba, duplicate, {"website": "duplicate"}, japan_officer)


@pytest.mark.parametrize(
    ("persona", "listed"),
    [("director", True), ("japan_officer", True), ("india_officer", False)],
)
def test_change_set_list_shows_own_or_all(client, request, merged, persona, listed):
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/change-sets/").content.decode()
    assert (f"/change-sets/{merged.pk}/" in page) is listed
    detail = client.get(f"/change-sets/{merged.pk}/")
    assert detail.status_code == (200 if listed else 404)


def test_change_set_list_counts_and_filters(client, merged, japan_officer):
    client.force_login(japan_officer)
    page = client.get("/change-sets/").content.decode()
    assert "Companies: 1 changed, 1 deleted" in page
    assert "Sites: 1 changed" in page
    assert f'href="/change-sets/{merged.pk}/undo/"' in page
    assert (
        f"/change-sets/{merged.pk}/"
        not in client.get("/change-sets/", {"kind": "import"}).content.decode()
    )


def test_change_set_detail_shows_the_merged_records_and_history(
    client, merged, toshiba, japan_officer
):
    client.force_login(japan_officer)
    page = client.get(f"/change-sets/{merged.pk}/").content.decode()
    assert 'id="merged-records"' in page
    assert toshiba.get_absolute_url() in page
    assert 'id="duplicate-history"' in page
    assert "Toshiba Europe" in page


def test_undo_asks_first_then_undoes(client, merged, toshiba, duplicate, japan_officer):
    client.force_login(japan_officer)
    confirm = client.get(f"/change-sets/{merged.pk}/undo/")
    assert confirm.status_code == 200
    assert Company.objects.count() == 1
    response = client.post(f"/change-sets/{merged.pk}/undo/")
    assert response.status_code == 302
    assert response["Location"] == f"/change-sets/{merged.pk}/"
    assert Company.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Undid: " in page
    merged.refresh_from_db()
    assert merged.undone_by == japan_officer


def test_a_refused_undo_says_why(client, merged, toshiba, japan_officer):
    toshiba.refresh_from_db()
    toshiba.employees_region = 200
    toshiba.save()
    client.force_login(japan_officer)
    response = client.post(f"/change-sets/{merged.pk}/undo/", follow=True)
    assert "Undoing would lose later work" in response.content.decode()
    merged.refresh_from_db()
    assert merged.undone_at is None


def test_only_its_maker_or_a_director_may_undo(client, merged, director, japan_assistant):
    # Another member of the same desk does not see the officer's change set.
    client.force_login(japan_assistant)
    assert client.post(f"/change-sets/{merged.pk}/undo/").status_code == 404
    client.force_login(director)
    assert client.get(f"/change-sets/{merged.pk}/undo/").status_code == 200


def test_the_survivors_page_keeps_the_duplicates_history(client, toshiba, duplicate, director):
    duplicate_name = duplicate.legal_name
    merging.merge_companies(toshiba, duplicate, {}, director)
    client.force_login(director)
    page = client.get(toshiba.get_absolute_url()).content.decode()
    assert 'id="merged-from"' in page
    assert duplicate_name in page
