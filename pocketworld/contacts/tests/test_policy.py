"""A position hands its person over to the company's desk, so only a person the writer may
change can be given a position: no desk takes over another desk's person that way."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from pocketworld.contacts.models import Position
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(japan_officer):
    client = APIClient()
    client.force_authenticate(japan_officer)
    return client


def test_an_officer_cannot_take_over_another_desks_person(api, japan_desk, india_desk):
    indian = PersonFactory(desk=india_desk, family_name="Sharma")
    japanese_company = CompanyFactory(country_id="JP")
    response = api.post(
        "/api/v1/positions/",
        {"person": indian.pk, "company": japanese_company.pk, "job_title": "CEO"},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert not Position.objects.filter(person=indian).exists()
    assert api.patch(f"/api/v1/people/{indian.pk}/", {"notes": "mine now"}).status_code == 403
    assert api.delete(f"/api/v1/people/{indian.pk}/").status_code == 403
    indian.refresh_from_db()
    assert (indian.desk, indian.notes) == (india_desk, "")


def test_an_officer_gives_their_own_person_a_position_anywhere(api, japan_desk, india_desk):
    own = PersonFactory(desk=japan_desk)
    indian_company = CompanyFactory(country_id="IN")
    response = api.post(
        "/api/v1/positions/",
        {"person": own.pk, "company": indian_company.pk, "job_title": "Advisor"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_a_position_already_held_keeps_its_person(api, japan_desk, india_desk):
    """A position at a company of the officer's desk, held by another desk's person, can
    still be edited: its person stays as it is."""
    position = PositionFactory(
        person=PersonFactory(desk=india_desk), company=CompanyFactory(country_id="JP")
    )
    response = api.patch(
        f"/api/v1/positions/{position.pk}/",
        {"person": position.person_id, "job_title": "Chairman"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_the_position_form_offers_only_people_the_officer_may_change(
    japan_officer, japan_desk, india_desk
):
    own, indian = PersonFactory(desk=japan_desk), PersonFactory(desk=india_desk)
    client = Client()
    client.force_login(japan_officer)
    form = client.get("/positions/add/").context["form"]
    people = form.fields["person"].queryset
    assert own in people and indian not in people
