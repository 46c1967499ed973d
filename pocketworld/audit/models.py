"""The audit log: who did what, when, from where, to which record.

An event is only ever added. Its model refuses to save it a second time or to delete it,
its querysets refuse `update()` and `delete()`, and the database refuses an UPDATE of its
table (a trigger, migration 0002): only `purge_before` removes events, those older than
the retention (`AUDIT_RETENTION_DAYS`), and the purge is itself an event. The one change
the database lets through is Django's own when a user is deleted: the event's `user`
becomes empty, while `username` keeps who it was.

An event names its record by type and id (`target_type`, `target_id`); the name
(`target_repr`) only of records that are not personal data or internal work (a company, a
desk, a user by their user name), so that the log holds no name read from a person's
record. Erasure leaves the log as it is (`AccessRule.append_only`).
"""

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pocketworld.audit.choices import AuditAction
from pocketworld.core.choices import Role
from pocketworld.core.permissions import AccessRule
from pocketworld.core.querysets import PolicyQuerySet

USER_AGENT_LENGTH = 300
PATH_LENGTH = 300
TARGET_LENGTH = 200


class EventIsFinal(IntegrityError):
    """An audit event cannot be changed or deleted; old ones go by `purge_before` alone.
    An IntegrityError, as when the database itself refuses the change."""


class AuditEventQuerySet(PolicyQuerySet):
    """`visible_to` as the policy says (administrators alone: the rule's `read_by_roles`);
    no update or delete."""

    def update(self, **kwargs):
        raise EventIsFinal(_("The audit log is append-only: events cannot be changed."))

    def delete(self):
        raise EventIsFinal(
            _("The audit log is append-only: events go only when their retention ends.")
        )

    def purge_before(self, cutoff):
        """Delete the events of this queryset older than `cutoff`; how many went. The one
        way events leave the log, for its retention (`services.purge_expired`)."""
        expired = self.filter(timestamp__lt=cutoff)
        deleted, _by_model = models.QuerySet.delete(expired)
        return deleted


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(models.Model):
    timestamp = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who it was, also after the user is deleted; for a failed sign-in, the name given.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_LENGTH, blank=True)
    # The address the request asked for (without its query), e.g. /companies/.
    path = models.CharField(_("address"), max_length=PATH_LENGTH, blank=True)
    # The record acted on, by its model's label ("contacts.person") and id.
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=TARGET_LENGTH, blank=True)
    # What else tells what happened: old and new values, counts, a list's filters.
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventManager()
    access = AccessRule(
        internal=True,
        read_by_roles=(Role.ADMINISTRATOR,),
        append_only=True,
        personal_fields=("user", "username", "ip_address", "user_agent"),
    )

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["action", "-timestamp"]),
            models.Index(fields=["username", "-timestamp"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return _("%(action)s by %(user)s") % {
            "action": self.get_action_display(),
            "user": self.username or "—",
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EventIsFinal(_("The audit log is append-only: events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventIsFinal(
            _("The audit log is append-only: events go only when their retention ends.")
        )

    @property
    def target_model(self):
        """The model of the record acted on, or None (none, or a model that is gone)."""
        if not self.target_type:
            return None
        try:
            return apps.get_model(self.target_type)
        except (LookupError, ValueError):
            return None

    @property
    def target_label(self):
        """The record as the log shows it: its name where it may be kept, else its type
        and id ("person #12"), in the reader's language."""
        if self.target_repr:
            return self.target_repr
        if not self.target_type:
            return ""
        model = self.target_model
        kind = model._meta.verbose_name if model is not None else self.target_type
        return f"{kind} #{self.target_id}"

    @classmethod
    def describe_retention(cls):
        """How long events are kept, for the records of processing."""
        return _("%(days)d days, then deleted every night.") % {
            "days": settings.AUDIT_RETENTION_DAYS
        }
