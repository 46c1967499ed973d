"""The public front door: the inquiry form in seven languages without sign-in, reached by
the browser's language, accessible, embeddable only where configured, and each language's
inquiry on the right desk with its confirmation in that language."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pocketworld.core.models import Country, Language
from pocketworld.core.tests.factories import DeskCoverageFactory, DeskFactory
from pocketworld.inquiries import defences
from pocketworld.inquiries.choices import Channel, RoutedBy, Status
from pocketworld.inquiries.models import Inquiry, PrivacyNotice
from pocketworld.inquiries.public.privacy import privacy_text
from pocketworld.inquiries.tests.makers import NOW, controls_of, form_data, form_url

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ja", "zh-hans", "ko", "hi", "tr"]


@pytest.fixture(autouse=True)
def defaults(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.INQUIRY_MIN_FILL_SECONDS = 0
    settings.INQUIRY_FRAME_ANCESTORS = []
    return settings


# --- reaching the form -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_needs_no_sign_in(client, language):
    response = client.get(form_url(language))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'name="token"' in page
    assert defences.read_form_token(response.context["form"].initial["token"]) is not None
    # Never cached: each showing carries a fresh token.
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_every_showing_has_a_fresh_token(client):
    first = client.get(form_url()).context["form"].initial["token"]
    second = client.get(form_url()).context["form"].initial["token"]
    assert defences.read_form_token(first)["nonce"] != defences.read_form_token(second)["nonce"]


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("ja,en;q=0.5", "ja"),
        ("ja-JP", "ja"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh", "zh-hans"),
        ("ko-KR", "ko"),
        ("hi-IN,en;q=0.3", "hi"),
        ("tr-TR", "tr"),
        ("de-DE,de;q=0.9", "de"),
        ("en-GB", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("fr-FR, ko;q=0.5", "ko"),
        ("", "en"),
        ("*", "en"),
    ],
)
def test_the_front_door_speaks_the_browsers_language(client, accept, language):
    response = client.get(reverse("inquiries:public_start"), HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == form_url(language)


def test_the_front_door_without_accept_language(client):
    response = client.get("/inquiry/")
    assert response.status_code == 302 and response["Location"] == "/inquiry/en/"


@pytest.mark.parametrize("language", ["fr", "zh", "zh-hant", "EN", "xx"])
def test_a_language_the_form_does_not_speak_is_not_found(client, language):
    assert client.get(f"/inquiry/{language}/").status_code == 404
    response = client.post(f"/inquiry/{language}/", form_data())
    assert response.status_code == 404
    assert not Inquiry.objects.exists()


def test_the_form_carries_the_privacy_text_of_its_language(client):
    page = client.get(form_url("en")).content.decode()
    assert "Art. 6(1)(a)" in page
    PrivacyNotice.objects.create(language="en", text="Our own privacy words.")
    assert "Our own privacy words." in client.get(form_url("en")).content.decode()


# --- accessibility ------------------------------------------------------------------------


def test_every_control_has_a_label(client):
    page = client.get(form_url("ja")).content.decode()
    parsed = controls_of(page)
    names = {control.get("name") for control in parsed.controls}
    assert {
        "company_name",
        "country",
        "contact_name",
        "email",
        "phone",
        "plan",
        "sector",
        "size",
        "timing",
        "message",
        "attachment",
        "consent",
        "website",
    } <= names
    for control in parsed.controls:
        assert control.get("id") in parsed.label_for, f"no label for {control}"
    assert len(parsed.ids) == len(set(parsed.ids)), "an id is used twice"


def test_errors_are_summarised_as_an_alert_and_at_their_fields(send):
    response = send(email="not-an-address", consent=None)
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*>(.*?)</div>', page, re.S)
    assert summary, "no error summary with role=alert"
    assert 'href="#id_email"' in summary.group(1)
    assert 'href="#id_consent"' in summary.group(1)
    assert 'id="id_email-error"' in page
    assert 'id="id_consent-error"' in page
    assert "We can only answer if you agree." in page
    # What was entered is shown again.
    assert 'value="Yamada Robotics K.K."' in page
    parsed = controls_of(page)
    for control in parsed.controls:
        assert control.get("id") in parsed.label_for


# --- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"email": "taro-at-example"}, "email"),
        ({"email": None}, "email"),
        ({"consent": None}, "consent"),
        ({"country": "XX"}, "country"),
        ({"country": "Japan"}, "country"),
        ({"country": None}, "country"),
        ({"company_name": ""}, "company_name"),
        ({"contact_name": "Taro\x07Yamada"}, "contact_name"),
        ({"message": ""}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"plan": "world_domination"}, "plan"),
    ],
)
def test_invalid_input_is_refused_at_its_field(send, values, field):
    response = send(**values)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert f'href="#id_{field}"' in page
    assert not Inquiry.objects.exists()
    assert mail.outbox == []


def test_the_form_is_sent_without_a_csrf_cookie(django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(), form_data())
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


# --- a valid inquiry ----------------------------------------------------------------------


def test_a_valid_inquiry_is_received_and_thanked(send, client, japan_desk):
    response = send(phone="+81 3 1234", plan="expansion", sector="ict", size="50-249")
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.channel, inquiry.language, inquiry.status) == (Channel.FORM, "en", Status.NEW)
    assert (inquiry.desk, inquiry.routed_by) == (japan_desk, RoutedBy.COUNTRY)
    assert (inquiry.plan, inquiry.sector, inquiry.size) == ("expansion", "ict", "50-249")
    assert inquiry.consent_text == privacy_text("en")
    assert inquiry.consent_at == NOW
    assert inquiry.address_hash == defences.address_hash("127.0.0.1")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert inquiry.reference in thanks.content.decode()
    [message] = mail.outbox
    assert message.to == [inquiry.email]


def test_the_thanks_page_names_no_inquiry_to_anyone_else(client, send):
    send()
    assert client.get("/inquiry/en/thanks/1/").status_code == 404
    assert client.get("/inquiry/en/thanks/forged-ticket/").status_code == 404


# --- framing ------------------------------------------------------------------------------


def frame_ancestors(response):
    policy = response.get("Content-Security-Policy", "")
    match = re.search(r"frame-ancestors ([^;]*)", policy)
    return match.group(1).strip() if match else None


def test_by_default_no_site_frames_the_form(client):
    response = client.get(form_url())
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_the_agencys_website_may_frame_the_form(client, defaults, administrator):
    defaults.INQUIRY_FRAME_ANCESTORS = ["https://www.example.de"]
    response = client.get(form_url("ja"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "https://www.example.de"
    # The answers to a sent form too.
    invalid = client.post(form_url("ja"), form_data(email="nope"))
    assert invalid.status_code == 400 and "X-Frame-Options" not in invalid
    assert frame_ancestors(invalid) == "https://www.example.de"
    held = client.post(form_url("ja"), form_data(website="robot"))
    assert "X-Frame-Options" not in held
    assert frame_ancestors(held) == "https://www.example.de"
    # The staff's pages still may not be framed.
    client.force_login(administrator)
    staff = client.get(reverse("inquiries:inquiry_list"))
    assert staff.status_code == 200
    assert staff["X-Frame-Options"] == "DENY"
    assert frame_ancestors(staff) == "'none'"


def test_several_sites_may_frame_the_form(client, defaults):
    defaults.INQUIRY_FRAME_ANCESTORS = ["https://www.example.de", "https://example.de"]
    response = client.get(form_url())
    assert frame_ancestors(response).split() == ["https://www.example.de", "https://example.de"]


# --- seven languages ----------------------------------------------------------------------


@pytest.fixture
def desks(japan_desk, india_desk):
    """A desk for each language's inquiry: by the country it covers, the German one by the
    language it answers in (no desk covers Austria)."""

    def covering(name, code):
        desk = DeskFactory(name=name, slug=name.split()[0].lower())
        DeskCoverageFactory(desk=desk, country=Country.objects.get(code=code))
        return desk

    german = DeskFactory(name="DACH Desk", slug="dach")
    german.languages.set(Language.objects.filter(code="de"))
    return {
        "de": ("AT", german, RoutedBy.LANGUAGE),
        "en": ("US", covering("USA Desk", "US"), RoutedBy.COUNTRY),
        "ja": ("JP", japan_desk, RoutedBy.COUNTRY),
        "zh-hans": ("CN", covering("China Desk", "CN"), RoutedBy.COUNTRY),
        "ko": ("KR", covering("Korea Desk", "KR"), RoutedBy.COUNTRY),
        "hi": ("IN", india_desk, RoutedBy.COUNTRY),
        "tr": ("TR", covering("Turkey Desk", "TR"), RoutedBy.COUNTRY),
    }


def confirmation(inquiry, language):
    context = {"inquiry": inquiry, "desk": inquiry.desk}
    with translation.override(language):
        subject = render_to_string("inquiries/public/confirmation_subject.txt", context)
        body = render_to_string("inquiries/public/confirmation.txt", context)
    return " ".join(subject.split()), body


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_arrives_on_its_desk_confirmed_in_its_language(send, client, desks, language):
    country, desk, routed_by = desks[language]
    response = send(language=language, country=country, email=f"inquirer-{language}@example.org")
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"].startswith(f"/inquiry/{language}/thanks/")
    thanks = client.get(response["Location"])
    assert f'<html lang="{language}"' in thanks.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.language == language
    assert (inquiry.desk, inquiry.routed_by) == (desk, routed_by)
    assert inquiry.consent_text == privacy_text(language)
    [message] = mail.outbox
    assert message.to == [f"inquirer-{language}@example.org"]
    subject, body = confirmation(inquiry, language)
    assert message.subject == subject
    assert message.body == body
    assert inquiry.reference in message.subject and inquiry.reference in message.body
    if language != "en":
        english_subject, english_body = confirmation(inquiry, "en")
        assert message.subject != english_subject, (
            f"the confirmation's subject is in English, not {language}: "
            "is the catalogue translated and compiled?"
        )
        assert message.body != english_body
