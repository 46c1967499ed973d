"""Writing the audit log (`record`) and keeping it only as long as `AUDIT_RETENTION_DAYS`
(`purge_expired`). The receivers in `signals` call `record`; nothing else writes events."""

import datetime
import ipaddress

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from pocketworld.audit.choices import AuditAction
from pocketworld.audit.middleware import current_request
from pocketworld.audit.models import PATH_LENGTH, TARGET_LENGTH, USER_AGENT_LENGTH, AuditEvent
from pocketworld.core.audit import unwrapped

USERNAME_LENGTH = AuditEvent._meta.get_field("username").max_length


def client_address(request):
    """The address the request came from, as the sign-in lockout reads it (behind the load
    balancer, `BEHIND_PROXY`: the address it forwarded); None when it is no IP address."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address((get_client_ip_address(request) or "").strip()))
    except ValueError:
        return None


def requesting_user(request=None):
    """The signed-in user of `request` (default: the request being served), or None."""
    request = request if request is not None else current_request()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def describe(record):
    """(type, id, name) of a record for an event. Records of personal data and internal
    work are named by type and id alone (`AuditEvent.target_label`), users by user name."""
    model = type(record)
    key = "" if record.pk is None else str(record.pk)
    if isinstance(record, get_user_model()):
        name = record.get_username()
    elif getattr(getattr(model, "access", None), "internal", False):
        name = ""
    else:
        name = Truncator(str(record)).chars(TARGET_LENGTH)
    return model._meta.label_lower, key, name


def record(action, *, request=None, user=None, username=None, target=None, details=None):
    """Write one event: `action` done by `user` (None: nobody signed in, or the system) on
    `target`, from the address of `request` (default: the request being served);
    `username` for who tried when no user is known (a failed sign-in)."""
    if action not in AuditAction.values:
        raise ValueError(f"{action!r} is no audit action: add it to audit.choices.AuditAction.")
    request = request if request is not None else current_request()
    meta = getattr(request, "META", {}) if request is not None else {}
    user = unwrapped(user)
    if user is not None and not getattr(user, "pk", None):
        user = None  # an anonymous user
    if username is None:
        username = user.get_username() if user is not None else ""
    event = AuditEvent(
        action=action,
        user=user,
        username=str(username)[:USERNAME_LENGTH],
        ip_address=client_address(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        path=(getattr(request, "path", "") or "")[:PATH_LENGTH] if request is not None else "",
        details=details or {},
    )
    if target is not None:
        event.target_type, event.target_id, event.target_repr = describe(target)
    event.save()
    return event


def retention_cutoff(now=None):
    """Events from before this moment have been kept long enough."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def purge_expired(now=None):
    """Delete the events older than the retention, and record that (when there were any);
    how many were deleted."""
    cutoff = retention_cutoff(now)
    with transaction.atomic():
        deleted = AuditEvent.objects.purge_before(cutoff)
        if deleted:
            record(
                AuditAction.AUDIT_LOG_PURGED,
                details={
                    "deleted": deleted,
                    "before": cutoff,
                    "retention_days": settings.AUDIT_RETENTION_DAYS,
                },
            )
    return deleted
