"""The abuse defences of the public form, none a third party's: a hidden field, a minimum
filling time, a signed one-time token, limits per address and per e-mail, a cap on links
and files known by their content. What they reject is kept as spam with its reason, never
lost, and never confirmed to the sender."""

import datetime
import functools
import time

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile

from pocketworld.inquiries import defences
from pocketworld.inquiries.choices import SpamReason, Status
from pocketworld.inquiries.models import Attachment, Inquiry
from pocketworld.inquiries.tests.makers import NOW, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def defaults(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.INQUIRY_MIN_FILL_SECONDS = 0
    settings.INQUIRY_MAX_PER_ADDRESS = 5
    settings.INQUIRY_MAX_PER_EMAIL = 3
    settings.INQUIRY_MAX_LINKS = 2
    settings.INQUIRY_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
    return settings


@pytest.fixture
def send(send):
    """Post the English public form as a browser does, from 203.0.113.7 unless told another
    address, the worker sending what it queues."""
    return functools.partial(send, address="203.0.113.7")


def only_inquiry():
    [inquiry] = Inquiry.objects.all()
    return inquiry


def held(response, status=200):
    assert response.status_code == status, response.content.decode()[-2000:]
    assert "thanks" not in response.get("Location", "")
    return response.content.decode()


# --- the verdict ------------------------------------------------------------------------


def verdict(**values):
    arguments = {
        "honeypot": "",
        "token": {"at": time.time() - 60, "nonce": "n"},
        "texts": ["Hello"],
    }
    arguments.update(values)
    return defences.spam_reason(**arguments)


def test_a_plain_submission_passes():
    assert verdict() == ""


def test_an_api_submission_has_no_token_to_check():
    assert verdict(token=False) == ""


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"honeypot": "http://spam.example"}, SpamReason.HONEYPOT),
        ({"token": None}, SpamReason.NO_TOKEN),
        ("too fast", SpamReason.TOO_FAST),
        ({"texts": ["see http://a.example https://b.example www.c.example"]}, SpamReason.LINKS),
        ({"texts": ["http://a.example", "[url=x]", "www.b.example"]}, SpamReason.LINKS),
    ],
)
def test_each_defence_has_its_reason(defaults, values, reason):
    defaults.INQUIRY_MIN_FILL_SECONDS = 3
    if values == "too fast":
        values = {"token": {"at": time.time() - 1, "nonce": "n"}}
    assert verdict(**values) == reason


def test_links_up_to_the_limit_pass():
    assert defences.link_count("http://a.example and www.b.example") == 2
    # A web address counts once, with its scheme and www alike.
    assert defences.link_count("https://www.acme.de and www.acme.co.jp/about") == 2
    assert verdict(texts=["http://a.example", "www.b.example"]) == ""


def test_the_address_is_kept_as_a_keyed_hash():
    hashed = defences.address_hash("203.0.113.7")
    assert hashed and "203.0.113.7" not in hashed
    assert hashed == defences.address_hash("203.0.113.7")
    assert hashed != defences.address_hash("203.0.113.8")
    assert defences.address_hash("") == ""


def test_a_token_reads_back_only_if_signed_here():
    token = defences.new_form_token()
    read = defences.read_form_token(token)
    assert read["nonce"] and read["at"] == pytest.approx(time.time())
    assert defences.read_form_token(token + "x") is None
    assert defences.read_form_token("") is None
    assert defences.read_form_token(None) is None
    # Signed, but for something else.
    assert defences.read_form_token(signing.dumps({"at": 0, "nonce": "n"})) is None
    assert defences.read_form_token(signing.dumps([1], salt=defences.TOKEN_SALT)) is None


