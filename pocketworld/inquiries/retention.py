"""Keeping the privacy text's promise: spam goes after `INQUIRY_SPAM_DAYS`; an inquiry
nothing followed from loses the inquirer's data `INQUIRY_KEEP_DAYS` after its triage and
stays, without them, for the figures. What a lead, a programme place or an event
registration took over is the person's record, kept by the retention of personal data."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pocketworld.inquiries.choices import EventKind, Outcome, Status
from pocketworld.inquiries.models import Attachment, Inquiry, InquiryEvent, Reply

# What nothing followed from: the inquirer's data go after INQUIRY_KEEP_DAYS.
NOTHING_FOLLOWED = [Outcome.CLOSED, Outcome.PARTNER]


def purge(now=None):
    """Keep the privacy text's promise: delete spam after `INQUIRY_SPAM_DAYS`, and the
    inquirer's data (name, e-mail, phone, message, file, replies, the history of it) of an
    inquiry nothing followed from `INQUIRY_KEEP_DAYS` after its triage; the inquiry stays,
    without them, for the figures. Returns (spam deleted, inquiries anonymised)."""
    now = now or timezone.now()
    spam = Inquiry.objects.filter(
        status=Status.SPAM,
        received_at__lt=now - datetime.timedelta(days=settings.INQUIRY_SPAM_DAYS),
    )
    ended = Inquiry.objects.filter(
        outcome__in=NOTHING_FOLLOWED,
        anonymised_at__isnull=True,
        outcome_at__lt=now - datetime.timedelta(days=settings.INQUIRY_KEEP_DAYS),
    ).exclude(status=Status.SPAM)
    with transaction.atomic():
        spam_ids = list(spam.values_list("pk", flat=True))
        deleted = Inquiry.objects.filter(pk__in=spam_ids).delete()[1].get("inquiries.Inquiry", 0)
        # After the delete, which the history records too.
        Inquiry.history.filter(id__in=spam_ids).delete()
        Attachment.objects.filter(inquiry__in=ended.values("pk")).delete()
        Reply.objects.filter(inquiry__in=ended.values("pk")).update(subject="", body="")
        # The notes that name the inquirer: the address confirmed to, the person linked.
        InquiryEvent.objects.filter(
            inquiry__in=ended.values("pk"), kind__in=[EventKind.CONFIRMED, EventKind.LINKED]
        ).update(note="")
        Inquiry.history.filter(id__in=ended.values("pk")).delete()
        anonymised = ended.update(
            contact_name="", email="", phone="", message="", address_hash="", nonce=None,
            anonymised_at=now,
        )  # fmt: skip
    return deleted, anonymised
