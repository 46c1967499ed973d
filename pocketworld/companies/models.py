"""Foreign companies, their names in every script, their sites in the region, and partners.

Partner organisations are a model of their own, not a kind of company: a chamber, JETRO or
a vocational college is never an investment target, has no status, no country desk
assignment by origin and no employees to count in the region's figures, and the reports
must never count it as a foreign company. Where a partner is also a company in the
registry (Messe Düsseldorf as exhibitor, say), `PartnerOrganisation.company` links the two.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from stdnum import lei as lei_number
from stdnum.exceptions import ValidationError as NumberValidationError

from pocketworld.companies.choices import (
    CompanyStatus,
    NameKind,
    PartnerKind,
    PartnerLinkRole,
    PartnershipKind,
    SiteKind,
)
from pocketworld.core.models import PrimaryModel
from pocketworld.core.permissions import AccessRule
from pocketworld.core.scripts import Script, detect_script
from pocketworld.core.validators import validate_no_control_characters


def validate_lei(value):
    """ISO 17442: 20 characters, ISO 7064 MOD 97-10 check digits."""
    try:
        lei_number.validate(value)
    except NumberValidationError:
        raise ValidationError(
            _("%(value)s is not a valid LEI: 20 letters and digits with valid check digits."),
            params={"value": value},
            code="invalid_lei",
        ) from None


def primary_desk_of(country):
    if country is None:
        return None
    coverage = country.coverage.filter(is_primary=True).select_related("desk").first()
    return coverage.desk if coverage else None


def follow_primary_desk(sender, country, **kwargs):
    """A country's companies follow its primary desk, unless set by hand (sent by the desks
    when their coverage changes)."""
    from pocketworld.search.services import set_desk

    companies = Company.objects.filter(country=country, desk_override__isnull=True)
    desk = primary_desk_of(country)
    companies.update(desk=desk)
    set_desk("company", companies.values("pk"), desk.pk if desk else None)


class Company(PrimaryModel):
    legal_name = models.CharField(
        _("legal name"), max_length=250, validators=[validate_no_control_characters]
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country of origin"),
        on_delete=models.PROTECT,
        related_name="companies",
        help_text=_("Where the group has its headquarters."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    sectors = models.ManyToManyField(
        "core.Sector", verbose_name=_("sectors"), blank=True, related_name="companies"
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="companies"
    )
    employees_region = models.PositiveIntegerField(
        _("employees in the region"), null=True, blank=True
    )
    employees_worldwide = models.PositiveIntegerField(
        _("employees worldwide"), null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    lei = models.CharField(
        _("LEI"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_lei],
        help_text=_("Legal Entity Identifier (ISO 17442), 20 characters."),
    )
    registered_address = models.TextField(
        _("registered address"),
        blank=True,
        db_default="",
        help_text=_("The legal address in the commercial register, as the LEI record gives it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.PROSPECT
    )
    desk = models.ForeignKey(
        "desks.Desk",
        verbose_name=_("responsible desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
    )
    desk_override = models.ForeignKey(
        "desks.Desk",
        verbose_name=_("desk (override)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to use the primary desk of the country of origin."),
    )
    description = models.TextField(_("description"), blank=True)

    access = AccessRule(desk_lookups=("desk",))
    _history_m2m_fields = ["sectors", "focus_areas"]

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [
            # The companies in the region by status, and by country for the KPIs: the
            # index alone answers how many there are of each origin.
            models.Index(fields=["status", "country"]),
            models.Index(fields=["legal_name"]),
            models.Index(fields=["desk", "status"]),  # a desk's companies here (aftercare)
            # The list's order within its usual filters: a page without sorting them all.
            # With the key, PostgreSQL counts and joins a country's or a desk's companies
            # from the index alone (SQLite's indexes hold it anyway): the sites of Japanese
            # companies counted in 4 ms, not 10.
            models.Index(fields=["status", "legal_name"]),
            models.Index(
                fields=["country", "legal_name"], include=["id"], name="companies_country_name_idx"
            ),
            models.Index(
                fields=["desk", "legal_name"], include=["id"], name="companies_desk_name_idx"
            ),
        ]

    def __str__(self):
        return self.legal_name

    def get_absolute_url(self):
        return reverse("companies:company_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.lei:
            self.lei = self.lei.upper().replace(" ", "")
        else:
            self.lei = None
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("A company cannot be its own parent, directly or not.")}
                    )
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if (
            self.employees_region is not None
            and self.employees_worldwide is not None
            and self.employees_region > self.employees_worldwide
        ):
            raise ValidationError(
                {
                    "employees_region": _(
                        "More employees in the region than worldwide: check both figures."
                    )
                }
            )

    def resolve_desk(self):
        """The responsible desk: the override if set, else the country's primary desk."""
        self.desk = self.desk_override or primary_desk_of(self.country if self.country_id else None)

    def save(self, *args, **kwargs):
        self.lei = self.lei or None
        self.resolve_desk()
        super().save(*args, **kwargs)

    def owning_desk_ids(self):
        self.resolve_desk()
        return {self.desk.pk} if self.desk else set()


