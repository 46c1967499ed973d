"""The API of inquiries: the public endpoint without sign-in under the form's defences, and
the staff's inquiries, read, filtered and acted on through the same services as the pages."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.models import Country
from pocketworld.core.testing import api_of
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PartnerOrganisationFactory,
    PersonFactory,
)
from pocketworld.events.models import Participant
from pocketworld.inquiries import choices
from pocketworld.inquiries.models import Attachment, Inquiry, Reply
from pocketworld.inquiries.tests import makers
from pocketworld.programmes.models import Membership
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

PUBLIC = reverse("api:inquiry-public")
LIST = reverse("api:inquiry-list")


def detail(inquiry, action=None):
    if action is None:
        return reverse("api:inquiry-detail", args=[inquiry.pk])
    return reverse(f"api:inquiry-{action}", args=[inquiry.pk])


@pytest.fixture(autouse=True)
def defaults(settings, time_machine):
    time_machine.move_to(makers.NOW, tick=False)
    settings.INQUIRY_MAX_PER_ADDRESS = 5
    settings.INQUIRY_MAX_PER_EMAIL = 3
    settings.INQUIRY_MAX_LINKS = 2
    return settings


@pytest.fixture
def post_public(django_capture_on_commit_callbacks):
    def post(data=None, address="203.0.113.7", format="json", **headers):
        client = APIClient()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                PUBLIC, data or makers.public_data(), format=format, REMOTE_ADDR=address, **headers
            )

    return post


@pytest.fixture
def inquiry(japan_desk, make_inquiry):
    return make_inquiry()


# --- the public endpoint -------------------------------------------------------------------


def test_a_valid_inquiry_without_sign_in(post_public, japan_desk):
    response = post_public()
    assert response.status_code == 201, response.json()
    inquiry = Inquiry.objects.get()
    assert response.json() == {"reference": inquiry.reference, "status": "received"}
    assert (inquiry.channel, inquiry.language, inquiry.status) == (
        choices.Channel.API,
        "ja",
        choices.Status.NEW,
    )
    assert (inquiry.desk, inquiry.routed_by) == (japan_desk, choices.RoutedBy.COUNTRY)
    [message] = mail.outbox
    assert message.to == [inquiry.email] and inquiry.reference in message.subject


@pytest.mark.parametrize(
    ("code", "language"),
    [("zh", "zh-hans"), ("ZH", "zh-hans"), ("zh-hans", "zh-hans"), ("de", "de"), ("tr", "tr")],
)
def test_the_language_as_iso_639_1(post_public, code, language):
    assert post_public(makers.public_data(language=code)).status_code == 201
    assert Inquiry.objects.get().language == language


def test_optional_fields(post_public):
    response = post_public(
        makers.public_data(
            phone="+81 3 1234", plan="startup", sector="ict", size="10-49", timing="6_months"
        )
    )
    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert (inquiry.plan, inquiry.sector, inquiry.size, inquiry.timing) == (
        "startup",
        "ict",
        "10-49",
        "6_months",
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "Japan"}, "country"),
        ({"language": "fr"}, "language"),
        ({"language": "zh-hant-tw"}, "language"),
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"email": "not-an-address"}, "email"),
        ({"company_name": None}, "company_name"),
        ({"contact_name": None}, "contact_name"),
        ({"message": None}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"contact_name": "Taro\x07Yamada"}, "contact_name"),
        ({"plan": "conquest"}, "plan"),
    ],
)
def test_invalid_input_is_400_with_the_fields_message(post_public, values, field):
    response = post_public(makers.public_data(**values))
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert not Inquiry.objects.exists()
    assert mail.outbox == []


def test_the_consent_message(post_public):
    response = post_public(makers.public_data(consent=False))
    assert response.json()["consent"] == ["We can only answer if you agree."]


def test_the_language_message_names_the_languages(post_public):
    message = post_public(makers.public_data(language="fr")).json()["language"][0]
    for code in ("de", "en", "ja", "zh", "ko", "hi", "tr"):
        assert code in message


def test_nothing_sent_at_all(post_public):
    response = APIClient().post(PUBLIC, {}, format="json")
    assert response.status_code == 400
    assert {"company_name", "country", "contact_name", "email", "language", "message"} <= set(
        response.json()
    )


def test_a_filled_hidden_field_is_held(post_public):
    response = post_public(makers.public_data(website="http://spam.example"))
    assert response.status_code == 202
    assert response.json() == {"status": "held"}
    inquiry = Inquiry.objects.get()
    assert (inquiry.status, inquiry.spam_reason) == (
        choices.Status.SPAM,
        choices.SpamReason.HONEYPOT,
    )
    assert mail.outbox == []


def test_too_many_links_are_held(post_public):
    response = post_public(makers.public_data(message="http://a.x http://b.x www.c.x"))
    assert response.status_code == 202
    assert Inquiry.objects.get().spam_reason == choices.SpamReason.LINKS


def test_no_token_is_needed_nor_a_filling_time(post_public, defaults):
    defaults.INQUIRY_MIN_FILL_SECONDS = 60
    assert post_public().status_code == 201


def test_the_rate_limit_per_address(post_public, defaults):
    defaults.INQUIRY_MAX_PER_ADDRESS = 2
    for number in range(2):
        assert post_public(makers.public_data(email=f"p{number}@example.jp")).status_code == 201
    response = post_public(makers.public_data(email="p9@example.jp"))
    assert response.status_code == 429
    assert response.json()["detail"]
    latest = Inquiry.objects.order_by("-pk").first()
    assert (latest.status, latest.spam_reason) == (
        choices.Status.SPAM,
        choices.SpamReason.ADDRESS_LIMIT,
    )
    assert Inquiry.objects.count() == 3
    assert len(mail.outbox) == 2


def test_the_rate_limit_per_email(post_public, defaults):
    defaults.INQUIRY_MAX_PER_EMAIL = 1
    assert post_public(address="198.51.100.1").status_code == 201
    assert post_public(address="198.51.100.2").status_code == 429
    assert Inquiry.objects.order_by("-pk").first().spam_reason == choices.SpamReason.EMAIL_LIMIT


def test_an_idempotency_key_stores_once(post_public):
    first = post_public(HTTP_IDEMPOTENCY_KEY="order-4711")
    second = post_public(HTTP_IDEMPOTENCY_KEY="order-4711")
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["reference"] == second.json()["reference"]
    assert Inquiry.objects.count() == 1
    assert len(mail.outbox) == 1
    # Another key is another inquiry.
    assert post_public(HTTP_IDEMPOTENCY_KEY="order-4712").status_code == 201
    assert Inquiry.objects.count() == 2


def test_a_retry_at_the_rate_limit_gets_the_first_answer(post_public, defaults):
    """A retried request (its answer was lost on the way) stores nothing new, so it is no
    further inquiry of the address or e-mail: it gets the reference, not a 429."""
    defaults.INQUIRY_MAX_PER_EMAIL = 1
    first = post_public(HTTP_IDEMPOTENCY_KEY="retry-1")
    second = post_public(HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201
    assert Inquiry.objects.count() == 1
    assert second.status_code == 200, second.json()
    assert second.json()["reference"] == first.json()["reference"]


def test_an_attachment_by_multipart(post_public):
    data = makers.public_data(consent="true")
    data["attachment"] = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    response = post_public(data, format="multipart")
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.content_type) == ("plan.pdf", "application/pdf")


def test_an_executable_named_pdf_is_refused(post_public):
    data = makers.public_data(consent="true")
    data["attachment"] = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03", "application/pdf")
    response = post_public(data, format="multipart")
    assert response.status_code == 400
    assert "attachment" in response.json()
    assert not Inquiry.objects.exists() and not Attachment.objects.exists()


# --- the staff's inquiries: reading -------------------------------------------------------


def test_the_desk_is_a_brief_object(inquiry, japan_officer, japan_desk):
    response = api_of(japan_officer).get(detail(inquiry))
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == inquiry.reference
    assert data["desk"] == {
        "id": japan_desk.pk,
        "display": "Japan Desk",
        "url": f"http://testserver{japan_desk.get_absolute_url()}",
    }
    assert data["country"] == "JP"
    assert data["overdue"] is False
    assert data["replies"] == []


def test_filters(make_inquiry, japan_desk, india_desk, director, time_machine):
    old = make_inquiry()  # on the Japan desk, overdue by tomorrow noon
    time_machine.move_to(makers.berlin(2026, 1, 13, 12, 0), tick=False)
    fresh = make_inquiry(country=Country.objects.get(code="IN"), email="a@example.in")
    spam = make_inquiry(spam_reason=choices.SpamReason.LINKS, email="b@example.jp")
    client = api_of(director)

    def ids(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert ids() == {old.pk, fresh.pk, spam.pk}
    assert ids(desk=japan_desk.pk) == {old.pk, spam.pk}
    assert ids(desk=india_desk.pk) == {fresh.pk}
    assert ids(status="spam") == {spam.pk}
    assert ids(status="new") == {old.pk, fresh.pk}
    assert ids(overdue="true") == {old.pk}
    assert ids(overdue="false") == {fresh.pk, spam.pk}
    overdue = client.get(detail(old)).json()
    assert overdue["overdue"] is True


def test_a_partner_viewer_gets_no_inquiry(inquiry, partner_viewer):
    client = api_of(partner_viewer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get(detail(inquiry)).status_code == 404
    assert client.post(detail(inquiry, "close"), {"reason": "out_of_scope"}).status_code in (
        403,
        404,
    )
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_anonymous_gets_nothing(inquiry):
    client = APIClient()
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(inquiry)).status_code in (401, 403)
    response = client.post(detail(inquiry, "reply"), {"channel": "phone"})
    assert response.status_code in (401, 403)
    assert not Reply.objects.exists()


def test_another_desk_reads_but_may_not_act(inquiry, india_officer):
    client = api_of(india_officer)
    assert inquiry.pk in {item["id"] for item in client.get(LIST).json()["results"]}
    assert client.get(detail(inquiry)).status_code == 200
    actions = {
        "reply": {"channel": "phone"},
        "close": {"reason": "out_of_scope"},
        "lead": {"title": "Not mine"},
        "link": {"company": CompanyFactory().pk},
        "forward": {"partner": PartnerOrganisationFactory().pk, "note": "x"},
    }
    for action, data in actions.items():
        response = client.post(detail(inquiry, action), data)
        assert response.status_code == 403, (action, response.json())
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.company) == (choices.Status.NEW, "", None)
    assert not Reply.objects.exists()


def test_nobody_deletes_through_a_desk_of_another(inquiry, india_officer):
    assert api_of(india_officer).delete(detail(inquiry)).status_code == 403
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


# --- the staff's inquiries: acting ----------------------------------------------------------


def test_reply_by_email(inquiry, japan_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_of(japan_officer).post(
            detail(inquiry, "reply"), {"subject": "Re", "body": "Dear Mr Yamada"}
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == choices.Status.ANSWERED
    assert data["first_response_at"] is not None
    assert [reply["channel"] for reply in data["replies"]] == [choices.ReplyChannel.EMAIL]
    [message] = mail.outbox
    assert message.to == [inquiry.email] and message.body == "Dear Mr Yamada"


def test_record_a_phone_reply(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "reply"), {"channel": "phone"})
    assert response.status_code == 201
    assert response.json()["status"] == choices.Status.ANSWERED
    assert mail.outbox == []


def test_an_email_reply_without_text_is_400(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "reply"), {"body": " "})
    assert response.status_code == 400
    assert "body" in response.json()
    inquiry.refresh_from_db()
    assert not Reply.objects.exists() and inquiry.status == choices.Status.NEW


def test_reassign_by_the_head(inquiry, japan_desk, india_desk):
    head = makers.desk_head(japan_desk)
    response = api_of(head).post(detail(inquiry, "reassign"), {"desk": india_desk.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["desk"]["id"] == india_desk.pk
    assert response.json()["routed_by"] == choices.RoutedBy.HAND


def test_an_officer_may_not_reassign_but_takes_a_deskless_one(
    inquiry, japan_officer, india_desk, make_inquiry, japan_desk
):
    client = api_of(japan_officer)
    response = client.post(detail(inquiry, "reassign"), {"desk": india_desk.pk})
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.desk == japan_desk
    deskless = make_inquiry(country=Country.objects.get(code="BR"), language="en")
    response = client.post(detail(deskless, "reassign"), {"desk": japan_desk.pk, "note": "Mine"})
    assert response.status_code == 200, response.json()
    assert response.json()["desk"]["id"] == japan_desk.pk


def test_reassign_to_no_desk_is_400(inquiry, director):
    response = api_of(director).post(detail(inquiry, "reassign"), {"desk": 999999})
    assert response.status_code == 400 and "desk" in response.json()


def test_link(inquiry, japan_officer):
    company = CompanyFactory()
    person = PersonFactory()
    response = api_of(japan_officer).post(
        detail(inquiry, "link"), {"company": company.pk, "person": person.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["company"]["id"] == company.pk
    assert response.json()["person"]["id"] == person.pk


def test_link_needs_a_company_or_person(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "link"), {})
    assert response.status_code == 400
    assert response.json()


def test_lead(inquiry, japan_officer):
    response = api_of(japan_officer).post(
        detail(inquiry, "lead"), {"title": "Yamada office", "kind": "expansion", "note": "Go"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    project = Project.objects.get()
    assert data["outcome"] == choices.Outcome.LEAD and data["status"] == choices.Status.DONE
    assert data["project"]["id"] == project.pk
    assert data["company"]["id"] == project.company_id
    assert project.kind == "expansion"


def test_lead_without_a_title_is_400_and_makes_nothing(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "lead"), {"kind": "expansion"})
    assert response.status_code == 400 and "title" in response.json()
    assert not Project.objects.exists() and not Company.objects.exists()


def test_programme(inquiry, japan_officer, japan_desk):
    cohort = makers.cohort_of(japan_desk)
    response = api_of(japan_officer).post(detail(inquiry, "programme"), {"cohort": cohort.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == choices.Outcome.PROGRAMME
    assert Membership.objects.get().cohort == cohort


def test_programme_with_the_company_in_the_cohort_saves_nothing(inquiry, japan_officer, japan_desk):
    cohort = makers.cohort_of(japan_desk)
    company = makers.member_of(cohort)
    client = api_of(japan_officer)
    assert client.post(detail(inquiry, "link"), {"company": company.pk}).status_code == 200
    response = client.post(detail(inquiry, "programme"), {"cohort": cohort.pk})
    assert response.status_code == 400
    assert response.json()
    inquiry.refresh_from_db()
    assert inquiry.outcome == "" and inquiry.person is None
    assert not Person.objects.exists()
    assert Membership.objects.count() == 1


def test_programme_for_skilled_workers_is_400(inquiry, japan_officer, japan_desk):
    """The page offers start-up and soft-landing programmes only; the API keeps the rule."""
    cohort = makers.cohort_of(japan_desk, kind="skilled_workers")
    response = api_of(japan_officer).post(detail(inquiry, "programme"), {"cohort": cohort.pk})
    assert response.status_code == 400, response.json()
    assert not Membership.objects.exists() and not Company.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_event(inquiry, japan_officer, japan_desk):
    event = makers.event_of(japan_desk)
    response = api_of(japan_officer).post(
        detail(inquiry, "event"), {"event": event.pk, "role": "exhibitor"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == choices.Outcome.EVENT
    assert Participant.objects.get().role == "exhibitor"


def test_event_of_another_desk_is_refused(inquiry, japan_officer, india_desk):
    event = makers.event_of(india_desk)
    response = api_of(japan_officer).post(detail(inquiry, "event"), {"event": event.pk})
    assert response.status_code in (400, 403)
    assert not Participant.objects.exists() and not Company.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_forward(inquiry, japan_officer):
    partner = PartnerOrganisationFactory()
    response = api_of(japan_officer).post(
        detail(inquiry, "forward"), {"partner": partner.pk, "note": "For the chamber"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["outcome"] == choices.Outcome.PARTNER
    assert data["partner"]["id"] == partner.pk
    assert data["outcome_note"] == "For the chamber"


def test_forward_needs_a_note(inquiry, japan_officer):
    partner = PartnerOrganisationFactory()
    response = api_of(japan_officer).post(detail(inquiry, "forward"), {"partner": partner.pk})
    assert response.status_code == 400 and "note" in response.json()
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_close_and_release(inquiry, japan_officer, django_capture_on_commit_callbacks):
    client = api_of(japan_officer)
    response = client.post(detail(inquiry, "close"), {"reason": "spam"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == choices.Status.SPAM
    assert response.json()["spam_reason"] == choices.SpamReason.MARKED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(inquiry, "release"))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == choices.Status.NEW
    assert response.json()["outcome"] == ""


def test_close_with_an_unknown_reason_is_400(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "close"), {"reason": "bored"})
    assert response.status_code == 400 and "reason" in response.json()


def test_a_second_outcome_is_400_with_a_message(inquiry, japan_officer):
    client = api_of(japan_officer)
    assert client.post(detail(inquiry, "close"), {"reason": "duplicate"}).status_code == 200
    response = client.post(detail(inquiry, "lead"), {"title": "Again"})
    assert response.status_code == 400
    assert "triaged already" in str(response.json())
    assert not Project.objects.exists() and not Company.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.close_reason == choices.CloseReason.DUPLICATE


def test_release_of_an_inquiry_not_in_spam_is_400(inquiry, japan_officer):
    response = api_of(japan_officer).post(detail(inquiry, "release"))
    assert response.status_code == 400
    assert "spam" in str(response.json())


def test_a_nul_character_is_refused_with_its_field(db):
    """PostgreSQL stores no NUL character: the public endpoint says so, as every other."""
    answer = APIClient().post(
        PUBLIC, {**makers.public_data(), "message": "Hallo\x00"}, format="json"
    )
    assert answer.status_code == 400
    assert "message" in answer.json()
    assert not Inquiry.objects.exists()