def test_a_token_expires_after_a_day(time_machine):
    token = defences.new_form_token()
    time_machine.move_to(NOW + datetime.timedelta(hours=25), tick=False)
    assert defences.read_form_token(token) is None


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"MZ\x90\x00\x03\x00", None),
        (b"<!DOCTYPE html><html>", None),
        (b"<svg xmlns=", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_files_are_known_by_their_first_bytes(head, content_type):
    assert defences.file_type(head) == content_type


# --- through the form ---------------------------------------------------------------------


def test_a_filled_hidden_field_is_kept_as_spam_unconfirmed(send, japan_desk):
    response = send(website="http://cheap-pills.example")
    page = held(response)
    assert 'role="status"' in page
    inquiry = only_inquiry()
    assert (inquiry.status, inquiry.spam_reason) == (Status.SPAM, SpamReason.HONEYPOT)
    assert inquiry.desk == japan_desk
    assert mail.outbox == []


def test_sent_faster_than_a_person_fills_the_form(send, defaults, time_machine):
    defaults.INQUIRY_MIN_FILL_SECONDS = 3
    token = defences.new_form_token()
    held(send(token=token))
    inquiry = only_inquiry()
    assert (inquiry.status, inquiry.spam_reason) == (Status.SPAM, SpamReason.TOO_FAST)
    assert mail.outbox == []


def test_sent_after_the_minimum_time_passes(send, defaults, time_machine):
    defaults.INQUIRY_MIN_FILL_SECONDS = 3
    token = defences.new_form_token()
    time_machine.move_to(NOW + datetime.timedelta(seconds=4), tick=False)
    response = send(token=token)
    assert response.status_code == 302 and "/thanks/" in response["Location"]
    assert only_inquiry().status == Status.NEW
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("token", [None, "", "forged", "another salt"])
def test_a_missing_or_forged_token(send, token):
    data = form_data()
    if token == "another salt":
        token = signing.dumps({"at": 0, "nonce": "x"}, salt="another.salt")
    if token is None:
        del data["token"]
    else:
        data["token"] = token
    held(send(data))
    inquiry = only_inquiry()
    assert (inquiry.status, inquiry.spam_reason) == (Status.SPAM, SpamReason.NO_TOKEN)
    assert inquiry.nonce is None
    assert mail.outbox == []


def test_an_expired_token(send, time_machine):
    token = defences.new_form_token()
    time_machine.move_to(NOW + datetime.timedelta(days=2), tick=False)
    held(send(token=token))
    assert only_inquiry().spam_reason == SpamReason.NO_TOKEN


def test_too_many_from_one_address_within_the_hour(send, defaults, time_machine):
    defaults.INQUIRY_MAX_PER_ADDRESS = 2
    for number in range(2):
        response = send(email=f"person{number}@example.jp")
        assert response.status_code == 302
    response = send(email="person3@example.jp")
    page = held(response, 429)
    assert 'role="alert"' in page
    latest = Inquiry.objects.order_by("-pk").first()
    assert (latest.status, latest.spam_reason) == (Status.SPAM, SpamReason.ADDRESS_LIMIT)
    assert Inquiry.objects.count() == 3
    assert len(mail.outbox) == 2
    # Another address is not held back.
    assert send(email="person4@example.jp", address="198.51.100.1").status_code == 302
    # An hour later the address may send again.
    time_machine.move_to(NOW + datetime.timedelta(minutes=61), tick=False)
    assert send(email="person5@example.jp").status_code == 302


def test_too_many_from_one_email_within_the_hour(send, defaults):
    defaults.INQUIRY_MAX_PER_EMAIL = 2
    for number in range(2):
        assert send(address=f"198.51.100.{number}").status_code == 302
    held(send(address="198.51.100.9", email="TARO@yamada-robotics.example.jp"), 429)
    latest = Inquiry.objects.order_by("-pk").first()
    assert (latest.status, latest.spam_reason) == (Status.SPAM, SpamReason.EMAIL_LIMIT)
    assert len(mail.outbox) == 2


def test_too_many_links(send, defaults):
    message = "Visit http://a.example, https://b.example and www.c.example"
    held(send(message=message))
    inquiry = only_inquiry()
    assert (inquiry.status, inquiry.spam_reason) == (Status.SPAM, SpamReason.LINKS)
    assert inquiry.message == message
    assert mail.outbox == []


def test_links_in_the_names_count_too(send):
    held(send(company_name="www.a.example", contact_name="http://b.example", message="www.c.x"))
    assert only_inquiry().spam_reason == SpamReason.LINKS


def test_a_form_sent_twice_is_stored_once(send, client):
    data = form_data()
    first = send(data)
    second = send(data)
    assert first.status_code == second.status_code == 302
    inquiry = only_inquiry()
    assert inquiry.nonce.startswith("form:")
    assert len(mail.outbox) == 1
    # Both answers show the same reference.
    for response in (first, second):
        assert inquiry.reference in client.get(response["Location"]).content.decode()


def test_a_form_sent_twice_near_the_address_limit_is_answered_as_the_first(send, defaults):
    """The second send of a form that arrived stores nothing: it is no further inquiry of
    the address and is answered as the first was, not with the rate limit."""
    defaults.INQUIRY_MAX_PER_ADDRESS = 1
    data = form_data()
    first = send(data)
    second = send(data)
    assert first.status_code == 302
    assert only_inquiry().status == Status.NEW
    assert second.status_code == 302, "the resent form was answered with the rate limit"


def test_a_held_form_sent_again_is_not_told_it_arrived(send, defaults, time_machine):
    """Too fast at first, resent a few seconds later with the same token: the stored
    inquiry stays in the spam folder, so the sender must not be thanked and promised a
    confirmation e-mail that never comes."""
    defaults.INQUIRY_MIN_FILL_SECONDS = 3
    data = form_data()
    held(send(data))
    time_machine.move_to(NOW + datetime.timedelta(seconds=10), tick=False)
    again = send(data)
    inquiry = only_inquiry()
    assert inquiry.status == Status.SPAM
    assert mail.outbox == []
    assert again.status_code != 302, f"thanked for a held inquiry: {again.get('Location')}"


def test_spam_is_never_lost(send, defaults, time_machine):
    defaults.INQUIRY_MAX_PER_ADDRESS = 3
    defaults.INQUIRY_MAX_PER_EMAIL = 3
    posted = [
        send(website="filled"),
        send(token="forged", email="a@example.jp", address="198.51.100.1"),
        send(message="http://a.x http://b.x http://c.x", email="b@example.jp"),
        send(email="c@example.jp"),
        send(email="d@example.jp"),  # the address's fourth within the hour
        send(email="e@example.jp", address="198.51.100.2"),
        send(email="e@example.jp", address="198.51.100.3"),
        send(email="e@example.jp", address="198.51.100.4"),
        send(email="e@example.jp", address="198.51.100.5"),  # the e-mail's fourth
    ]
    assert len(posted) == Inquiry.objects.count()
    reasons = sorted(Inquiry.objects.exclude(spam_reason="").values_list("spam_reason", flat=True))
    assert reasons == sorted(
        [
            SpamReason.HONEYPOT,
            SpamReason.NO_TOKEN,
            SpamReason.LINKS,
            SpamReason.ADDRESS_LIMIT,
            SpamReason.EMAIL_LIMIT,
        ]
    )
    assert [response.status_code for response in posted].count(429) == 2
    assert Inquiry.objects.filter(status=Status.NEW).count() == 4
    assert len(mail.outbox) == 4


# --- attachments --------------------------------------------------------------------------


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_pdf_is_stored(send):
    data = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    response = send(attachment=upload("Business plan.pdf", data))
    assert response.status_code == 302
    attachment = Attachment.objects.get(inquiry=only_inquiry())
    assert attachment.name == "Business plan.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(data)
    assert bytes(attachment.data) == data


def test_the_type_is_told_by_the_content_not_the_name(send):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert send(attachment=upload("photo.pdf", data)).status_code == 302
    assert Attachment.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        b"\x7fELF\x02\x01\x01\x00",  # a Linux executable
        b"<!DOCTYPE html><script>alert(1)</script>",
        b"<html><body>Invoice</body></html>",
    ],
)
def test_a_pdf_in_name_only_is_refused(send, data):
    response = send(attachment=upload("invoice.pdf", data))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_attachment-error"' in page
    assert "Please attach a PDF, PNG or JPEG file." in page
    assert not Inquiry.objects.exists()
    assert not Attachment.objects.exists()
    assert mail.outbox == []


def test_a_file_over_the_limit_is_refused(send, defaults):
    defaults.INQUIRY_MAX_ATTACHMENT_BYTES = 100
    response = send(attachment=upload("plan.pdf", b"%PDF-1.4\n" + b"0" * 200))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_attachment-error"' in page
    assert "The file is larger than 100" in page
    assert not Inquiry.objects.exists() and not Attachment.objects.exists()


def test_a_file_at_the_limit_is_taken(send, defaults):
    defaults.INQUIRY_MAX_ATTACHMENT_BYTES = 100
    data = b"%PDF-1.4\n" + b"0" * 91
    assert len(data) == 100
    assert send(attachment=upload("plan.pdf", data)).status_code == 302
    assert bytes(Attachment.objects.get().data) == data


def test_spam_keeps_its_attachment(send):
    held(send(website="x", attachment=upload("plan.pdf", b"%PDF-1.4\n")))
    assert Attachment.objects.get().inquiry.status == Status.SPAM
