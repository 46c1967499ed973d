"""Country desks, the countries they cover and the team members who sit on them."""

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pocketworld.core.choices import DeskRole
from pocketworld.core.models import PrimaryModel
from pocketworld.core.permissions import AccessRule

# Sent with `country` when the desks covering a country change: the records that follow a
# country's primary desk (companies) register for it from their own app.
coverage_changed = Signal()


class Desk(PrimaryModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    countries = models.ManyToManyField(
        "core.Country",
        verbose_name=_("countries covered"),
        through="DeskCoverage",
        related_name="desks",
        blank=True,
    )
    languages = models.ManyToManyField(
        "core.Language",
        verbose_name=_("languages answered in"),
        related_name="desks",
        blank=True,
        help_text=_("An inquiry from a country no desk covers goes to a desk of its language."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="DeskMembership",
        related_name="desks",
        blank=True,
    )

    # Organisation, not desk work: only directors and administrators change desks.
    access = AccessRule()

    class Meta:
        ordering = ["name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("desks:desk_detail", args=[self.pk])

    def owning_desk_ids(self):
        return {self.pk} if self.pk else set()


class DeskCoverage(PrimaryModel):
    """A country a desk covers; exactly one desk is a country's primary desk."""

    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="coverage"
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="coverage"
    )
    is_primary = models.BooleanField(
        _("primary desk"),
        default=True,
        help_text=_("Companies from this country are assigned to the primary desk."),
    )

    access = AccessRule()

    class Meta:
        ordering = ["desk", "country"]
        verbose_name = _("desk coverage")
        verbose_name_plural = _("desk coverage")
        constraints = [
            models.UniqueConstraint(fields=["desk", "country"], name="unique_desk_country"),
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(is_primary=True),
                name="one_primary_desk_per_country",
                violation_error_message=_("This country already has a primary desk."),
            ),
        ]

    def __str__(self):
        return f"{self.desk} – {self.country}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        coverage_changed.send(sender=DeskCoverage, country=self.country)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        coverage_changed.send(sender=DeskCoverage, country=self.country)
        return result

    def owning_desk_ids(self):
        return {self.desk_id}


class DeskMembership(PrimaryModel):
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="desk_memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=DeskRole.choices, default=DeskRole.OFFICER
    )

    access = AccessRule()

    class Meta:
        ordering = ["desk", "role", "user"]
        verbose_name = _("desk membership")
        verbose_name_plural = _("desk memberships")
        constraints = [
            models.UniqueConstraint(fields=["desk", "user"], name="unique_desk_member"),
        ]

    def __str__(self):
        return f"{self.user} – {self.desk} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.desk.get_absolute_url() + "#team"

    def owning_desk_ids(self):
        return {self.desk_id}
