"""The staff's pages of inquiries: the list and spam folder, an inquiry's page for each
persona, the attachment as a download, and the action views (valid input acts, invalid
input comes back as a message and changes nothing, another desk is refused)."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from pocketworld.companies.models import Company
from pocketworld.contacts.models import Person
from pocketworld.core.testing import PERSONAS, user_of
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PartnerOrganisationFactory,
    PersonFactory,
)
from pocketworld.events.models import Participant
from pocketworld.inquiries import choices, services
from pocketworld.inquiries.models import Reply
from pocketworld.inquiries.tests import makers
from pocketworld.programmes.models import Membership
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

WORKERS = {"administrator", "director", "japan_officer", "japan_assistant"}
PDF = b"%PDF-1.4\n%plan\n%%EOF\n"


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(makers.NOW, tick=False)


@pytest.fixture
def inquiry(japan_desk, make_inquiry):
    return make_inquiry(file=services.File("Business plan.pdf", "application/pdf", PDF))


def signed_in(client, request, persona):
    user = user_of(request, persona)
    if user is not None:
        client.force_login(user)
    return client


def url(name, inquiry):
    return reverse(f"inquiries:inquiry_{name}", args=[inquiry.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def error_messages(response):
    return [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level_tag == "error"
    ]


def shown(response, persona):
    """Whether the page is shown to `persona`: an anonymous visitor is sent to sign in and a
    partner viewer finds nothing, else it is there."""
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return False
    if persona == "partner_viewer":
        assert response.status_code == 404
        return False
    assert response.status_code == 200
    return True


# --- the list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list(client, request, persona, inquiry):
    client = signed_in(client, request, persona)
    response = client.get(reverse("inquiries:inquiry_list"))
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    assert response.status_code == 200
    assert (inquiry.reference in response.content.decode()) == (persona != "partner_viewer")


def test_spam_stays_out_of_the_list_unless_asked_for(client, japan_officer, make_inquiry, inquiry):
    spam = make_inquiry(spam_reason=choices.SpamReason.HONEYPOT, company_name="Cheap Pills Ltd")
    client.force_login(japan_officer)
    page = client.get(reverse("inquiries:inquiry_list")).content.decode()
    assert inquiry.reference in page
    assert spam.reference not in page
    assert "Spam folder (1)" in page
    folder = client.get(reverse("inquiries:inquiry_list"), {"status": "spam"}).content.decode()
    assert spam.reference in folder
    assert inquiry.reference not in folder


def test_the_overdue_list(client, japan_officer, make_inquiry, inquiry, time_machine):
    time_machine.move_to(makers.berlin(2026, 1, 13, 12, 0), tick=False)
    fresh = make_inquiry(email="fresh@example.jp")
    client.force_login(japan_officer)
    page = client.get(reverse("inquiries:inquiry_list"), {"overdue": "true"}).content.decode()
    assert inquiry.reference in page
    assert fresh.reference not in page


# --- an inquiry's page -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_for_each_persona(client, request, persona, inquiry):
    client = signed_in(client, request, persona)
    response = client.get(inquiry.get_absolute_url())
    if not shown(response, persona):
        return
    page = response.content.decode()
    assert inquiry.reference in page
    assert inquiry.message in page
    works = persona in WORKERS
    assert ('id="reply-form"' in page) == works
    assert ('id="record-reply"' in page) == works
    assert ('id="triage"' in page) == works
    assert (url("lead", inquiry) in page) == works
    assert (url("close", inquiry) in page) == works
    # Reassigning is for directors, administrators and the desk's head.
    assert ('id="reassign"' in page) == (persona in {"administrator", "director"})
    # Nobody edits an inquiry.
    assert f"/inquiries/{inquiry.pk}/edit/" not in page


def test_the_desk_head_sees_the_reassign_form(client, japan_desk, inquiry):
    head = makers.desk_head(japan_desk)
    client.force_login(head)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert 'id="reassign"' in page


def test_the_page_shows_the_clock(client, japan_officer, inquiry, time_machine):
    time_machine.move_to(makers.berlin(2026, 1, 13, 12, 0), tick=False)
    client.force_login(japan_officer)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert 'class="overdue"' in page
    assert "waiting for 10.0 working hours" in page


def test_a_triaged_inquiry_offers_replies_but_no_triage(client, japan_officer, inquiry):
    services.close(inquiry, japan_officer, choices.CloseReason.ANSWERED_ONLY)
    client.force_login(japan_officer)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert 'id="reply-form"' in page
    assert 'id="triage"' not in page
    assert 'id="inquiry-outcome"' in page


def test_spam_offers_only_the_release(client, japan_officer, make_inquiry, japan_desk):
    spam = make_inquiry(spam_reason=choices.SpamReason.LINKS)
    client.force_login(japan_officer)
    page = client.get(spam.get_absolute_url()).content.decode()
    assert 'id="release"' in page
    assert 'id="reply-form"' not in page and 'id="triage"' not in page


def test_known_records_are_offered_for_linking(client, japan_officer, inquiry):
    person = PersonFactory(email="taro@yamada-robotics.example.jp")
    client.force_login(japan_officer)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert 'id="known-records"' in page
    assert f'name="person" value="{person.pk}"' in page


def test_the_page_is_well_formed_for_assistive_technology(client, director, inquiry):
    """Every control of the page has a label (or an aria-label), and no id is used twice:
    a label must name the one control it is for."""
    client.force_login(director)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    parsed = makers.controls_of(page, skip=("hidden", "submit"))
    duplicates = sorted({id_ for id_ in parsed.ids if parsed.ids.count(id_) > 1})
    assert duplicates == [], f"ids used more than once: {duplicates}"
    for control in parsed.controls:
        assert control.get("id") in parsed.label_for or control.get("aria-label"), control


# --- the attachment ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_attachment_is_a_download(client, request, persona, inquiry):
    client = signed_in(client, request, persona)
    response = client.get(url("attachment", inquiry))
    if not shown(response, persona):
        return
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Business plan.pdf" in disposition or "Business%20plan.pdf" in disposition
    assert response.content == PDF


def test_the_attachment_is_never_shown_inline(client, japan_officer, make_inquiry, japan_desk):
    # Whatever name it came with: an HTML page's name does not make it one.
    inquiry = make_inquiry(file=services.File("<script>.html", "image/png", b"\x89PNG\r\n\x1a\n"))
    client.force_login(japan_officer)
    response = client.get(url("attachment", inquiry))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_attachment_is_not_found(client, japan_officer, make_inquiry, japan_desk):
    inquiry = make_inquiry()
    client.force_login(japan_officer)
    assert client.get(url("attachment", inquiry)).status_code == 404


# --- acting on the page -------------------------------------------------------------------------


def test_reply_by_email(client, japan_officer, inquiry, django_capture_on_commit_callbacks):
    client.force_login(japan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reply", inquiry), {"subject": "", "body": "Dear Mr Yamada"})
    assert response.status_code == 302 and response["Location"] == inquiry.get_absolute_url()
    assert any(inquiry.email in message for message in messages_of(response))
    inquiry.refresh_from_db()
    assert inquiry.status == choices.Status.ANSWERED
    assert Reply.objects.get().channel == choices.ReplyChannel.EMAIL
    assert [message.to for message in mail.outbox] == [[inquiry.email]]


def test_record_a_phone_reply_in_one_click(client, japan_officer, inquiry):
    client.force_login(japan_officer)
    response = client.post(url("record_reply", inquiry), {"channel": "phone"})
    assert response.status_code == 302
    assert Reply.objects.get().channel == choices.ReplyChannel.PHONE
    inquiry.refresh_from_db()
    assert inquiry.status == choices.Status.ANSWERED and inquiry.first_response_at == makers.NOW
    assert mail.outbox == []


def test_turn_into_a_lead(client, japan_officer, inquiry):
    client.force_login(japan_officer)
    response = client.post(
        url("lead", inquiry), {"title": "Yamada office", "kind": "new_settlement", "note": ""}
    )
    assert response.status_code == 302
    assert not error_messages(response)
    inquiry.refresh_from_db()
    assert inquiry.outcome == choices.Outcome.LEAD
    assert inquiry.project == Project.objects.get()


def test_add_to_a_programme_and_an_event_and_forward(
    client, japan_officer, japan_desk, make_inquiry
):
    client.force_login(japan_officer)
    cohort = makers.cohort_of(japan_desk)
    event = makers.event_of(japan_desk)
    partner = PartnerOrganisationFactory()
    first = make_inquiry(email="a@example.jp")
    second = make_inquiry(email="b@example.jp", company_name="Second K.K.")
    third = make_inquiry(email="c@example.jp")
    response = client.post(url("programme", first), {"cohort": cohort.pk})
    assert response.status_code == 302 and not error_messages(response)
    response = client.post(url("event", second), {"event": event.pk, "role": "visitor"})
    assert response.status_code == 302 and not error_messages(response)
    response = client.post(url("forward", third), {"partner": partner.pk, "note": "Chamber"})
    assert response.status_code == 302 and not error_messages(response)
    for inquiry in (first, second, third):
        inquiry.refresh_from_db()
    assert (first.outcome, second.outcome, third.outcome) == (
        choices.Outcome.PROGRAMME,
        choices.Outcome.EVENT,
        choices.Outcome.PARTNER,
    )
    assert Membership.objects.get().cohort == cohort
    assert Participant.objects.get().event == event


def test_close_and_release(client, japan_officer, inquiry, django_capture_on_commit_callbacks):
    client.force_login(japan_officer)
    assert client.post(url("close", inquiry), {"reason": "spam"}).status_code == 302
    inquiry.refresh_from_db()
    assert (
        inquiry.status == choices.Status.SPAM and inquiry.spam_reason == choices.SpamReason.MARKED
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("release", inquiry))
    assert response.status_code == 302 and not error_messages(response)
    inquiry.refresh_from_db()
    assert inquiry.status == choices.Status.NEW
    assert len(mail.outbox) == 1  # confirmed, as it had not been


def test_reassign_by_the_head(client, japan_desk, india_desk, inquiry):
    head = makers.desk_head(japan_desk)
    client.force_login(head)
    response = client.post(url("reassign", inquiry), {"desk": india_desk.pk, "note": "Parent"})
    assert response.status_code == 302 and not error_messages(response)
    inquiry.refresh_from_db()
    assert (inquiry.desk, inquiry.routed_by) == (india_desk, choices.RoutedBy.HAND)


def test_an_officer_may_not_reassign(client, japan_officer, india_desk, inquiry, japan_desk):
    client.force_login(japan_officer)
    response = client.post(url("reassign", inquiry), {"desk": india_desk.pk})
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.desk == japan_desk


def test_link(client, japan_officer, inquiry):
    company = CompanyFactory()
    client.force_login(japan_officer)
    response = client.post(url("link", inquiry), {"company": company.pk})
    assert response.status_code == 302 and not error_messages(response)
    inquiry.refresh_from_db()
    assert inquiry.company == company


ACTIONS = {
    "reply": {"body": "Hello"},
    "record_reply": {"channel": "phone"},
    "reassign": {"desk": "DESK"},
    "link": {"company": "COMPANY"},
    "lead": {"title": "Not mine", "kind": "new_settlement"},
    "programme": {"cohort": "COHORT"},
    "event": {"event": "EVENT", "role": "visitor"},
    "forward": {"partner": "PARTNER", "note": "x"},
    "close": {"reason": "out_of_scope"},
    "release": {},
}


@pytest.fixture
def action_data(india_desk, japan_desk):
    values = {
        "DESK": india_desk.pk,
        "COMPANY": CompanyFactory().pk,
        "COHORT": makers.cohort_of(japan_desk).pk,
        "EVENT": makers.event_of(japan_desk).pk,
        "PARTNER": PartnerOrganisationFactory().pk,
    }
    return {
        action: {name: values.get(value, value) for name, value in data.items()}
        for action, data in ACTIONS.items()
    }


@pytest.mark.parametrize("action", ACTIONS)
def test_another_desk_may_not_act(client, india_officer, inquiry, action, action_data):
    client.force_login(india_officer)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert 'id="reply-form"' not in page and 'id="triage"' not in page
    assert 'id="reassign"' not in page
    response = client.post(url(action, inquiry), action_data[action])
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.desk.name) == (
        choices.Status.NEW,
        "",
        "Japan Desk",
    )
    assert inquiry.company is None
    assert not Reply.objects.exists()
    assert not inquiry.events.exclude(kind=choices.EventKind.RECEIVED).exists()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", ["partner_viewer", "anonymous"])
def test_outsiders_may_not_act(client, request, persona, inquiry, action, action_data):
    client = signed_in(client, request, persona)
    response = client.post(url(action, inquiry), action_data[action])
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 404
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.company) == (choices.Status.NEW, "", None)


def test_the_actions_take_no_get(client, japan_officer, inquiry):
    client.force_login(japan_officer)
    for action in ACTIONS:
        assert client.get(url(action, inquiry)).status_code == 405


@pytest.mark.parametrize(
    ("action", "data", "expected"),
    [
        ("reply", {"subject": "Hi", "body": ""}, "Reply"),
        ("reply", {"body": "x" * 20001}, "Reply"),
        ("record_reply", {"channel": "email"}, "Answered by"),
        ("record_reply", {}, "Answered by"),
        ("link", {}, "Choose a company or a person."),
        ("lead", {"title": "", "kind": "new_settlement"}, "Project title"),
        ("lead", {"title": "T", "kind": "castle"}, "Kind"),
        ("programme", {"cohort": "999999"}, "Cohort"),
        ("event", {"event": "", "role": "visitor"}, "Event"),
        ("forward", {"partner": "PARTNER", "note": ""}, "Note"),
        ("forward", {"note": "Without partner"}, "Partner"),
        ("close", {"reason": "bored"}, "Reason"),
        ("release", {}, "not in the spam folder"),
    ],
)
def test_invalid_input_comes_back_as_a_message_and_changes_nothing(
    client, japan_officer, inquiry, action, data, expected, action_data
):
    data = {name: action_data["forward"]["partner"] if value == "PARTNER" else value
            for name, value in data.items()}  # fmt: skip
    client.force_login(japan_officer)
    response = client.post(url(action, inquiry), data)
    assert response.status_code == 302
    assert response["Location"] == inquiry.get_absolute_url()
    errors = error_messages(response)
    assert errors and any(expected in message for message in errors), errors
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.company, inquiry.person) == (
        choices.Status.NEW,
        "",
        None,
        None,
    )
    assert not Reply.objects.exists()
    assert not Project.objects.exists() and not Company.objects.filter(inquiries=inquiry).exists()
    assert not inquiry.events.exclude(kind=choices.EventKind.RECEIVED).exists()


def test_invalid_reassign_comes_back_as_a_message(client, director, inquiry, japan_desk):
    client.force_login(director)
    for data in ({"desk": "999999"}, {"desk": japan_desk.pk}):
        response = client.post(url("reassign", inquiry), data)
        assert response.status_code == 302
        assert error_messages(response)
        inquiry.refresh_from_db()
        assert (inquiry.desk, inquiry.routed_by) == (japan_desk, choices.RoutedBy.COUNTRY)


def test_a_second_outcome_comes_back_as_a_message(client, japan_officer, inquiry):
    client.force_login(japan_officer)
    assert client.post(url("close", inquiry), {"reason": "duplicate"}).status_code == 302
    response = client.post(url("lead", inquiry), {"title": "Again", "kind": "new_settlement"})
    assert response.status_code == 302
    assert any("triaged already" in message for message in error_messages(response))
    assert not Project.objects.exists() and not Person.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.outcome == choices.Outcome.CLOSED


def test_a_programme_of_another_desk_is_not_offered(client, japan_officer, inquiry, india_desk):
    cohort = makers.cohort_of(india_desk)
    client.force_login(japan_officer)
    response = client.post(url("programme", inquiry), {"cohort": cohort.pk})
    assert response.status_code == 302 and error_messages(response)
    assert not Membership.objects.exists()
