from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.contacts.choices import LegalBasis
from pocketworld.core.permissions import AccessRule

# Bounds of a retention rule: a century, a year.
MAX_RETENTION_MONTHS = 1200
MAX_GRACE_DAYS = 365


class Erasure(models.Model):
    """The tombstone of an erased person: when, by whom and on which request, and nothing
    that identifies the person."""

    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(
        _("reason"), help_text=_("The request and its reference; no name or other personal data.")
    )
    # Erased by the retention rules, not on request.
    by_retention = models.BooleanField(_("by retention rule"), default=False)
    # {place: rows removed or rewritten}, e.g. {"history": 12, "interaction notes": 2}.
    removed = models.JSONField(_("removed"), default=dict, blank=True)
    # The ids the person (and the people merged into them) had: numbers that name no one
    # once the records are gone, kept so that the erasure can be done again after an older
    # backup is restored (`manage.py replay_erasures`).
    former_ids = models.JSONField(_("former ids"), default=list, blank=True)

    access = AccessRule(internal=True)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return _("Erased on %(date)s") % {"date": self.erased_at.date().isoformat()}


class AccessExport(models.Model):
    """An access export (Art. 15) that was made: of whom, by whom, when."""

    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_exports",
    )
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)

    access = AccessRule(
        desk_lookups=("person__desk", "person__positions__company__desk"), internal=True
    )

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("access export")
        verbose_name_plural = _("access exports")

    def __str__(self):
        return _("Access export of %(date)s") % {"date": self.exported_at.date().isoformat()}


class RetentionRule(models.Model):
    """How long the data of people kept on one legal basis is kept (`privacy.retention`)."""

    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, unique=True
    )
    # Counted from the person's last activity (`retention.last_activity`); empty: until
    # the person's own date (a contract's end).
    months = models.PositiveSmallIntegerField(
        _("months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "Months after the person's last activity; empty: until the day the person's "
            "contract ends."
        ),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=30,
        validators=[MaxValueValidator(MAX_GRACE_DAYS)],
        help_text=_("Days between being due for review and being erased."),
    )
    # A changed rule erases no one before they have been listed for a whole grace period.
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["last_updated"])
    access = AccessRule()

    class Meta:
        ordering = ["legal_basis"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return self.get_legal_basis_display()


class RetentionExtension(models.Model):
    """An officer keeps a person due for review longer, with a reason."""

    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="retention_extensions",
    )
    until = models.DateField(_("kept until"))
    reason = models.TextField(_("reason"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    access = AccessRule(
        desk_lookups=("person__desk", "person__positions__company__desk"),
        internal=True,
        personal_fields=("reason",),
    )

    class Meta:
        ordering = ["-until"]
        verbose_name = _("retention extension")
        verbose_name_plural = _("retention extensions")

    def __str__(self):
        return _("Kept until %(date)s") % {"date": self.until.isoformat()}


class DueForReview(models.Model):
    """A person the nightly review found due (`retention.list_due`): My day and the digest
    read this list instead of working out the last activity of every person of a desk on
    each request."""

    person = models.OneToOneField(
        "contacts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="due_for_review",
    )
    listed_on = models.DateField(_("listed on"))
    # As the review worked it out: My day orders by it and tells a later contact by it.
    last_activity = models.DateField(_("last activity"))
    # The desks the person belonged to when listed, by the person's desk lookups: a desk's
    # list is read from its own entries, not by following every listed person's positions.
    desks = models.ManyToManyField(
        "desks.Desk", verbose_name=_("desks"), related_name="+", blank=True
    )

    access = AccessRule(
        desk_lookups=("person__desk", "person__positions__company__desk"), internal=True
    )

    class Meta:
        verbose_name = _("person due for review")
        verbose_name_plural = _("people due for review")

    def __str__(self):
        return _("Due for review since %(date)s") % {"date": self.listed_on.isoformat()}
