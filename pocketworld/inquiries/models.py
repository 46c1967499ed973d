"""Inquiries from abroad: what an inquirer sent through the public form or API, where it
was routed, its response clock, the replies and what became of it.

An inquiry is never lost: what the abuse defences reject is kept as spam (`Status.SPAM`,
with its reason) for staff to review, and a form sent twice is stored once (`nonce`).
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.models import TimestampedModel
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager, PolicyQuerySet
from pocketworld.core.validators import validate_no_control_characters
from pocketworld.inquiries.choices import (
    OPEN_STATUSES,
    Channel,
    CloseReason,
    EventKind,
    Outcome,
    ReplyChannel,
    RoutedBy,
    SpamReason,
    Status,
)
from pocketworld.inquiries.public.choices import CompanySize, Plan, Sector, Timing

# Crockford's base 32 without I, L, O, U: a reference read out on the phone is not misheard.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PERSONAL_FIELDS = ("contact_name", "email", "phone", "message", "address_hash")


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class InquiryQuerySet(PolicyQuerySet):
    def awaiting_reply(self):
        return self.filter(status=Status.NEW)

    def overdue(self, now=None):
        return self.awaiting_reply().filter(due_at__lt=now or timezone.now())

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Inquiry(TimestampedModel):
    reference = models.CharField(_("reference"), max_length=9, unique=True, editable=False)
    # The form's one-time token or the API's Idempotency-Key: sent twice, stored once.
    nonce = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel.choices, editable=False
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.INQUIRY_LANGUAGES, editable=False
    )

    company_name = models.CharField(
        _("company"), max_length=200, validators=[validate_no_control_characters]
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(
        _("contact person"), max_length=200, validators=[validate_no_control_characters]
    )
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    plan = models.CharField(_("plan"), max_length=20, choices=Plan.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    timing = models.CharField(_("timing"), max_length=10, choices=Timing.choices, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    consent_at = models.DateTimeField(_("consent given"), editable=False)
    consent_text = models.TextField(_("privacy text consented to"), editable=False)
    # A keyed hash of the sender's address: enough to count, not to know who it was.
    address_hash = models.CharField(max_length=64, blank=True, editable=False)

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # Its arrival, or its release from spam: where the working hours to the reply count from.
    clock_started_at = models.DateTimeField(_("clock started"), editable=False)
    due_at = models.DateTimeField(_("reply due"), editable=False)
    escalate_at = models.DateTimeField(_("escalated after"), editable=False)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True, editable=False)
    first_response_at = models.DateTimeField(
        _("first reply"), null=True, blank=True, editable=False
    )
    response_hours = models.FloatField(
        _("working hours to first reply"), null=True, blank=True, editable=False
    )

    desk = models.ForeignKey(
        "desks.Desk",
        verbose_name=_("desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    routed_by = models.CharField(
        _("routed by"), max_length=10, choices=RoutedBy.choices, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, editable=False
    )
    spam_reason = models.CharField(
        _("spam because"), max_length=20, choices=SpamReason.choices, blank=True, editable=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, editable=False
    )
    close_reason = models.CharField(
        _("reason for closing"),
        max_length=20,
        choices=CloseReason.choices,
        blank=True,
        editable=False,
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True, editable=False)
    outcome_at = models.DateTimeField(_("triaged"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("inquirer's data deleted"), null=True, blank=True, editable=False
    )

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("known company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        editable=False,
    )
    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("known person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        editable=False,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("lead project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        editable=False,
    )
    partner = models.ForeignKey(
        "companies.PartnerOrganisation",
        verbose_name=_("forwarded to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        editable=False,
    )
    participant = models.ForeignKey(
        "events.Participant",
        verbose_name=_("event registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    membership = models.ForeignKey(
        "programmes.Membership",
        verbose_name=_("programme place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["last_updated"])
    objects = models.Manager.from_queryset(InquiryQuerySet)()
    # An inquiry no desk could be found for is every desk's to take.
    access = AccessRule(
        desk_lookups=("desk",),
        internal=True,
        shared_when_deskless=True,
        personal_fields=PERSONAL_FIELDS,
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [
            models.Index(fields=["status", "due_at"], name="inquiry_status_due"),
            # The limits per sender count the last hour's inquiries of an address, an e-mail.
            models.Index(fields=["address_hash", "received_at"], name="inquiry_address_recent"),
            models.Index(Upper("email"), F("received_at"), name="inquiry_email_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.SPAM) | ~Q(spam_reason=""),
                name="inquiry_spam_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(status__in=[Status.ANSWERED, Status.DONE, Status.SPAM]),
                name="inquiry_answered_status",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.company_name}"

    def get_absolute_url(self):
        return reverse("inquiries:inquiry_detail", args=[self.pk])

    def owning_desk_ids(self):
        return {self.desk_id} if self.desk_id else set()

    def save(self, *args, **kwargs):
        """A new inquiry draws its reference until it is one nobody has (a clash of 40 bits
        is rare, never impossible); its clock runs from its arrival unless said otherwise."""
        if self.clock_started_at is None:
            self.clock_started_at = self.received_at
        if self.reference:
            return super().save(*args, **kwargs)
        for _attempt in range(5):
            self.reference = new_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Inquiry._base_manager.filter(reference=self.reference).exists():
                    raise
        raise IntegrityError("No free inquiry reference found.")

    @property
    def is_overdue(self):
        return self.status == Status.NEW and self.due_at < timezone.now()

    @property
    def is_escalated(self):
        return self.status == Status.NEW and self.escalate_at < timezone.now()

    @property
    def answered_in_time(self):
        return self.first_response_at is not None and self.first_response_at <= self.due_at


ANSWERED_IN_TIME = Q(first_response_at__isnull=False, first_response_at__lte=F("due_at"))


class Attachment(TimestampedModel):
    """The file an inquirer sent along, kept in the database so that every app server
    reads it."""

    inquiry = models.OneToOneField(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="attachment"
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    data = models.BinaryField(editable=False)

    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("inquiry__desk",),
        internal=True,
        shared_when_deskless=True,
        # Its content is no text the footprint reads: it goes with the inquiry's data.
        personal_fields=("name",),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inquiries:inquiry_attachment", args=[self.inquiry_id])

    def owning_desk_ids(self):
        return self.inquiry.owning_desk_ids()


class Reply(TimestampedModel):
    """A reply to the inquirer: written here and sent by e-mail, or given elsewhere and
    recorded."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="replies"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ReplyChannel.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=20000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("replied"), default=timezone.now)
    delivered_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    delivery_error = models.CharField(_("e-mail error"), max_length=250, blank=True)

    objects = PolicyManager()
    access = AccessRule(
        desk_lookups=("inquiry__desk",),
        internal=True,
        shared_when_deskless=True,
        personal_fields=("body",),
    )

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.inquiry.reference}: {self.get_channel_display()}"

    def get_absolute_url(self):
        return self.inquiry.get_absolute_url() + f"#reply-{self.pk}"

    def owning_desk_ids(self):
        return self.inquiry.owning_desk_ids()


