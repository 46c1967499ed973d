from pocketworld.contacts.tests.specs import PersonSpec, PositionSpec
from pocketworld.core.testing import PartViewTests, ViewTests


class TestPersonViews(PersonSpec, ViewTests):
    pass


class TestPositionViews(PositionSpec, PartViewTests):
    pass


def test_officer_adds_a_person_to_their_desk_by_default(client, japan_officer, japan_desk):
    client.force_login(japan_officer)
    form = client.get("/people/add/").content.decode()
    assert f'<option value="{japan_desk.pk}" selected>' in form
    data = {"family_name": "Yamada", "legal_basis": "legitimate_interest"}
    response = client.post("/people/add/", data)
    assert response.status_code == 200 and 'id="error-desk"' in response.content.decode()
    data["desk"] = japan_desk.pk
    assert client.post("/people/add/", data).status_code == 302
