"""What happens to an inquiry as the services keep it: received (routed, on the clock,
confirmed), replied to, reassigned, linked to what pocketworld knows, triaged into one
outcome, released from spam and escalated; and what it adds to timelines, My day and the
digest."""

import datetime
import functools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from pocketworld.companies.models import Company
from pocketworld.contacts.choices import LegalBasis
from pocketworld.contacts.models import Person, Position
from pocketworld.core.models import Country
from pocketworld.core.tests.factories import (
    CompanyFactory,
    PartnerOrganisationFactory,
    PersonFactory,
    TaskFactory,
)
from pocketworld.events.models import Participant
from pocketworld.inquiries import choices, services, tasks
from pocketworld.inquiries.models import Attachment, Inquiry, InquiryEvent, Reply
from pocketworld.inquiries.public.privacy import privacy_text
from pocketworld.inquiries.tests.makers import (
    NOW,
    berlin,
    cohort_of,
    desk_head,
    event_of,
    member_of,
    submission,
)
from pocketworld.interactions.services import digest_for, send_digest, timeline
from pocketworld.programmes.models import Membership
from pocketworld.projects.choices import ProjectKind, ProjectSource, Stage
from pocketworld.projects.models import Project

pytestmark = pytest.mark.django_db

# What the inquiry of these tests says beyond the shared submission.
DETAILS = {
    "message": "We plan a European sales office near Düsseldorf.",
    "phone": "+81 3 1234 5678",
    "plan": "new_settlement",
    "sector": "machinery",
}


@pytest.fixture(autouse=True)
def now(time_machine, settings):
    settings.INQUIRY_RESPONSE_DAYS = 1
    settings.INQUIRY_ESCALATION_DAYS = 2
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def receive(make_inquiry):
    """Receive a submission with the DETAILS as the form does, its confirmation sent by the
    worker."""
    return functools.partial(make_inquiry, confirm=True, **DETAILS)


@pytest.fixture
def inquiry(japan_desk, receive):
    """A new inquiry from Japan on the Japan desk; its confirmation is out of the way."""
    inquiry = receive()
    assert len(mail.outbox) == 1
    mail.outbox.clear()
    return inquiry


@pytest.fixture
def japan_head(japan_desk):
    return desk_head(japan_desk, email="head@example.org")


def kinds(inquiry):
    return list(inquiry.events.values_list("kind", flat=True))


# --- receiving ---------------------------------------------------------------------------


def test_receive_routes_and_starts_the_clock(japan_desk, receive):
    japan_desk.email = "japan@example.org"
    japan_desk.save()
    inquiry = receive()
    inquiry.refresh_from_db()
    assert inquiry.desk == japan_desk
    assert inquiry.routed_by == choices.RoutedBy.COUNTRY
    assert inquiry.status == choices.Status.NEW
    assert inquiry.channel == choices.Channel.FORM
    assert inquiry.received_at == NOW
    assert inquiry.consent_at == NOW
    assert inquiry.consent_text == privacy_text("ja")
    # One working day: Tuesday 10:00; escalated after two: Wednesday 10:00.
    assert inquiry.due_at == berlin(2026, 1, 13, 10, 0)
    assert inquiry.escalate_at == berlin(2026, 1, 14, 10, 0)
    assert len(inquiry.reference) == 9 and inquiry.reference[4] == "-"
    assert kinds(inquiry) == [choices.EventKind.RECEIVED, choices.EventKind.CONFIRMED]
    assert "Japan Desk" in inquiry.events.get(kind=choices.EventKind.RECEIVED).note
    # The confirmation: to the inquirer, in the inquiry's language, answered to the desk.
    [message] = mail.outbox
    assert message.to == [inquiry.email]
    assert message.reply_to == ["japan@example.org"]
    assert inquiry.reference in message.subject
    assert inquiry.reference in message.body
    with translation.override("ja"):
        expected = render_to_string(
            "inquiries/public/confirmation.txt", {"inquiry": inquiry, "desk": japan_desk}
        )
    assert message.body == expected


def test_receive_on_friday_evening_is_due_on_monday(japan_desk, receive, time_machine):
    time_machine.move_to(berlin(2026, 1, 9, 15, 0), tick=False)
    inquiry = receive()
    assert inquiry.due_at == berlin(2026, 1, 12, 15, 0)
    assert inquiry.escalate_at == berlin(2026, 1, 13, 15, 0)