class InquiryEvent(models.Model):
    """What happened to an inquiry, in order: its own timeline."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Where what it made lives (the lead project, the partner).
    url = models.CharField(_("link"), max_length=200, blank=True)

    objects = PolicyManager()
    access = AccessRule(desk_lookups=("inquiry__desk",), internal=True, shared_when_deskless=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("inquiry event")
        verbose_name_plural = _("inquiry events")

    def __str__(self):
        return f"{self.inquiry.reference}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.inquiry.get_absolute_url() + "#timeline"

    def owning_desk_ids(self):
        return self.inquiry.owning_desk_ids()

    @classmethod
    def record(cls, inquiry, kind, user=None, note="", url=""):
        return cls.objects.create(
            inquiry=inquiry, kind=kind, by=user, note=note[:500], url=url[:200]
        )


class PrivacyNotice(models.Model):
    """The privacy text an inquirer consents to, per language of the form; without one, the
    form shows the text that ships with pocketworld."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.INQUIRY_LANGUAGES, unique=True
    )
    text = models.TextField(_("text"), max_length=20000)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords()
    objects = PolicyManager()
    access = AccessRule()

    class Meta:
        ordering = ["language"]
        verbose_name = _("privacy text of the inquiry form")
        verbose_name_plural = _("privacy texts of the inquiry form")

    def __str__(self):
        return self.get_language_display()


class RoutingSettings(models.Model):
    """Where an inquiry goes that neither its country nor its language places: one row,
    kept by administrators."""

    triage_desk = models.ForeignKey(
        "desks.Desk",
        verbose_name=_("triage desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Takes the inquiries that neither their country nor language places."),
    )

    history = HistoricalRecords()
    objects = PolicyManager()
    access = AccessRule()

    class Meta:
        verbose_name = _("inquiry routing")
        verbose_name_plural = _("inquiry routing")

    def __str__(self):
        return str(_("inquiry routing"))

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).select_related("triage_desk").first() or cls(pk=1)
