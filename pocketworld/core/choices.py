"""The roles the permission policy knows: of a user in the agency, and of a member in a desk."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    DIRECTOR = "director", _("director")
    STAFF = "staff", _("desk staff")
    PARTNER_VIEWER = "partner_viewer", _("partner viewer")


class DeskRole(models.TextChoices):
    HEAD = "head", _("head of desk")
    OFFICER = "officer", _("desk officer")
    ASSISTANT = "assistant", _("assistant")
