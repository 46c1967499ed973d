"""`GET /api/v1/people/{id}/data-export/` and `POST /api/v1/people/{id}/erase/`: the same
services and policy as the pages; bad input a 400 naming the field; both in the OpenAPI
document."""

import io
import zipfile

import pytest

from pocketworld.contacts.models import Person
from pocketworld.core.testing import api_of
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory
from pocketworld.privacy.models import AccessExport, Erasure

pytestmark = pytest.mark.django_db

REASON = "Letter of 3 March 2026, ref. DS-2026-17"


@pytest.fixture
def person(japan_desk):
    person = PersonFactory(given_name="Aiko", family_name="Tanaka", phone="+81 3 5555 0101")
    PositionFactory(person=person, company=CompanyFactory())
    return person


def export(user, person, **query):
    return api_of(user).get(f"/api/v1/people/{person.pk}/data-export/", query)


def erase(user, person, data):
    return api_of(user).post(f"/api/v1/people/{person.pk}/erase/", data, format="json")


def test_the_export_is_a_zip_in_the_language_asked_for(person, japan_assistant):
    response = export(japan_assistant, person, language="de")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names[0].endswith(".json") and names[1].endswith("-de.pdf")
    log = AccessExport.objects.get()
    assert (log.person, log.exported_by, log.language) == (person, japan_assistant, "de")


def test_an_unknown_language_is_400(person, director):
    response = export(director, person, language="klingon")
    assert response.status_code == 400 and "language" in response.json()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("india_officer", 403), ("partner_viewer", 404), ("director", 404)],
)
def test_who_may_not_export(request, person, persona, status):
    target = person if persona != "director" else Person(pk=987654)
    response = export(request.getfixturevalue(persona), target)
    assert response.status_code == status
    assert not AccessExport.objects.exists()


def test_without_sign_in_nothing(person):
    assert export(None, person).status_code in (401, 403)
    assert erase(None, person, {"reason": REASON}).status_code in (401, 403)


def test_a_director_erases_and_gets_the_tombstone(person, director):
    response = erase(director, person, {"reason": REASON})
    assert response.status_code == 200
    tombstone = response.json()
    erasure = Erasure.objects.get()
    assert tombstone["id"] == erasure.pk and tombstone["reason"] == REASON
    assert tombstone["erased_by"]["id"] == director.pk and tombstone["by_retention"] is False
    assert tombstone["removed"]["relation:contacts.Position.person"] == 1
    assert tombstone["removed"]["record:contacts.Person"] == 1
    assert not Person.objects.filter(pk=person.pk).exists()
    assert "Tanaka" not in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"reason": ""}, "This field may not be blank."),
        ({"reason": "   "}, "This field may not be blank."),
        ({"reason": "x" * 1001}, "no more than 1000 characters"),
        ({"reason": "Call from +81-3-5555-0101"}, "not the person's name"),
        ({"reason": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_reason_is_400_at_the_field(person, director, data, message):
    response = erase(director, person, data)
    assert response.status_code == 400
    assert message in " ".join(response.json()["reason"])
    assert Person.objects.filter(pk=person.pk).exists() and not Erasure.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("japan_assistant", 403), ("india_officer", 403), ("partner_viewer", 404)],
)
def test_who_may_not_erase(request, person, persona, status):
    response = erase(request.getfixturevalue(persona), person, {"reason": REASON})
    assert response.status_code == status
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_officer_of_the_desk_may_erase(person, japan_officer):
    assert erase(japan_officer, person, {"reason": REASON}).status_code == 200


def test_erasing_twice_is_404(person, director):
    assert erase(director, person, {"reason": REASON}).status_code == 200
    assert erase(director, person, {"reason": REASON}).status_code == 404


def test_both_are_in_the_openapi_document(director):
    document = api_of(director).get("/api/v1/openapi.json").json()
    export_operation = document["paths"]["/api/v1/people/{id}/data-export/"]["get"]
    assert "application/zip" in export_operation["responses"]["200"]["content"]
    assert {"400", "403", "404"} <= set(export_operation["responses"])
    erase_operation = document["paths"]["/api/v1/people/{id}/erase/"]["post"]
    schema = erase_operation["requestBody"]["content"]["application/json"]["schema"]
    request_schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert request_schema["required"] == ["reason"]
    assert {"200", "400", "403", "404"} <= set(erase_operation["responses"])
