"""People at companies and partner organisations: personal data, kept on a legal basis."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pocketworld.contacts.choices import LegalBasis
from pocketworld.core.models import PrimaryModel
from pocketworld.core.permissions import AccessRule
from pocketworld.core.scripts import Script, detect_script
from pocketworld.core.validators import validate_no_control_characters


class Person(PrimaryModel):
    given_name = models.CharField(
        _("given name"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    family_name = models.CharField(
        _("family name"), max_length=100, validators=[validate_no_control_characters]
    )
    native_name = models.CharField(
        _("name in native script"),
        max_length=200,
        blank=True,
        help_text=_("As the person writes it, e.g. 山田 太郎 or 김민준."),
        validators=[validate_no_control_characters],
    )
    native_script = models.CharField(
        _("native script"), max_length=4, choices=Script.choices, blank=True
    )
    salutation = models.CharField(_("salutation / title"), max_length=50, blank=True)
    languages = models.ManyToManyField(
        "core.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=40, blank=True)
    desk = models.ForeignKey(
        "desks.Desk",
        verbose_name=_("responsible desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    contract_ends_on = models.DateField(
        _("contract ends on"),
        null=True,
        blank=True,
        help_text=_("On the contract basis the data are kept until this day, then reviewed."),
    )
    legal_basis_note = models.CharField(
        _("note on the legal basis"),
        max_length=250,
        blank=True,
        help_text=_("How consent was given, or which interest justifies keeping the data."),
    )
    notes = models.TextField(_("notes"), blank=True)

    access = AccessRule(
        desk_lookups=("desk", "positions__company__desk"),
        internal=True,
        personal_fields=(
            "salutation",
            "given_name",
            "family_name",
            "native_name",
            "native_script",
            "email",
            "phone",
            "mobile",
            "languages",
            "legal_basis",
            "consent_given_on",
            "contract_ends_on",
            "legal_basis_note",
            "notes",
            "tags",
        ),
    )
    _history_m2m_fields = ["languages"]

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["family_name", "given_name"]),  # the list's order
            models.Index(fields=["desk", "family_name", "given_name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis=LegalBasis.CONSENT)
                | models.Q(consent_given_on__isnull=False),
                name="consent_has_date",
                violation_error_message=_("Consent needs the date it was given."),
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_basis=LegalBasis.CONTRACT)
                | models.Q(contract_ends_on__isnull=False),
                name="contract_has_end",
                violation_error_message=_("A contract needs the day it ends."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def get_absolute_url(self):
        return reverse("contacts:person_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.legal_basis == LegalBasis.CONSENT and not self.consent_given_on:
            raise ValidationError({"consent_given_on": _("Consent needs the date it was given.")})
        if self.legal_basis != LegalBasis.CONSENT:
            self.consent_given_on = None
        # Without its end a contract would keep the data for ever (see privacy.retention).
        if self.legal_basis == LegalBasis.CONTRACT and not self.contract_ends_on:
            raise ValidationError({"contract_ends_on": _("A contract needs the day it ends.")})
        if self.legal_basis != LegalBasis.CONTRACT:
            self.contract_ends_on = None

    def save(self, *args, **kwargs):
        if self.native_name and not self.native_script:
            self.native_script = detect_script(self.native_name)
        super().save(*args, **kwargs)

    def owning_desk_ids(self):
        owners = {self.desk_id} if self.desk_id else set()
        if self.pk:
            owners |= set(
                self.positions.filter(company__desk__isnull=False).values_list(
                    "company__desk", flat=True
                )
            )
        return owners


class Position(PrimaryModel):
    """A person's job at a company or partner; ended positions keep the career history."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
    )
    partner = models.ForeignKey(
        "companies.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    access = AccessRule(
        desk_lookups=("person__desk", "company__desk"),
        internal=True,
        personal_fields=("person", "job_title", "started_on", "ended_on"),
    )

    class Meta:
        ordering = ["person", "-started_on"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            # The people of companies (the people list filtered by their companies' country,
            # desk or sector) read from the index alone.
            models.Index(fields=["company", "person"], name="contacts_po_company_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, partner__isnull=True)
                | models.Q(company__isnull=True, partner__isnull=False),
                name="position_at_company_or_partner",
                violation_error_message=_(
                    "A position is held either at a company or at a partner organisation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="position_ends_after_start",
                violation_error_message=_("A position cannot end before it started."),
            ),
        ]

    def __str__(self):
        employer = self.company or self.partner
        return (
            f"{self.person}, {self.job_title} – {employer}"
            if self.job_title
            else (f"{self.person} – {employer}")
        )

    def get_absolute_url(self):
        return self.person.get_absolute_url() + "#positions"

    @property
    def employer(self):
        return self.company or self.partner

    @property
    def is_current(self):
        return self.ended_on is None

    def clean(self):
        super().clean()
        if self.company_id and self.partner_id:
            raise ValidationError(
                {"partner": _("Choose a company or a partner organisation, not both.")}
            )
        if not self.company_id and not self.partner_id:
            raise ValidationError({"company": _("Choose a company or a partner organisation.")})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A position cannot end before it started.")})

    def owning_desk_ids(self):
        owners = {self.person.desk_id} if self.person_id and self.person.desk_id else set()
        if self.company_id:
            owners |= self.company.owning_desk_ids()
        return owners
