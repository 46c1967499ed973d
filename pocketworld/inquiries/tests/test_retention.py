"""The privacy text's promise: spam goes after INQUIRY_SPAM_DAYS; an inquiry nothing
followed from loses the inquirer's data INQUIRY_KEEP_DAYS after its triage and stays for
the figures; what a lead followed from is kept."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from pocketworld.inquiries import services
from pocketworld.inquiries.choices import CloseReason, ReplyChannel, SpamReason
from pocketworld.inquiries.models import Attachment, Inquiry
from pocketworld.inquiries.retention import purge
from pocketworld.inquiries.tests.makers import desk_head, submission


def aged(inquiry, days, field="received_at"):
    Inquiry.objects.filter(pk=inquiry.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def test_old_spam_goes_and_recent_spam_stays(japan_desk, settings):
    settings.INQUIRY_SPAM_DAYS = 30
    old, _ = services.receive(submission(), channel="form", spam_reason=SpamReason.HONEYPOT)
    recent, _ = services.receive(
        submission(email="other@example.jp"), channel="form", spam_reason=SpamReason.LINKS
    )
    aged(old, 31)
    assert purge() == (1, 0)
    assert list(Inquiry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Inquiry.history.filter(id=old.pk).exists()


def test_a_closed_inquiry_loses_the_inquirers_data_and_stays_for_the_figures(japan_desk, settings):
    settings.INQUIRY_KEEP_DAYS = 180
    head = desk_head(japan_desk)
    inquiry, _ = services.receive(
        submission(phone="+81 3 1234 5678"),
        channel="form",
        file=services.File("plan.pdf", "application/pdf", b"%PDF-1.7 plan"),
    )
    services.reply(inquiry, head, ReplyChannel.EMAIL, body="Dear Ms Sato, …")
    services.close(Inquiry.objects.get(pk=inquiry.pk), head, CloseReason.OUT_OF_SCOPE)
    assert purge() == (0, 0)  # triaged today: kept
    aged(inquiry, 181, field="outcome_at")
    assert purge() == (0, 1)
    kept = Inquiry.objects.get(pk=inquiry.pk)
    assert (kept.contact_name, kept.email, kept.phone, kept.message) == ("", "", "", "")
    assert kept.anonymised_at is not None
    assert (kept.country_id, kept.desk) == ("JP", japan_desk)
    assert kept.first_response_at is not None and kept.outcome == "closed"
    assert not Attachment.objects.filter(inquiry=kept).exists()
    assert kept.replies.get().body == ""
    assert not Inquiry.history.filter(id=kept.pk).exists()
    assert purge() == (0, 0)  # once


def test_what_a_lead_followed_from_is_kept(japan_desk, settings):
    settings.INQUIRY_KEEP_DAYS = 1
    head = desk_head(japan_desk)
    inquiry, _ = services.receive(submission(), channel="form")
    services.turn_into_lead(inquiry, head, "Sales office")
    aged(inquiry, 30, field="outcome_at")
    assert purge() == (0, 0)
    assert Inquiry.objects.get(pk=inquiry.pk).email == submission().email


def test_the_command_says_what_it_did(db):
    out = io.StringIO()
    call_command("purge_inquiries", stdout=out)
    assert out.getvalue().startswith("0 spam inquiries older than")
