"""Base models shared by every app, and the reference data drawn from public standards."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyManager


class TranslatedTitleMixin:
    """Reference titles keep one column per language (`title_de`, `title_en`) behind `title`."""

    title_field = "title"

    @property
    def title(self):
        language = (get_language() or "en")[:2]
        prefix = self.title_field
        return getattr(self, f"{prefix}_{language}", None) or getattr(self, f"{prefix}_en")

    def __str__(self):
        return str(self.title)


class TimestampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        abstract = True


class PrimaryModel(TimestampedModel):
    """A main record: timestamps, field history and tags."""

    tags = TaggableManager(_("tags"), blank=True)
    history = HistoricalRecords(inherit=True, excluded_fields=["last_updated"])

    objects = PolicyManager()

    class Meta:
        abstract = True


class ReferenceModel(models.Model):
    """Reference data: loaded from standards, changes still recorded."""

    history = HistoricalRecords(inherit=True)

    objects = PolicyManager()
    access = AccessRule()

    class Meta:
        abstract = True


class Country(TranslatedTitleMixin, ReferenceModel):
    """An ISO 3166-1 country; `code` is the alpha-2 code used everywhere, also in the API."""

    title_field = "name"

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    @property
    def name(self):
        return self.title


class Language(TranslatedTitleMixin, ReferenceModel):
    """An ISO 639 language, keyed by its two-letter code where it has one."""

    title_field = "name"

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    @property
    def name(self):
        return self.title


class SectorLevel(models.TextChoices):
    SECTION = "section", _("section")
    DIVISION = "division", _("division")


class Sector(TranslatedTitleMixin, ReferenceModel):
    """A NACE Rev. 2 / WZ 2008 section (letter) or division (two digits)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=SectorLevel.choices)
    section = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
    )
    title_en = models.CharField(_("title (English)"), max_length=250)
    title_de = models.CharField(_("title (German)"), max_length=250)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return f"{self.code} {self.title}"


class OccupationLevel(models.TextChoices):
    MAJOR = "major", _("major group")
    SUB_MAJOR = "sub_major", _("sub-major group")
    MINOR = "minor", _("minor group")
    UNIT = "unit", _("unit group")


class Occupation(TranslatedTitleMixin, ReferenceModel):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4 digits).

    ISCO-08 is the ILO's International Standard Classification of Occupations. Other
    countries' labour statistics and the EU's ESCO code occupations in it, and the German
    KldB 2010 maps onto it: a company from abroad and the agency name the skilled workers
    the company looks for in the same terms, whatever country it comes from.
    """

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=OccupationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title_en = models.CharField(_("title (English)"), max_length=250)
    title_de = models.CharField(_("title (German)"), max_length=250, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self):
        return f"{self.code} {self.title}"


class FocusArea(TranslatedTitleMixin, ReferenceModel):
    """A promotion theme such as GreenTech; edited by administrators."""

    title_field = "name"

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    @property
    def name(self):
        return self.title


class Municipality(ReferenceModel):
    """A municipality of the region, with its official key (Amtlicher Gemeindeschlüssel)."""

    key = models.CharField(_("official key"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=150)
    district = models.CharField(_("district"), max_length=100)
    administrative_region = models.CharField(_("administrative region"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name
