import pytest
from django.core.exceptions import ValidationError

from pocketworld.core.models import Country
from pocketworld.core.tests.factories import CompanyFactory, DeskFactory
from pocketworld.desks.services import set_desk_countries

pytestmark = pytest.mark.django_db


def countries(*codes):
    return list(Country.objects.filter(code__in=codes))


def test_set_desk_countries_moves_companies(japan_desk):
    asean = DeskFactory(name="ASEAN", slug="asean")
    singapore = CompanyFactory(country_id="SG")
    assert singapore.desk is None
    set_desk_countries(asean, countries("SG", "MY"), countries("IN"))
    singapore.refresh_from_db()
    assert singapore.desk == asean
    coverage = {(c.country_id, c.is_primary) for c in asean.coverage.all()}
    assert coverage == {("SG", True), ("MY", True), ("IN", False)}

    set_desk_countries(asean, countries("MY"), [])
    singapore.refresh_from_db()
    assert singapore.desk is None
    assert {c.country_id for c in asean.coverage.all()} == {"MY"}


def test_a_primary_country_of_another_desk_is_refused(japan_desk):
    other = DeskFactory(name="Asia", slug="asia")
    with pytest.raises(ValidationError) as error:
        set_desk_countries(other, countries("JP"), [])
    assert "primary desk already" in str(error.value)
    assert not other.coverage.exists()
    set_desk_countries(other, [], countries("JP"))
    assert other.coverage.get().is_primary is False


def test_desk_form_edits_countries_and_shows_conflicts(client, director, japan_desk, india_desk):
    client.force_login(director)
    japan, india = (Country.objects.get(code=code) for code in ("JP", "IN"))
    data = {"name": "India Desk", "slug": "india", "primary_countries": [india.pk, japan.pk]}
    response = client.post(f"/desks/{india_desk.pk}/edit/", data)
    assert response.status_code == 200
    assert "Japan has Japan Desk as its primary desk already." in response.content.decode()
    data["primary_countries"] = [india.pk]
    data["other_countries"] = [japan.pk]
    assert client.post(f"/desks/{india_desk.pk}/edit/", data).status_code == 302
    assert {(c.country_id, c.is_primary) for c in india_desk.coverage.all()} == {
        ("IN", True),
        ("JP", False),
    }


def test_director_adds_and_removes_a_member(client, director, japan_desk, india_officer):
    client.force_login(director)
    response = client.post(
        "/desk-memberships/add/",
        {"desk": japan_desk.pk, "user": india_officer.pk, "role": "officer"},
    )
    assert response.status_code == 302
    membership = japan_desk.memberships.get(user=india_officer)
    assert client.post(f"/desk-memberships/{membership.pk}/delete/").status_code == 302
    assert not japan_desk.memberships.filter(user=india_officer).exists()


def test_officers_do_not_manage_desk_membership(client, japan_officer, japan_desk, india_officer):
    client.force_login(japan_officer)
    response = client.post(
        "/desk-memberships/add/",
        {"desk": japan_desk.pk, "user": india_officer.pk, "role": "officer"},
    )
    assert response.status_code == 403
    assert not japan_desk.memberships.filter(user=india_officer).exists()
