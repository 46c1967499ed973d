"""The records of processing (GDPR Art. 30) are generated: from the models' declarations,
the policy, the retention rules and the settings; as a page and a PDF for staff."""

import dataclasses
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse

from pocketworld.companies.models import Company
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import PersonFactory
from pocketworld.events.models import Event
from pocketworld.privacy.models import RetentionRule
from pocketworld.privacy.processing import PURPOSES, personal_models, processing_record
from pocketworld.privacy.retention import create_default_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_rules(db):
    create_default_rules()


def categories():
    """{model label: Category} of the record as of now."""
    return {
        category.label: category
        for activity in processing_record().activities
        for category in activity.categories
    }


def test_every_model_with_personal_data_is_in_the_record():
    declared = {
        model._meta.label
        for model in apps.get_models()
        if getattr(model, "access", None) is not None
        and (model.access.personal_fields or model.access.personal_rows)
        and not model.__name__.startswith("Historical")
    }
    assert {"contacts.Person", "interactions.Interaction", "events.Participant"} <= declared
    assert set(categories()) == declared
    person = categories()["contacts.Person"]
    assert {"family name", "e-mail", "legal basis", "contract ends on"} <= set(person.fields)
    assert person.history and not categories()["search.SearchEntry"].history
    assert categories()["events.Participant"].whole_rows


def test_a_newly_declared_personal_field_changes_the_record(monkeypatch):
    assert "companies.Company" not in categories()
    declared = dataclasses.replace(Company.access, personal_fields=("website",))
    monkeypatch.setattr(Company, "access", declared)
    company = categories()["companies.Company"]
    assert company.fields == ["website"] and company.name == "Companies"
    more = dataclasses.replace(
        Person.access, personal_fields=(*Person.access.personal_fields, "desk")
    )
    monkeypatch.setattr(Person, "access", more)
    assert "responsible desk" in categories()["contacts.Person"].fields


def test_every_app_with_personal_data_has_its_purpose():
    labels = {model._meta.app_label for model in personal_models()}
    assert labels - set(PURPOSES) == set(), "describe the purpose in privacy.processing.PURPOSES"
    assert all(activity.purpose for activity in processing_record().activities)


def test_who_reads_and_changes_comes_from_the_policy():
    person = categories()["contacts.Person"]
    assert person.readers == [
        "administrator",
        "director",
        "head of desk",
        "desk officer",
        "assistant",
    ]
    assert person.changers == [
        "administrator",
        "director",
        "head of desk (own desks)",
        "desk officer (own desks)",
        "assistant (own desks)",
    ]
    assert person.deleters == [
        "administrator",
        "director",
        "head of desk (own desks)",
        "desk officer (own desks)",
    ]
    # Partner viewers see events, but never the leader of a delegation.
    assert "partner viewer" not in categories()["events.Event"].readers
    assert Event.access.internal is False


def test_legal_bases_and_retention_come_from_the_data_and_the_rules():
    PersonFactory.create_batch(2, legal_basis=LegalBasis.PUBLIC_TASK)
    RetentionRule.objects.filter(legal_basis=LegalBasis.CONSENT).update(months=24, grace_days=14)
    bases = {basis.label: basis for basis in processing_record().legal_bases}
    assert bases["public task (Art. 6(1)(e) GDPR)"].people == 2
    assert bases["consent (Art. 6(1)(a) GDPR)"].people == 0
    assert bases["consent (Art. 6(1)(a) GDPR)"].rule == (
        "Due for review 24 months after the last activity; erased 14 days after that "
        "unless kept longer."
    )
    assert "contract ends" in bases["contract (Art. 6(1)(b) GDPR)"].rule
    RetentionRule.objects.filter(legal_basis=LegalBasis.PUBLIC_TASK).delete()
    bases = {basis.label: basis for basis in processing_record().legal_bases}
    assert bases["public task (Art. 6(1)(e) GDPR)"].rule == "No rule: kept until erased on request."


def test_processors_come_from_the_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "mail.example.org", 587, True
    settings.SITE_URL = "https://pocketworld.example.org"
    settings.SESSION_COOKIE_SECURE = True
    record = processing_record()
    processors = dict(record.processors)
    assert processors["e-mail"] == "the mail server mail.example.org:587, encrypted (TLS)"
    assert processors["application"] == "pocketworld at https://pocketworld.example.org"
    assert "Sign-in cookies are sent over HTTPS only." in record.measures
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert dict(processing_record().processors)["e-mail"] == "none: e-mail is not sent out"


def test_the_page_is_for_staff(client, japan_assistant, director, partner_viewer):
    url = reverse("privacy:processing_records")
    page = pages_of(japan_assistant).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Contacts" in text and "Positions" in text and "Legitimate interest" in text
    assert pages_of(director).get(url).status_code == 200
    assert pages_of(partner_viewer).get(url).status_code == 403
    assert (
        pages_of(partner_viewer).get(reverse("privacy:processing_records_pdf")).status_code == 403
    )
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response.url


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_pdf_holds_the_same_record(japan_officer):
    response = pages_of(japan_officer).get(
        reverse("privacy:processing_records_pdf"), {"language": "en"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "records-of-processing-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Records of processing" in text
    assert "Interactions and tasks" in text and "Participants" in text
    assert "Contract (Art. 6(1)(b) GDPR)" in text
    bad = pages_of(japan_officer).get(reverse("privacy:processing_records_pdf"), {"language": "xx"})
    assert bad.status_code == 400


def test_what_points_to_a_person_is_kept_as_long_as_the_person():
    kept = {label: category.retention for label, category in categories().items()}
    assert kept["contacts.Person"] == "By legal basis: see the retention rules."
    for label in ("contacts.Position", "interactions.Interaction", "privacy.RetentionExtension"):
        assert kept[label] == "As long as the person: erased with them.", label
    assert kept["accounts.User"] == "As long as the record it belongs to."