def test_receive_from_a_country_of_no_desk_in_a_language_of_no_desk(japan_desk, receive):
    inquiry = receive(country=Country.objects.get(code="BR"), language="en")
    assert (inquiry.desk, inquiry.routed_by) == (None, choices.RoutedBy.NONE)
    assert inquiry.status == choices.Status.NEW
    assert len(mail.outbox) == 1


def test_spam_is_stored_with_its_reason_and_not_confirmed(japan_desk, receive):
    inquiry = receive(spam_reason=choices.SpamReason.HONEYPOT)
    inquiry.refresh_from_db()
    assert inquiry.status == choices.Status.SPAM
    assert inquiry.spam_reason == choices.SpamReason.HONEYPOT
    # Routed and on the clock all the same, should it be released.
    assert inquiry.desk == japan_desk
    assert inquiry.due_at is not None
    assert kinds(inquiry) == [choices.EventKind.RECEIVED, choices.EventKind.SPAM]
    assert mail.outbox == []


def test_a_nonce_stores_a_submission_once(japan_desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = services.receive(
            submission(**DETAILS), channel=choices.Channel.API, nonce="api:key-1"
        )
        again, created_again = services.receive(
            submission(**DETAILS), channel=choices.Channel.API, nonce="api:key-1"
        )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Inquiry.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_form_sent_back_with_other_content_is_another_inquiry(
    japan_desk, django_capture_on_commit_callbacks
):
    """The browser's back button, an edit, the same token: nothing the inquirer wrote is
    dropped."""
    with django_capture_on_commit_callbacks(execute=True):
        first, _created = services.receive(
            submission(**DETAILS), channel=choices.Channel.FORM, nonce="form:n-1"
        )
        edited, created = services.receive(
            submission(**{**DETAILS, "message": "Changed on the retry"}),
            channel=choices.Channel.FORM,
            nonce="form:n-1",
        )
    assert created and edited.pk != first.pk
    assert sorted(Inquiry.objects.values_list("message", flat=True)) == sorted(
        [submission(**DETAILS).message, "Changed on the retry"]
    )
    assert len(mail.outbox) == 2


def test_receive_keeps_the_attachment(japan_desk, receive):
    data = b"%PDF-1.7\n%plan\n"
    inquiry = receive(file=services.File("plan.pdf", "application/pdf", data))
    attachment = Attachment.objects.get(inquiry=inquiry)
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "plan.pdf",
        "application/pdf",
        len(data),
    )
    assert bytes(attachment.data) == data


def test_the_confirmation_is_sent_once(inquiry):
    assert tasks.send_confirmation.call(inquiry.pk) is False
    assert mail.outbox == []
    assert kinds(inquiry).count(choices.EventKind.CONFIRMED) == 1


# --- replies -----------------------------------------------------------------------------


