"""What deletes must be allowed to delete: a merge deletes the duplicate, a list of names
without a name deletes it; assistants change records but delete none, in every way in."""

import pytest

from pocketworld.companies.models import Company, CompanyName
from pocketworld.core.testing import api_of
from pocketworld.core.tests.factories import CompanyFactory, CompanyNameFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(japan_desk):
    return CompanyFactory(legal_name="Toshiba Europe GmbH"), CompanyFactory(legal_name="Toshiba")


def test_an_assistant_cannot_merge_companies(pair, japan_assistant):
    survivor, duplicate = pair
    response = api_of(japan_assistant).post(
        f"/api/v1/companies/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 400
    assert "duplicate" in response.json()
    assert Company.objects.filter(pk=duplicate.pk).exists()


def test_an_assistant_cannot_merge_people(japan_desk, japan_assistant):
    survivor, duplicate = PersonFactory(desk=japan_desk), PersonFactory(desk=japan_desk)
    response = api_of(japan_assistant).post(
        f"/api/v1/people/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 400
    assert type(duplicate).objects.filter(pk=duplicate.pk).exists()


def test_an_officer_merges(pair, japan_officer):
    survivor, duplicate = pair
    response = api_of(japan_officer).post(
        f"/api/v1/companies/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 201
    assert not Company.objects.filter(pk=duplicate.pk).exists()


def test_an_assistant_cannot_delete_names_through_the_company(japan_desk, japan_assistant):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    name = CompanyNameFactory(company=company, name="東芝")
    api = api_of(japan_assistant)
    assert api.delete(f"/api/v1/company-names/{name.pk}/").status_code == 403
    response = api.patch(f"/api/v1/companies/{company.pk}/", {"names": []}, format="json")
    assert response.status_code == 403
    assert CompanyName.objects.filter(pk=name.pk).exists()
    response = api.patch(
        f"/api/v1/companies/{company.pk}/",
        {"names": [{"name": "東芝"}, {"name": "Toshiba"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert set(company.names.values_list("name", flat=True)) == {"東芝", "Toshiba"}


def test_an_officer_deletes_names_through_the_company(japan_desk, japan_officer):
    company = CompanyFactory(legal_name="Toshiba Europe GmbH")
    CompanyNameFactory(company=company, name="東芝")
    response = api_of(japan_officer).patch(
        f"/api/v1/companies/{company.pk}/", {"names": []}, format="json"
    )
    assert response.status_code == 200
    assert not company.names.exists()
