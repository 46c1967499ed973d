"""The business actions the apps announce are recorded through their real surfaces, with
who, from where and what: a list exported as CSV, the KPIs as XLSX, a person's access
export and erasure, an import and its undo, a merge and its undo. A person is named by
type and id, never by name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.models import AuditEvent
from pocketworld.contacts.models import Person
from pocketworld.core.tests.factories import CompanyFactory, PersonFactory, PositionFactory
from pocketworld.privacy.erasure import erase_person
from pocketworld.privacy.footprint import stored_models
from pocketworld.privacy.models import AccessExport, Erasure

pytestmark = pytest.mark.django_db

OFFICE = "10.1.2.3"
LIST = b"Name;Herkunft\nSony Europe B.V.;JP\nPanasonic Europe;JP\n"


def pages(user):
    client = Client(REMOTE_ADDR=OFFICE)
    client.force_login(user)
    return client


def api(user):
    client = APIClient(REMOTE_ADDR=OFFICE)
    client.force_authenticate(user)
    return client


def only(action):
    [event] = AuditEvent.objects.filter(action=action)
    return event


@pytest.fixture
def person(japan_desk):
    person = PersonFactory(given_name="Aiko", family_name="Tanaka", email="aiko@example.jp")
    PositionFactory(person=person, company=CompanyFactory(legal_name="Sony Europe B.V."))
    return person


def no_event_names(*texts):
    stored = str(list(AuditEvent.objects.values_list("target_repr", "details", "username")))
    return not any(text in stored for text in texts)


def test_a_list_exported_as_csv(director, japan_desk):
    CompanyFactory(legal_name="Sony Europe B.V.")
    CompanyFactory(legal_name="Panasonic Europe")
    response = pages(director).get(
        reverse("companies:company_list"), {"q": "Sony", "export": "csv"}
    )
    assert response.status_code == 200
    event = only(AuditAction.LIST_EXPORTED)
    assert (event.user, event.ip_address, event.path) == (director, OFFICE, "/companies/")
    assert event.details == {
        "list": "companies.company",
        "format": "csv",
        "rows": 1,
        "filters": {"q": "Sony"},
    }


def test_the_kpis_exported_as_xlsx(director):
    response = pages(director).get(reverse("reports:dashboard"), {"export": "xlsx"})
    assert response.status_code == 200
    event = only(AuditAction.LIST_EXPORTED)
    assert event.user == director
    assert (event.details["list"], event.details["format"]) == ("reports.kpis", "xlsx")


def test_a_list_looked_at_is_no_export(director):
    pages(director).get(reverse("companies:company_list"), {"q": "Sony"})
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_an_access_export(japan_officer, person):
    response = pages(japan_officer).get(
        reverse("privacy:person_export", args=[person.pk]), {"language": "en"}
    )
    assert response.status_code == 200
    event = only(AuditAction.PERSONAL_DATA_EXPORTED)
    assert (event.user, event.ip_address) == (japan_officer, OFFICE)
    assert (event.target_type, event.target_id, event.target_label) == (
        "contacts.person",
        str(person.pk),
        f"person #{person.pk}",
    )
    assert event.details == {"access_export": AccessExport.objects.get().pk, "language": "en"}
    assert no_event_names("Tanaka", "aiko@example.jp")


def test_an_erasure_on_request_and_one_by_the_retention_rules(japan_officer, person, japan_desk):
    person_id = person.pk
    client = pages(japan_officer)
    client.get(reverse("privacy:person_export", args=[person.pk]), {"language": "en"})
    response = client.post(
        reverse("privacy:person_erase", args=[person.pk]),
        {"reason": "Letter of 3 March 2026, ref. DS-2026-17"},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person_id).exists()
    event = only(AuditAction.PERSON_ERASED)
    assert (event.user, event.ip_address, event.target_id) == (
        japan_officer,
        OFFICE,
        str(person_id),
    )
    assert event.details == {"people": [person_id], "by_retention": False}
    assert no_event_names("Tanaka", "aiko@example.jp")
    # The erasure leaves the log as it is: the export of the person's data is still there.
    assert only(AuditAction.PERSONAL_DATA_EXPORTED).target_id == str(person_id)
    assert AuditEvent not in stored_models()
    # The nightly retention review erases as nobody, from nowhere (no request).
    overdue = PersonFactory(desk=japan_desk)
    erase_person(overdue, erased_by=None, reason="Retention rule for consent", by_retention=True)
    [by_rule] = AuditEvent.objects.filter(action=AuditAction.PERSON_ERASED, target_id=overdue.pk)
    assert (by_rule.user, by_rule.ip_address, by_rule.details["by_retention"]) == (
        None,
        None,
        True,
    )
    assert Erasure.objects.count() == 2


def test_a_failed_erasure_leaves_no_event(japan_officer, person):
    pages(japan_officer).post(
        reverse("privacy:person_erase", args=[person.pk]),
        {"reason": "Asked by Aiko Tanaka"},  # names the person: refused
    )
    assert Person.objects.filter(pk=person.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.PERSON_ERASED).exists()


def test_an_import_and_its_undo(japan_officer, japan_desk):
    client = api(japan_officer)
    response = client.post(
        "/api/v1/imports/",
        {"kind": "companies", "file": SimpleUploadedFile("fair.csv", LIST)},
        format="multipart",
    )
    assert response.status_code == 201, response.data
    url = f"/api/v1/imports/{response.data['id']}/"
    client.post(url + "columns/", {"columns": {"Name": "legal_name", "Herkunft": "country"}})
    assert client.post(url + "apply/").data["status"] == "applied"
    applied = only(AuditAction.IMPORT_APPLIED)
    assert (applied.user, applied.ip_address, applied.path) == (
        japan_officer,
        OFFICE,
        url + "apply/",
    )
    assert (applied.target_type, applied.target_id) == (
        "imports.importrun",
        str(response.data["id"]),
    )
    assert applied.details["file"] == "fair.csv"
    assert applied.details["kind"] == "companies"
    assert applied.details["counts"]["created"] == 2

    assert client.post(url + "undo/").data["status"] == "undone"
    undone = only(AuditAction.IMPORT_UNDONE)
    assert (undone.user, undone.target_id) == (japan_officer, applied.target_id)
    assert undone.details["change_set"] == applied.details["change_set"]


def test_a_merge_and_its_undo(japan_officer, japan_desk):
    survivor = CompanyFactory(legal_name="Toshiba Europe GmbH")
    duplicate = CompanyFactory(legal_name="Toshiba Europe")
    client = api(japan_officer)
    response = client.post(
        f"/api/v1/companies/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 201, response.data
    merged = only(AuditAction.MERGED)
    assert (merged.user, merged.ip_address) == (japan_officer, OFFICE)
    assert (merged.target_type, merged.target_id, merged.target_repr) == (
        "companies.company",
        str(survivor.pk),
        "Toshiba Europe GmbH",
    )
    assert merged.details == {"duplicate": duplicate.pk, "change_set": response.data["id"]}

    client.post(f"/api/v1/change-sets/{response.data['id']}/undo/")
    undone = only(AuditAction.MERGE_UNDONE)
    assert (undone.target_type, undone.target_id) == ("imports.changeset", str(response.data["id"]))


def test_people_merged_are_named_by_id_alone(japan_officer, japan_desk):
    survivor = PersonFactory(given_name="Kenji", family_name="Watanabe", desk=japan_desk)
    duplicate = PersonFactory(given_name="Kenji", family_name="Watanabe", desk=japan_desk)
    response = api(japan_officer).post(
        f"/api/v1/people/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )
    assert response.status_code == 201, response.data
    merged = only(AuditAction.MERGED)
    assert merged.target_label == f"person #{survivor.pk}"
    assert no_event_names("Watanabe")