def test_reply_by_email(inquiry, japan_officer, django_capture_on_commit_callbacks, time_machine):
    japan_officer.email = "neu@example.org"
    japan_officer.save()
    # Three working hours later.
    time_machine.move_to(berlin(2026, 1, 12, 13, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply(
            inquiry,
            japan_officer,
            choices.ReplyChannel.EMAIL,
            "Your office plans",
            "Dear Mr Yamada, …",
        )
    answer.refresh_from_db()
    inquiry.refresh_from_db()
    assert answer.channel == choices.ReplyChannel.EMAIL
    assert answer.sent_by == japan_officer
    assert answer.delivered_at is not None and answer.delivery_error == ""
    [message] = mail.outbox
    assert message.to == [inquiry.email]
    assert message.subject == "Your office plans"
    assert message.body == "Dear Mr Yamada, …"
    assert message.reply_to == ["neu@example.org"]
    assert inquiry.first_response_at == berlin(2026, 1, 12, 13, 0)
    assert inquiry.response_hours == 3
    assert inquiry.status == choices.Status.ANSWERED
    assert inquiry.answered_in_time
    assert kinds(inquiry)[-1] == choices.EventKind.REPLIED


def test_a_reply_without_subject_gets_the_reference(
    inquiry, japan_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(inquiry, japan_officer, choices.ReplyChannel.EMAIL, "", "Thank you.")
    [message] = mail.outbox
    assert inquiry.reference in message.subject
    with translation.override("ja"):
        expected = render_to_string("inquiries/public/reply_subject.txt", {"inquiry": inquiry})
    assert message.subject == " ".join(expected.split())


def test_the_first_reply_stops_the_clock_once(
    inquiry, japan_officer, django_capture_on_commit_callbacks, time_machine
):
    # Replied on Wednesday 11:00: 9 working hours, late.
    time_machine.move_to(berlin(2026, 1, 13, 19, 0), tick=False)
    services.reply(inquiry, japan_officer, choices.ReplyChannel.PHONE)
    time_machine.move_to(berlin(2026, 1, 15, 12, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            inquiry, japan_officer, choices.ReplyChannel.EMAIL, "More", "Some more details"
        )
    inquiry.refresh_from_db()
    assert inquiry.first_response_at == berlin(2026, 1, 13, 19, 0)
    assert inquiry.response_hours == 15
    assert not inquiry.answered_in_time
    assert inquiry.replies.count() == 2


def test_record_a_reply_by_phone(inquiry, japan_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply(inquiry, japan_officer, choices.ReplyChannel.PHONE)
    inquiry.refresh_from_db()
    assert answer.channel == choices.ReplyChannel.PHONE and answer.body == ""
    assert answer.delivered_at is None
    assert mail.outbox == []  # a call leaves no e-mail
    assert inquiry.status == choices.Status.ANSWERED
    assert inquiry.first_response_at == NOW
    assert inquiry.response_hours == 0


def test_an_email_reply_needs_a_text(inquiry, japan_officer):
    with pytest.raises(ValidationError) as error:
        services.reply(inquiry, japan_officer, choices.ReplyChannel.EMAIL, "Subject", "  ")
    assert "body" in error.value.message_dict
    inquiry.refresh_from_db()
    assert Reply.objects.count() == 0
    assert inquiry.status == choices.Status.NEW and inquiry.first_response_at is None


def test_another_desk_may_not_reply(inquiry, india_officer):
    with pytest.raises(PermissionDenied):
        services.reply(inquiry, india_officer, choices.ReplyChannel.PHONE)
    assert Reply.objects.count() == 0


def test_no_reply_to_spam(japan_desk, receive, japan_officer):
    spam = receive(spam_reason=choices.SpamReason.LINKS)
    with pytest.raises(ValidationError):
        services.reply(spam, japan_officer, choices.ReplyChannel.PHONE)
    assert Reply.objects.count() == 0


def test_a_failed_email_is_kept_on_the_reply(
    inquiry, japan_officer, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply(inquiry, japan_officer, choices.ReplyChannel.EMAIL, "", "Hello")
    answer.refresh_from_db()
    assert answer.delivered_at is None
    assert "unreachable" in answer.delivery_error


# --- reassignment ------------------------------------------------------------------------


def test_the_desk_head_reassigns(inquiry, japan_head, india_desk):
    services.reassign(inquiry, japan_head, india_desk, "Indian parent company")
    inquiry.refresh_from_db()
    assert inquiry.desk == india_desk
    assert inquiry.routed_by == choices.RoutedBy.HAND
    event = inquiry.events.get(kind=choices.EventKind.REASSIGNED)
    assert event.by == japan_head
    assert "Japan Desk" in event.note and "India Desk" in event.note
    assert "Indian parent company" in event.note


def test_a_director_reassigns(inquiry, director, india_desk):
    services.reassign(inquiry, director, india_desk)
    inquiry.refresh_from_db()
    assert inquiry.desk == india_desk


@pytest.mark.parametrize("persona", ["japan_officer", "japan_assistant", "india_officer"])
def test_only_the_head_reassigns(inquiry, india_desk, request, persona):
    user = request.getfixturevalue(persona)
    assert not services.may_reassign(user, inquiry)
    with pytest.raises(PermissionDenied):
        services.reassign(inquiry, user, india_desk)
    inquiry.refresh_from_db()
    assert inquiry.desk.name == "Japan Desk"
    assert not inquiry.events.filter(kind=choices.EventKind.REASSIGNED).exists()


def test_the_head_of_another_desk_may_not_reassign(inquiry, india_desk):
    india_head = desk_head(india_desk, username="india-head")
    with pytest.raises(PermissionDenied):
        services.reassign(inquiry, india_head, india_desk)


def test_anyone_of_a_desk_takes_an_inquiry_no_desk_was_found_for(receive, india_officer):
    inquiry = receive(country=Country.objects.get(code="BR"), language="en")
    assert inquiry.desk is None
    assert services.may_reassign(india_officer, inquiry)
    services.reassign(inquiry, india_officer, india_officer.desks.get())
    inquiry.refresh_from_db()
    assert inquiry.desk.name == "India Desk"


def test_reassigning_to_the_same_desk_is_refused(inquiry, japan_head, japan_desk):
    with pytest.raises(ValidationError):
        services.reassign(inquiry, japan_head, japan_desk)


# --- known companies and people ---------------------------------------------------------


def test_link_a_known_company_and_person_without_merging(inquiry, japan_officer):
    company = CompanyFactory(legal_name="Yamada Robotics Kabushiki Kaisha")
    person = PersonFactory(given_name="Tarō", family_name="Yamada", email="t.yamada@example.jp")
    services.link(inquiry, japan_officer, company=company, person=person)
    inquiry.refresh_from_db()
    company.refresh_from_db()
    person.refresh_from_db()
    assert (inquiry.company, inquiry.person) == (company, person)
    # Nothing merged: each keeps what it says.
    assert company.legal_name == "Yamada Robotics Kabushiki Kaisha"
    assert person.email == "t.yamada@example.jp" and person.phone == ""
    assert inquiry.company_name == "Yamada Robotics K.K."
    assert Company.objects.count() == 1 and Person.objects.count() == 1
    linked = inquiry.events.filter(kind=choices.EventKind.LINKED)
    assert {event.url for event in linked} == {
        company.get_absolute_url(),
        person.get_absolute_url(),
    }


def test_another_desk_may_not_link(inquiry, india_officer):
    company = CompanyFactory()
    with pytest.raises(PermissionDenied):
        services.link(inquiry, india_officer, company=company)
    inquiry.refresh_from_db()
    assert inquiry.company is None


def test_known_people_by_email_first(inquiry, japan_officer):
    same_email = PersonFactory(email="TARO@yamada-robotics.example.jp")
    PersonFactory(email="someone@example.org")
    by_email, _others = services.known_people(inquiry, japan_officer)
    assert by_email == [same_email]


# --- triage outcomes ---------------------------------------------------------------------


def test_turn_into_a_lead(inquiry, japan_officer, japan_desk):
    project = services.turn_into_lead(inquiry, japan_officer, "Yamada office", note="Promising")
    inquiry.refresh_from_db()
    company = Company.objects.get()
    person = Person.objects.get()
    assert company.legal_name == "Yamada Robotics K.K."
    assert company.country.code == "JP" and company.desk == japan_desk
    # The sector the inquirer chose, as its NACE division.
    assert list(company.sectors.values_list("code", flat=True)) == ["28"]
    assert (person.given_name, person.family_name) == ("Taro", "Yamada")
    assert person.email == inquiry.email and person.phone == inquiry.phone
    assert person.legal_basis == LegalBasis.CONSENT
    assert person.consent_given_on == datetime.date(2026, 1, 12)
    assert inquiry.reference in person.legal_basis_note
    assert Position.objects.filter(person=person, company=company).exists()
    assert project.company == company and project.desk == japan_desk
    assert project.owner == japan_officer
    assert project.source == ProjectSource.INQUIRY
    assert project.stage == Stage.LEAD
    assert project.kind == ProjectKind.NEW_SETTLEMENT
    assert project.origin_country_id == "JP"
    assert inquiry.reference in project.source_note
    assert project.stage_changes.count() == 1
    assert inquiry.outcome == choices.Outcome.LEAD
    assert inquiry.status == choices.Status.DONE
    assert inquiry.outcome_at == NOW and inquiry.outcome_note == "Promising"
    assert (inquiry.project, inquiry.company, inquiry.person) == (project, company, person)
    outcome = inquiry.events.get(kind=choices.EventKind.OUTCOME)
    assert outcome.by == japan_officer
    assert outcome.url == project.get_absolute_url()


def test_a_start_up_becomes_a_soft_landing_lead(japan_desk, receive, japan_officer):
    inquiry = receive(plan="startup")
    project = services.turn_into_lead(inquiry, japan_officer, "Soft landing")
    assert project.kind == ProjectKind.SOFT_LANDING


def test_a_name_in_japanese_script_is_kept_whole(japan_desk, receive, japan_officer):
    inquiry = receive(contact_name="山田太郎")
    services.turn_into_lead(inquiry, japan_officer, "Yamada")
    person = Person.objects.get()
    assert person.native_name == "山田太郎"
    assert person.family_name == "山田太郎" and person.given_name == ""


def test_a_lead_with_the_linked_company_makes_no_new_company(inquiry, japan_officer):
    company = CompanyFactory(legal_name="Yamada Robotics Europe GmbH")
    person = PersonFactory()
    services.link(inquiry, japan_officer, company=company, person=person)
    project = services.turn_into_lead(inquiry, japan_officer, "Yamada office")
    assert project.company == company
    assert Company.objects.count() == 1
    assert Person.objects.count() == 1
    inquiry.refresh_from_db()
    assert inquiry.person == person


def test_no_lead_without_a_desk(receive, director):
    inquiry = receive(country=Country.objects.get(code="BR"), language="en")
    with pytest.raises(ValidationError):
        services.turn_into_lead(inquiry, director, "Somewhere")
    assert not Project.objects.exists() and not Company.objects.exists()


def test_another_desk_may_not_triage(inquiry, india_officer):
    with pytest.raises(PermissionDenied):
        services.turn_into_lead(inquiry, india_officer, "Not mine")
    with pytest.raises(PermissionDenied):
        services.close(inquiry, india_officer, choices.CloseReason.OUT_OF_SCOPE)
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_add_to_a_programme(inquiry, japan_officer, japan_desk):
    cohort = cohort_of(japan_desk)
    membership = services.add_to_programme(inquiry, japan_officer, cohort, "Fits the cohort")
    inquiry.refresh_from_db()
    assert membership.cohort == cohort
    assert membership.company == inquiry.company
    assert membership.company.legal_name == "Yamada Robotics K.K."
    assert membership.applied_on == datetime.date(2026, 1, 12)
    assert inquiry.membership == membership
    assert inquiry.person is not None
    assert (inquiry.outcome, inquiry.status) == (choices.Outcome.PROGRAMME, choices.Status.DONE)
    assert inquiry.events.get(kind=choices.EventKind.OUTCOME).url == membership.get_absolute_url()
    # Enrolled as the programme's pages enrol: its application is its first move.
    assert membership.moves.count() == 1


def test_a_company_already_in_the_cohort_is_refused(inquiry, japan_officer, japan_desk):
    cohort = cohort_of(japan_desk)
    company = member_of(cohort)
    services.link(inquiry, japan_officer, company=company)
    with pytest.raises(ValidationError):
        services.add_to_programme(inquiry, japan_officer, cohort)
    inquiry.refresh_from_db()
    assert inquiry.outcome == "" and inquiry.status == choices.Status.NEW
    assert Membership.objects.count() == 1
    assert not Person.objects.exists()


def test_a_programme_of_another_desk_is_refused(inquiry, japan_officer, india_desk):
    cohort = cohort_of(india_desk)
    with pytest.raises(PermissionDenied):
        services.add_to_programme(inquiry, japan_officer, cohort)
    assert not Membership.objects.exists()


@pytest.mark.parametrize("kind", ["skilled_workers", "trainee_exchange"])
def test_a_company_takes_no_place_in_a_programme_for_people(
    inquiry, japan_officer, japan_desk, kind
):
    """A start-up takes a place as a company; skilled workers come through colleges: the
    page offers only start-up and soft-landing programmes, and the service keeps the rule
    for the API too."""
    cohort = cohort_of(japan_desk, kind=kind)
    with pytest.raises(ValidationError):
        services.add_to_programme(inquiry, japan_officer, cohort)
    assert not Membership.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_add_to_an_event(inquiry, japan_officer, japan_desk):
    event = event_of(japan_desk)
    participant = services.add_to_event(inquiry, japan_officer, event, role="delegate")
    inquiry.refresh_from_db()
    assert participant.event == event and participant.role == "delegate"
    assert participant.company == inquiry.company and participant.person == inquiry.person
    assert Participant.objects.count() == 1
    assert (inquiry.outcome, inquiry.status, inquiry.participant) == (
        choices.Outcome.EVENT,
        choices.Status.DONE,
        participant,
    )


def test_forward_to_a_partner(inquiry, japan_officer):
    partner = PartnerOrganisationFactory(name="IHK Düsseldorf")
    services.forward(inquiry, japan_officer, partner, "Needs a trade registry check")
    inquiry.refresh_from_db()
    assert inquiry.partner == partner
    assert (inquiry.outcome, inquiry.status) == (choices.Outcome.PARTNER, choices.Status.DONE)
    assert inquiry.outcome_note == "Needs a trade registry check"
    event = inquiry.events.get(kind=choices.EventKind.OUTCOME)
    assert event.url == partner.get_absolute_url()
    assert "Needs a trade registry check" in event.note
    # Forwarding makes no records.
    assert not Company.objects.exists() and not Person.objects.exists()


def test_forward_needs_a_partner_organisation(inquiry, japan_officer):
    with pytest.raises(ValidationError):
        services.forward(inquiry, japan_officer, CompanyFactory(), "A company")
    inquiry.refresh_from_db()
    assert inquiry.outcome == ""


def test_close_with_a_reason(inquiry, japan_officer):
    services.close(inquiry, japan_officer, choices.CloseReason.OUT_OF_SCOPE, "Retail only")
    inquiry.refresh_from_db()
    assert (inquiry.outcome, inquiry.close_reason, inquiry.status) == (
        choices.Outcome.CLOSED,
        choices.CloseReason.OUT_OF_SCOPE,
        choices.Status.DONE,
    )
    assert inquiry.outcome_note == "Retail only"
    assert "Retail only" in inquiry.events.get(kind=choices.EventKind.OUTCOME).note


def test_close_as_spam_moves_it_to_spam(inquiry, japan_officer):
    services.close(inquiry, japan_officer, choices.CloseReason.SPAM)
    inquiry.refresh_from_db()
    assert inquiry.status == choices.Status.SPAM
    assert inquiry.spam_reason == choices.SpamReason.MARKED
    assert (inquiry.outcome, inquiry.close_reason) == (
        choices.Outcome.CLOSED,
        choices.CloseReason.SPAM,
    )


@pytest.mark.parametrize(
    "second",
    [
        lambda inquiry, user, desk: services.turn_into_lead(inquiry, user, "Again"),
        lambda inquiry, user, desk: services.close(inquiry, user, choices.CloseReason.DUPLICATE),
        lambda inquiry, user, desk: services.forward(
            inquiry, user, PartnerOrganisationFactory(), "Again"
        ),
        lambda inquiry, user, desk: services.add_to_event(inquiry, user, event_of(desk), "visitor"),
        lambda inquiry, user, desk: services.add_to_programme(inquiry, user, cohort_of(desk)),
    ],
)
def test_a_second_outcome_is_refused(inquiry, japan_officer, japan_desk, second):
    services.close(inquiry, japan_officer, choices.CloseReason.ANSWERED_ONLY)
    with pytest.raises(ValidationError):
        second(inquiry, japan_officer, japan_desk)
    inquiry.refresh_from_db()
    assert (inquiry.outcome, inquiry.close_reason) == (
        choices.Outcome.CLOSED,
        choices.CloseReason.ANSWERED_ONLY,
    )
    assert inquiry.events.filter(kind=choices.EventKind.OUTCOME).count() == 1
    assert not Project.objects.exists() and not Participant.objects.exists()


def test_spam_is_not_triaged_before_it_is_released(japan_desk, receive, japan_officer):
    spam = receive(spam_reason=choices.SpamReason.TOO_FAST)
    with pytest.raises(ValidationError):
        services.turn_into_lead(spam, japan_officer, "Spam")
    assert not Project.objects.exists()


# --- release from spam -------------------------------------------------------------------


def test_release_restarts_the_clock_and_confirms(
    japan_desk, receive, japan_officer, django_capture_on_commit_callbacks, time_machine
):
    spam = receive(spam_reason=choices.SpamReason.TOO_FAST)
    assert mail.outbox == []
    # Found in the spam folder on Thursday at 14:00.
    time_machine.move_to(berlin(2026, 1, 15, 14, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(spam, japan_officer)
    spam.refresh_from_db()
    assert spam.status == choices.Status.NEW and spam.spam_reason == ""
    assert spam.due_at == berlin(2026, 1, 16, 14, 0)
    assert spam.escalate_at == berlin(2026, 1, 19, 14, 0)
    assert not spam.is_overdue
    [message] = mail.outbox
    assert message.to == [spam.email] and spam.reference in message.subject
    assert kinds(spam)[-2:] == [choices.EventKind.RELEASED, choices.EventKind.CONFIRMED]


def test_release_of_an_inquiry_closed_as_spam_reopens_it(
    inquiry, japan_officer, django_capture_on_commit_callbacks
):
    services.close(inquiry, japan_officer, choices.CloseReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(inquiry, japan_officer)
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.close_reason) == (choices.Status.NEW, "", "")
    assert inquiry.outcome_at is None
    # It was confirmed when it arrived: not again.
    assert mail.outbox == []
    services.turn_into_lead(inquiry, japan_officer, "After all")


def test_only_spam_is_released(inquiry, japan_officer):
    with pytest.raises(ValidationError):
        services.release(inquiry, japan_officer)


def test_another_desk_may_not_release(japan_desk, receive, india_officer):
    spam = receive(spam_reason=choices.SpamReason.LINKS)
    with pytest.raises(PermissionDenied):
        services.release(spam, india_officer)
    spam.refresh_from_db()
    assert spam.status == choices.Status.SPAM


# --- escalation --------------------------------------------------------------------------


def test_an_unanswered_inquiry_is_escalated_to_the_desk_head_once(
    inquiry, japan_head, japan_officer, time_machine
):
    # Not before its escalation time (Wednesday 10:00).
    time_machine.move_to(berlin(2026, 1, 14, 9, 59), tick=False)
    assert tasks.escalate() == []
    assert mail.outbox == []
    time_machine.move_to(berlin(2026, 1, 14, 10, 15), tick=False)
    assert tasks.escalate() == [inquiry]
    [message] = mail.outbox
    assert message.to == ["head@example.org"]
    assert inquiry.reference in message.body
    assert "Japan Desk" in message.body
    inquiry.refresh_from_db()
    assert inquiry.escalated_at == berlin(2026, 1, 14, 10, 15)
    assert inquiry.events.filter(kind=choices.EventKind.ESCALATED).count() == 1
    # The next pass sends nothing.
    time_machine.move_to(berlin(2026, 1, 14, 10, 30), tick=False)
    assert tasks.escalate() == []
    assert len(mail.outbox) == 1


def test_a_released_inquiry_is_escalated_again_on_its_new_clock(
    inquiry, japan_head, japan_officer, time_machine, django_capture_on_commit_callbacks
):
    """Escalated, then closed as spam by mistake and released: its clock starts anew, and
    when it runs out unanswered the desk head hears of it again."""
    time_machine.move_to(berlin(2026, 1, 14, 10, 15), tick=False)
    assert tasks.escalate() == [inquiry]
    # The officer works on the inquiry as the page reads it, escalated.
    inquiry.refresh_from_db()
    assert inquiry.escalated_at is not None
    time_machine.move_to(berlin(2026, 1, 14, 11, 0), tick=False)
    services.close(inquiry, japan_officer, choices.CloseReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(inquiry, japan_officer)
    inquiry.refresh_from_db()
    assert inquiry.escalate_at == berlin(2026, 1, 16, 11, 0)
    mail.outbox.clear()
    time_machine.move_to(berlin(2026, 1, 16, 12, 0), tick=False)
    assert tasks.escalate() == [inquiry]
    assert [message.to for message in mail.outbox] == [["head@example.org"]]


def test_an_answered_inquiry_is_not_escalated(inquiry, japan_head, japan_officer, time_machine):
    services.reply(inquiry, japan_officer, choices.ReplyChannel.PHONE)
    time_machine.move_to(berlin(2026, 1, 20, 10, 0), tick=False)
    assert tasks.escalate() == []
    assert mail.outbox == []
    inquiry.refresh_from_db()
    assert inquiry.escalated_at is None


def test_spam_and_triaged_inquiries_are_not_escalated(
    japan_desk, receive, japan_head, japan_officer, time_machine
):
    receive(spam_reason=choices.SpamReason.HONEYPOT)
    closed = receive(email="other@example.jp")
    services.close(closed, japan_officer, choices.CloseReason.OUT_OF_SCOPE)
    time_machine.move_to(berlin(2026, 1, 20, 10, 0), tick=False)
    mail.outbox.clear()
    assert tasks.escalate() == []
    assert mail.outbox == []


def test_escalation_goes_to_the_head_of_the_inquirys_desk_only(
    inquiry, japan_head, india_desk, time_machine
):
    desk_head(india_desk, username="india-head", email="india-head@example.org")
    time_machine.move_to(berlin(2026, 1, 15, 10, 0), tick=False)
    tasks.escalate()
    assert [message.to for message in mail.outbox] == [["head@example.org"]]


# --- timelines, My day and the digest ---------------------------------------------------


def test_the_company_and_project_timelines_show_the_inquiry(inquiry, japan_officer):
    project = services.turn_into_lead(inquiry, japan_officer, "Yamada office", note="Good fit")
    for record in (project.company, project):
        entries = [entry for entry in timeline(record, japan_officer) if entry.kind == "inquiry"]
        titles = [entry.title for entry in entries]
        assert f"Inquiry {inquiry.reference} received" in titles
        assert any(
            title.startswith(f"Inquiry {inquiry.reference}:") and "lead" in title
            for title in titles
        )
        assert {entry.url for entry in entries} == {inquiry.get_absolute_url()}


def test_a_partner_viewer_sees_no_inquiry_on_a_timeline(inquiry, japan_officer, partner_viewer):
    project = services.turn_into_lead(inquiry, japan_officer, "Yamada office")
    entries = timeline(project.company, partner_viewer)
    assert [entry for entry in entries if entry.kind == "inquiry"] == []


def test_my_day_shows_overdue_inquiries_before_the_tasks(
    inquiry, japan_officer, client, time_machine
):
    TaskFactory(assignee=japan_officer, due_on=datetime.date(2026, 1, 13))
    time_machine.move_to(berlin(2026, 1, 13, 12, 0), tick=False)
    client.force_login(japan_officer)
    page = client.get("/").content.decode()
    assert 'id="inquiries"' in page
    assert page.index('id="inquiries"') < page.index('id="my-tasks"')
    assert inquiry.reference in page
    assert f'id="inquiry-{inquiry.pk}"' in page


def test_my_day_shows_inquiries_in_time_after_the_tasks(inquiry, japan_officer, client):
    client.force_login(japan_officer)
    page = client.get("/").content.decode()
    assert inquiry.reference in page
    assert page.index('id="my-tasks"') < page.index('id="inquiries"')


def test_my_day_shows_no_inquiries_to_a_partner_viewer(inquiry, partner_viewer, client):
    client.force_login(partner_viewer)
    page = client.get("/").content.decode()
    assert 'id="inquiries"' not in page and inquiry.reference not in page


def test_the_digest_names_overdue_inquiries_first(inquiry, japan_officer, time_machine):
    TaskFactory(assignee=japan_officer, due_on=datetime.date(2026, 1, 13))
    time_machine.move_to(berlin(2026, 1, 13, 12, 0), tick=False)
    context = digest_for(japan_officer)
    [section] = [
        section for section in context["sections"] if section.template == "inquiries/digest.txt"
    ]
    assert section.heads
    assert [shown.pk for shown in section.context["inquiries"]] == [inquiry.pk]
    assert send_digest(japan_officer)
    [message] = mail.outbox
    assert message.subject.startswith("pocketworld: 1 inquiry overdue")
    assert message.subject.index("inquiry overdue") < message.subject.index("task due")
    assert inquiry.reference in message.body


def test_the_digest_counts_inquiries_to_answer_after_the_tasks(inquiry, japan_officer):
    TaskFactory(assignee=japan_officer, due_on=datetime.date(2026, 1, 12))
    assert send_digest(japan_officer)
    [message] = mail.outbox
    assert "1 inquiry to answer" in message.subject
    assert message.subject.index("task due") < message.subject.index("inquiry to answer")


def test_inquiries_of_other_desks_stay_out_of_my_day_and_digest(inquiry, india_officer, client):
    client.force_login(india_officer)
    assert inquiry.reference not in client.get("/").content.decode()
    context = digest_for(india_officer)
    assert context is None or not any(
        section.template == "inquiries/digest.txt" for section in context["sections"]
    )


def test_the_answered_inquiry_leaves_my_day(inquiry, japan_officer, client):
    services.reply(inquiry, japan_officer, choices.ReplyChannel.PHONE)
    client.force_login(japan_officer)
    assert inquiry.reference not in client.get("/").content.decode()
    assert InquiryEvent.objects.filter(inquiry=inquiry, kind=choices.EventKind.REPLIED).exists()