class CompanyName(PrimaryModel):
    """A further name of a company: in another script or language, a brand, a former name."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("name"), max_length=250, validators=[validate_no_control_characters])
    kind = models.CharField(
        _("kind"), max_length=20, choices=NameKind.choices, default=NameKind.NATIVE
    )
    language = models.ForeignKey(
        "core.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    script = models.CharField(
        _("script"),
        max_length=4,
        choices=Script.choices,
        blank=True,
        help_text=_("Detected from the name when left empty."),
    )
    valid_until = models.DateField(
        _("used until"), null=True, blank=True, help_text=_("For former names.")
    )

    access = AccessRule(desk_lookups=("company__desk",))

    class Meta:
        ordering = ["company", "kind", "name"]
        verbose_name = _("company name")
        verbose_name_plural = _("company names")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="unique_company_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.company.get_absolute_url() + "#names"

    def save(self, *args, **kwargs):
        if not self.script:
            self.script = detect_script(self.name, self.language_id)
        super().save(*args, **kwargs)

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()


class Site(PrimaryModel):
    """An establishment of a company in the region."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sites",
    )
    relocated_from = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("relocated from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relocated_sites",
        help_text=_("The municipality the company moved this site from, if it relocated."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    access = AccessRule(desk_lookups=("company__desk",))

    class Meta:
        ordering = ["company", "municipality", "kind"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        # The list's order, which also tells which municipalities a company is in (KPIs);
        # with the key, the sites of a set of companies are counted from the index alone.
        indexes = [
            models.Index(
                fields=["company", "municipality", "kind"],
                include=["id"],
                name="companies_site_company_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="site_closed_after_opened",
                violation_error_message=_("A site cannot close before it opened."),
            ),
        ]

    def __str__(self):
        label = self.name or self.get_kind_display()
        return f"{self.company} – {label}, {self.municipality}"

    def get_absolute_url(self):
        return reverse("companies:site_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("A site cannot close before it opened.")})
        if self.relocated_from_id and self.relocated_from_id == self.municipality_id:
            raise ValidationError(
                {"relocated_from": _("A relocation must come from another municipality.")}
            )

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()


class PartnerOrganisation(PrimaryModel):
    name = models.CharField(
        _("name"), max_length=250, unique=True, validators=[validate_no_control_characters]
    )
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, validators=[validate_no_control_characters]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    partnership = models.CharField(
        _("kind of partnership"), max_length=20, choices=PartnershipKind.choices
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        help_text=_("Where the partner sits, if in the region."),
    )
    website = models.URLField(_("website"), blank=True)
    desks = models.ManyToManyField(
        "desks.Desk",
        verbose_name=_("desks"),
        blank=True,
        related_name="partners",
        help_text=_("Desks that work with this partner. None: shared by all desks."),
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="partners"
    )
    company = models.OneToOneField(
        Company,
        verbose_name=_("registered as company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_organisation",
    )
    description = models.TextField(_("description"), blank=True)

    access = AccessRule(desk_lookups=("desks",), shared_when_deskless=True)
    _history_m2m_fields = ["desks", "focus_areas"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("companies:partnerorganisation_detail", args=[self.pk])

    def owning_desk_ids(self):
        if not self.pk:
            return set()
        return set(self.desks.values_list("pk", flat=True))


class PartnerLink(PrimaryModel):
    """How a partner organisation is involved with a company."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="company_links",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerLinkRole.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)

    access = AccessRule(desk_lookups=("company__desk",))

    class Meta:
        ordering = ["company", "partner"]
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "partner", "role"], name="unique_partner_link"
            ),
        ]

    def __str__(self):
        return f"{self.company} – {self.partner} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.company.get_absolute_url() + "#partners"

    def owning_desk_ids(self):
        return self.company.owning_desk_ids()
