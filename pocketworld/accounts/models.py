"""Users with their service-wide role, the API tokens they sign requests with, and the
secret of their calendar subscription."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pocketworld.core.audit import announce
from pocketworld.core.choices import Role
from pocketworld.core.permissions import AccessRule


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    languages = models.ManyToManyField(
        "core.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    receives_digest = models.BooleanField(
        _("daily digest"),
        default=True,
        help_text=_("An e-mail each morning with due tasks and stale projects."),
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    access = AccessRule(personal_fields=("first_name", "last_name", "email", "languages"))

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


def hash_token(key):
    return hashlib.sha256(key.encode()).hexdigest()


class APIToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the key is shown once at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    # What the token is for ("Power BI report"), so that its owner knows which to revoke.
    description = models.CharField(_("name"), max_length=200, blank=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    read_only = models.BooleanField(
        _("read-only"), default=False, help_text=_("Reads through the API, changes nothing.")
    )

    access = AccessRule()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, description="", expires=None, read_only=False):
        """Create a token and return (token, key); the key is not stored."""
        key = "pw_" + secrets.token_urlsafe(32)
        with transaction.atomic():
            token = cls.objects.create(
                user=user,
                description=description,
                digest=hash_token(key),
                prefix=key[:8],
                expires=expires,
                read_only=read_only,
            )
            announce(
                "api_token_created",
                target=token,
                owner=user.pk,
                read_only=read_only,
                expires=expires.isoformat() if expires else None,
            )
        return token, key

    def revoke(self):
        with transaction.atomic():
            announce("api_token_revoked", target=self, owner=self.user_id)
            self.delete()

    @property
    def is_expired(self):
        return self.expires is not None and self.expires <= timezone.now()


class CalendarToken(models.Model):
    """The secret in a user's calendar subscription URL, which calendar apps fetch without
    signing in; only its SHA-256 is stored, the URL is shown once at creation."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    access = AccessRule()

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)

    @classmethod
    def issue(cls, user):
        """Give the user a new token and return (token, key); the old URL stops working."""
        key = secrets.token_urlsafe(32)
        with transaction.atomic():
            cls.objects.filter(user=user).delete()
            token = cls.objects.create(user=user, digest=hash_token(key))
        return token, key

    @classmethod
    def owner(cls, key):
        """The active user whose token `key` is, or None; notes when the token was used."""
        token = (
            cls.objects.select_related("user")
            .filter(digest=hash_token(key), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user


def team_members():
    """The users who work on records: everyone active but the partners' read-only accounts."""
    return User.objects.filter(is_active=True).exclude(role=Role.PARTNER_VIEWER)
