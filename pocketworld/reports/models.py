"""Segments: saved filters on the company list that a user keeps or shares with the team."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core import permissions
from pocketworld.core.models import TimestampedModel


def may_keep_segments(user):
    """Segments are the team's working tool; partner viewers neither see nor save them."""
    return permissions.is_active_user(user) and not permissions.is_partner_viewer(user)


class SegmentQuerySet(models.QuerySet):
    """Segments belong to a person, not to a desk, so the desk policy does not decide them.

    Everyone who may keep segments sees their own and the shared ones; the owner changes
    and deletes a segment, directors and administrators also the shared ones. A private
    segment stays private, from directors too. `Segment.is_editable_by` must agree.
    """

    def visible_to(self, user):
        if not may_keep_segments(user):
            return self.none()
        return self.filter(Q(owner=user) | Q(shared=True))

    def editable_by(self, user):
        if permissions.sees_and_changes_everything(user):
            return self.visible_to(user)
        if not may_keep_segments(user):
            return self.none()
        return self.filter(owner=user)


class Segment(TimestampedModel):
    """A saved company filter ("Chinese companies, GreenTech, NACE 27 or 43").

    Not a PrimaryModel: tags would label a label, and the desk policy's manager does not
    fit a record owned by a person. History stays, since shared segments are edited by
    more than one person and their filter decides the figures on the dashboard.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="segments",
    )
    shared = models.BooleanField(
        _("shared with the team"),
        default=False,
        help_text=_("Everyone on the team sees a shared segment; only you see a private one."),
    )
    query = models.TextField(
        _("company filter"),
        blank=True,
        help_text=_(
            "The company list's filter, as in its address after the “?”, e.g. "
            "country=CN&focus_area=greentech&sector=27&sector=43."
        ),
    )

    history = HistoricalRecords(excluded_fields=["last_updated"])

    objects = SegmentQuerySet.as_manager()

    access = permissions.AccessRule()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:segment_detail", args=[self.pk])

    def clean(self):
        # Filtersets need the models loaded, so they are imported only when needed.
        from pocketworld.reports.filtersets import (
            normalize_company_filter,
            validate_company_filter,
        )

        super().clean()
        self.query = normalize_company_filter(self.query)
        try:
            validate_company_filter(self.query)
        except ValidationError as error:
            raise ValidationError({"query": error.error_list}) from None

    def is_editable_by(self, user):
        """Whether the user may change or delete this segment (as `editable_by` decides)."""
        if not may_keep_segments(user):
            return False
        if self.owner_id == user.pk:
            return True
        return self.shared and permissions.sees_and_changes_everything(user)

    @property
    def company_list_url(self):
        """The company list, filtered as this segment."""
        url = reverse("companies:company_list")
        return f"{url}?{self.query}" if self.query else url
