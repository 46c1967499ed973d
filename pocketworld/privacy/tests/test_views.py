"""The access export and erasure from a person's page, and the tombstones, as each persona:
who may (the policy), what the confirmation page says, errors at the field."""

import io
import zipfile

import pytest
from django.urls import reverse

from pocketworld.contacts.models import Person
from pocketworld.core import permissions
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory
from pocketworld.privacy.models import AccessExport, Erasure

pytestmark = pytest.mark.django_db

REASON = "Letter of 3 March 2026, ref. DS-2026-17"
# persona: (may export, may erase); None: the person is not theirs to see at all (404).
POLICY = {
    "administrator": (True, True),
    "director": (True, True),
    "japan_officer": (True, True),
    "japan_assistant": (True, False),
    "india_officer": (False, False),
    "partner_viewer": (None, None),
}


@pytest.fixture
def person(japan_desk):
    """A person of the Japan desk, through their position at a Japanese company."""
    person = PersonFactory(given_name="Aiko", family_name="Tanaka", email="aiko@example.jp")
    PositionFactory(person=person, company=CompanyFactory())
    return person


def client_of(request, persona):
    return pages_of(request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", POLICY)
def test_the_policy(request, person, persona):
    user = request.getfixturevalue(persona)
    may_export, may_erase = POLICY[persona]
    assert permissions.may_export_personal_data(user, person) is bool(may_export)
    assert permissions.may_erase(user, person) is bool(may_erase)
    assert permissions.may_review_erasures(user) is (persona in ("administrator", "director"))


@pytest.mark.parametrize("persona", POLICY)
def test_the_person_page_offers_what_the_persona_may(request, person, persona):
    response = client_of(request, persona).get(person.get_absolute_url())
    may_export, may_erase = POLICY[persona]
    if may_export is None:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert ("Access export" in page) is may_export
    assert (reverse("privacy:person_erase", args=[person.pk]) in page) is may_erase


@pytest.mark.parametrize("persona", POLICY)
def test_who_may_export(request, person, persona):
    response = client_of(request, persona).get(
        reverse("privacy:person_export", args=[person.pk]), {"language": "en"}
    )
    may_export, _may_erase = POLICY[persona]
    expected = {True: 200, False: 403, None: 404}[may_export]
    assert response.status_code == expected
    assert AccessExport.objects.exists() is bool(may_export)
    if may_export:
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert [name.rsplit(".", 1)[1] for name in names] == ["json", "pdf"]


def test_an_unknown_language_is_400(request, person, director):
    response = pages_of(director).get(
        reverse("privacy:person_export", args=[person.pk]), {"language": "xx"}
    )
    assert response.status_code == 400 and "language" in response.content.decode()
    assert not AccessExport.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, person):
    for name in ("privacy:person_export", "privacy:person_erase"):
        response = client.get(reverse(name, args=[person.pk]))
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("persona", POLICY)
def test_who_may_erase(request, person, persona):
    url = reverse("privacy:person_erase", args=[person.pk])
    client = client_of(request, persona)
    _may_export, may_erase = POLICY[persona]
    expected = {True: 200, False: 403, None: 404}[may_erase]
    assert client.get(url).status_code == expected
    response = client.post(url, {"reason": REASON})
    assert response.status_code == (302 if may_erase else expected)
    assert Person.objects.filter(pk=person.pk).exists() is not may_erase


def test_the_confirmation_says_what_goes_and_that_it_cannot_be_undone(person, director):
    response = pages_of(director).get(reverse("privacy:person_erase", args=[person.pk]))
    page = response.content.decode()
    assert "Erasing cannot be undone." in page
    preview = {str(label): count for label, count in response.context["preview"]}
    assert preview["positions: person"] == 1
    assert preview["the record of the person and the records merged into it"] == 1
    assert "search index entries" in preview


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "This field is required."),
        ("Aiko Tanaka called", "not the person's name"),
        ("x" * 1001, "at most 1000 characters"),
    ],
)
def test_a_bad_reason_is_an_error_at_the_field(person, director, reason, message):
    response = pages_of(director).post(
        reverse("privacy:person_erase", args=[person.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["reason"])
    assert 'id="error-reason"' in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists() and not Erasure.objects.exists()


def test_a_director_erases_and_reads_the_tombstone(person, director):
    client = pages_of(director)
    response = client.post(
        reverse("privacy:person_erase", args=[person.pk]), {"reason": REASON}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("privacy:erasure_list")
    page = response.content.decode()
    assert "The person was erased everywhere." in page
    assert REASON in page and str(director) in page
    assert "Tanaka" not in page and "aiko@example.jp" not in page
    assert not Person.objects.filter(pk=person.pk).exists()


def test_an_officer_erases_and_returns_to_the_people(person, japan_officer):
    response = pages_of(japan_officer).post(
        reverse("privacy:person_erase", args=[person.pk]), {"reason": REASON}
    )
    assert response["Location"] == reverse("contacts:person_list")
    assert Erasure.objects.get().erased_by == japan_officer


@pytest.mark.parametrize("persona", [*POLICY, "anonymous"])
def test_only_directors_and_administrators_see_the_tombstones(request, persona):
    Erasure.objects.create(reason=REASON, removed={"record:contacts.Person": 1})
    url = reverse("privacy:erasure_list")
    if persona == "anonymous":
        assert request.getfixturevalue("client").get(url).status_code == 302
        return
    response = client_of(request, persona).get(url)
    expected = 200 if persona in ("administrator", "director") else 403
    assert response.status_code == expected
    if expected == 200:
        assert REASON in response.content.decode()
        assert "The record of the person and the records merged into it: 1" in (
            response.content.decode()
        )
