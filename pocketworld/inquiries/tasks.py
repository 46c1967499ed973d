"""E-mails of inquiries, sent by the background worker (django-tasks, Django 6's API): the
confirmation in the inquirer's language, the replies written here, and the escalation of
an unanswered inquiry to its desk head, looked for every few minutes."""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from pocketworld.core.choices import DeskRole
from pocketworld.core.schedule import queue_again_after, queue_again_tomorrow, queue_once
from pocketworld.desks.models import DeskMembership
from pocketworld.inquiries.choices import EventKind, Status
from pocketworld.inquiries.models import Inquiry, InquiryEvent, Reply
from pocketworld.inquiries.retention import purge

# How often the worker looks for inquiries to escalate.
PASS_EVERY = datetime.timedelta(minutes=15)
# At night, after the audit log's purge (04:00).
PURGE_HOUR = 5


def one_line(text):
    return " ".join(text.split())


@task()
def send_confirmation(inquiry_id):
    """Tell the inquirer, in their language, that the inquiry arrived and under which
    reference; once, however often the task runs."""
    inquiry = Inquiry.objects.filter(pk=inquiry_id).exclude(status=Status.SPAM).first()
    if inquiry is None or inquiry.events.filter(kind=EventKind.CONFIRMED).exists():
        return False
    context = {"inquiry": inquiry, "desk": inquiry.desk}
    with translation.override(inquiry.language):
        subject = one_line(render_to_string("inquiries/public/confirmation_subject.txt", context))
        body = render_to_string("inquiries/public/confirmation.txt", context)
    reply_to = [inquiry.desk.email] if inquiry.desk and inquiry.desk.email else None
    EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [inquiry.email], reply_to=reply_to
    ).send()
    InquiryEvent.record(inquiry, EventKind.CONFIRMED, note=inquiry.email)
    return True


@task()
def send_reply(reply_id):
    """Send a reply written in pocketworld; a failure is kept on the reply for its writer."""
    answer = Reply.objects.select_related("inquiry__desk", "sent_by").filter(pk=reply_id).first()
    if answer is None or answer.delivered_at:
        return False
    inquiry = answer.inquiry
    with translation.override(inquiry.language):
        subject = answer.subject or render_to_string(
            "inquiries/public/reply_subject.txt", {"inquiry": inquiry}
        )
    reply_to = [
        address
        for address in (getattr(answer.sent_by, "email", ""), getattr(inquiry.desk, "email", ""))
        if address
    ]
    message = EmailMessage(
        one_line(subject), answer.body, settings.DEFAULT_FROM_EMAIL, [inquiry.email],
        reply_to=reply_to[:1] or None,
    )  # fmt: skip
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        answer.delivery_error = str(error)[:250]
        answer.save(update_fields=["delivery_error", "last_updated"])
        return False
    answer.delivered_at = timezone.now()
    answer.delivery_error = ""
    answer.save(update_fields=["delivered_at", "delivery_error", "last_updated"])
    return True


def escalate(now=None):
    """Tell the heads of their desks of the inquiries unanswered past their escalation
    time, each once; the inquiries escalated."""
    now = now or timezone.now()
    due = list(
        Inquiry.objects.filter(status=Status.NEW, escalate_at__lt=now, escalated_at__isnull=True)
        .select_related("desk")
        .order_by("desk", "received_at")
    )
    by_desk = {}
    for inquiry in due:
        by_desk.setdefault(inquiry.desk, []).append(inquiry)
    for desk, inquiries in by_desk.items():
        heads = DeskMembership.objects.filter(role=DeskRole.HEAD, user__is_active=True)
        heads = heads.filter(desk=desk) if desk else heads
        addresses = sorted(
            {email for email in heads.values_list("user__email", flat=True) if email}
        )
        if addresses:
            with translation.override(settings.LANGUAGE_CODE):
                context = {"desk": desk, "inquiries": inquiries, "base_url": settings.SITE_URL}
                subject = one_line(render_to_string("inquiries/escalation_subject.txt", context))
                body = render_to_string("inquiries/escalation.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        with translation.override(settings.LANGUAGE_CODE):
            note = ", ".join(addresses) or _("no desk head with an e-mail address")
        Inquiry.objects.filter(pk__in=[inquiry.pk for inquiry in inquiries]).update(
            escalated_at=now
        )
        InquiryEvent.objects.bulk_create(
            InquiryEvent(inquiry=inquiry, kind=EventKind.ESCALATED, at=now, note=note[:500])
            for inquiry in inquiries
        )
    return due


@task()
def escalate_overdue():
    """Escalate what is due, having queued the next pass first."""
    queue_again_after(escalate_overdue, PASS_EVERY)
    return len(escalate())


def schedule_passes():
    """Queue the passes now, unless one waits already; the time it runs, or None."""
    return queue_once(escalate_overdue, timezone.now())


@task()
def purge_inquiries():
    """Queue itself for the next night, then delete old spam and the inquirer's data of
    inquiries nothing followed from (`retention.purge`)."""
    queue_again_tomorrow(purge_inquiries, PURGE_HOUR)
    deleted, anonymised = purge()
    return {"spam_deleted": deleted, "anonymised": anonymised}
