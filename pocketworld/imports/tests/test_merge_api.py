"""Merges and change sets through the API: the same rules, errors per field, undo."""

import pytest
from rest_framework.test import APIClient

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
)
from pocketworld.imports import merging

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def toshiba(japan_desk):
    return CompanyFactory(legal_name="Toshiba Europe GmbH")


@pytest.fixture
def duplicate(japan_desk):
    company = CompanyFactory(legal_name="Toshiba Europe", website="https://toshiba.eu")
    SiteFactory(company=company, name="Neuss warehouse")
    return company


def merge(user, record, data):
    return api_for(user).post(f"/api/v1/companies/{record.pk}/merge/", data, format="json")


def test_merge_companies(toshiba, duplicate, japan_officer):
    response = merge(
        japan_officer,
        toshiba,
        {"duplicate": duplicate.pk, "choices": {"legal_name": "duplicate", "website": "duplicate"}},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["kind"] == "merge"
    assert data["created_by"]["id"] == japan_officer.pk
    assert data["undone_at"] is None
    assert data["counts"]["companies.company"] == {"changed": 1, "deleted": 1}
    assert data["counts"]["companies.site"] == {"changed": 1}
    assert data["counts"]["companies.companyname"] == {"created": 1}
    toshiba.refresh_from_db()
    assert (toshiba.legal_name, toshiba.website) == ("Toshiba Europe", "https://toshiba.eu")
    assert toshiba.sites.get().name == "Neuss warehouse"
    assert not Company.objects.filter(pk=duplicate.pk).exists()


def test_merge_people(japan_officer, japan_desk):
    survivor = PersonFactory(family_name="Yamada", desk=japan_desk)
    other = PersonFactory(family_name="Yamada", desk=japan_desk)
    PositionFactory(person=other)
    response = api_for(japan_officer).post(
        f"/api/v1/people/{survivor.pk}/merge/", {"duplicate": other.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["counts"]["contacts.position"] == {"changed": 1}
    assert not Person.objects.filter(pk=other.pk).exists()
    assert survivor.positions.count() == 1


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"duplicate": ["This field is required."]}),
        ({"duplicate": 999999}, {"duplicate": ['Invalid pk "999999" - object does not exist.']}),
        ("self", {"duplicate": ["A record cannot be merged with itself."]}),
        (
            {"choices": {"website": "both"}},
            {"choices": {"website": ['"both" is not a valid choice.']}},
        ),
        ({"choices": {"desk": "duplicate"}}, {"choices": ["These fields cannot be chosen: desk"]}),
    ],
)
def test_bad_input_is_400_with_errors_per_field(toshiba, duplicate, japan_officer, data, errors):
    if data == "self":
        data = {"duplicate": toshiba.pk}
    elif data:
        data = {"duplicate": duplicate.pk, **data}
    response = merge(japan_officer, toshiba, data)
    assert response.status_code == 400
    assert response.json() == errors
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_a_merge_that_makes_a_company_its_own_parent_is_400(japan_officer, japan_desk):
    survivor = CompanyFactory()
    duplicate = CompanyFactory(parent=CompanyFactory(parent=survivor))
    response = merge(
        japan_officer, survivor, {"duplicate": duplicate.pk, "choices": {"parent": "duplicate"}}
    )
    assert response.status_code == 400
    assert "would be its own parent" in response.json()["parent"][0]


def test_a_duplicate_of_another_desk_is_400(toshiba, japan_officer, india_desk):
    indian = CompanyFactory(legal_name="Tata Europe", country_id="IN")
    response = merge(japan_officer, toshiba, {"duplicate": indian.pk})
    assert response.status_code == 400
    assert response.json() == {"duplicate": ["You may not change Tata Europe."]}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("india_officer", 403), ("partner_viewer", 403), ("anonymous", 401)],
)
def test_who_may_not_merge(request, toshiba, duplicate, persona, status):
    response = merge(request.getfixturevalue(persona), toshiba, {"duplicate": duplicate.pk})
    assert response.status_code == status
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_people_are_hidden_from_partner_viewers(partner_viewer, japan_desk):
    person, duplicate = PersonFactory(desk=japan_desk), PersonFactory()
    response = api_for(partner_viewer).post(
        f"/api/v1/people/{person.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 404
    assert Person.objects.filter(pk__in=[person.pk, duplicate.pk]).count() == 2


# --- change sets ----------------------------------------------------------------------------


@pytest.fixture
def merged(toshiba, duplicate, japan_officer):
    return merging.merge_companies(toshiba, duplicate, {}, japan_officer)


def test_change_sets_are_listed_for_their_maker_and_directors(
    merged, japan_officer, director, india_officer
):
    listed = api_for(japan_officer).get("/api/v1/change-sets/").json()
    assert [item["id"] for item in listed["results"]] == [merged.pk]
    assert listed["results"][0]["counts"]["companies.site"] == {"changed": 1}
    assert api_for(director).get("/api/v1/change-sets/").json()["count"] == 1
    assert api_for(india_officer).get("/api/v1/change-sets/").json()["count"] == 0
    assert api_for(india_officer).get(f"/api/v1/change-sets/{merged.pk}/").status_code == 404
    detail = api_for(japan_officer).get(f"/api/v1/change-sets/{merged.pk}/").json()
    assert detail["description"] == merged.description
    filtered = api_for(director).get("/api/v1/change-sets/", {"kind": "import"}).json()
    assert filtered["count"] == 0


def test_undo_through_the_api(merged, toshiba, duplicate, japan_officer):
    client = api_for(japan_officer)
    response = client.post(f"/api/v1/change-sets/{merged.pk}/undo/")
    assert response.status_code == 200
    assert response.json()["undone_by"]["id"] == japan_officer.pk
    assert Company.objects.filter(pk=duplicate.pk).exists()
    assert not toshiba.sites.exists()

    again = client.post(f"/api/v1/change-sets/{merged.pk}/undo/")
    assert again.status_code == 409
    assert again.json() == {"detail": "This was undone already."}


def test_undo_that_would_lose_later_work_is_409(merged, toshiba, japan_officer):
    toshiba.refresh_from_db()
    toshiba.employees_region = 300
    toshiba.save()
    response = api_for(japan_officer).post(f"/api/v1/change-sets/{merged.pk}/undo/")
    assert response.status_code == 409
    assert "Toshiba Europe GmbH was changed since." in response.json()["detail"]


def test_others_may_not_undo(merged, india_officer):
    response = api_for(india_officer).post(f"/api/v1/change-sets/{merged.pk}/undo/")
    assert response.status_code == 404
    merged.refresh_from_db()
    assert merged.undone_at is None


def test_schema_lists_merges_and_change_sets(director):
    paths = api_for(director).get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/companies/{id}/merge/"]
    assert "post" in paths["/api/v1/people/{id}/merge/"]
    assert "post" in paths["/api/v1/change-sets/{id}/undo/"]
    assert "get" in paths["/api/v1/change-sets/"]
