"""What the audit log hears: the business actions the apps announce (`core.audit`),
sign-ins and sign-outs (Django's signals), lockouts (axes), API token use (accounts), and
changes of users' rights and desk memberships, however they are made (the admin, the
pages, the API, a command), from the models' signals: the apps below never import this
one. Connected from `AuditConfig.ready`."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.module_loading import import_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from pocketworld.accounts.signals import api_token_used
from pocketworld.audit.choices import AuditAction
from pocketworld.audit.services import record, requesting_user
from pocketworld.core.audit import announced
from pocketworld.desks.models import Desk, DeskMembership

# A user's fields that make their rights: what they may see and change, and whether at all.
RIGHTS = ("role", "is_active", "is_superuser", "is_staff")
MEMBERSHIP = ("desk_id", "user_id", "role")


@receiver(announced)
def record_announced(sender, action, request, user, target, details, **kwargs):
    record(
        action,
        request=request,
        user=user if user is not None else requesting_user(request),
        target=target,
        details=details,
    )


# --- signing in and out -------------------------------------------------------------------


def is_single_sign_on(backend_path):
    """Whether the authentication backend at `backend_path` signs in through OpenID Connect."""
    try:
        backend = import_string(backend_path)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, OIDCAuthenticationBackend)


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    backend = getattr(user, "backend", None) or (session or {}).get(BACKEND_SESSION_KEY, "")
    action = AuditAction.SSO_SIGN_IN if is_single_sign_on(backend) else AuditAction.SIGN_IN
    record(action, request=request, user=user, details={"backend": backend})


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:  # nobody was signed in
        record(AuditAction.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    """The user name tried, or the prefix of an API token that is none (as the bearer
    authentication hands it on), never a password. A sign-in refused because of a lockout
    is recorded as that, by `locked_out` (axes hears this signal first and marks the
    request)."""
    if request is not None and getattr(request, "axes_locked_out", False):
        return
    username_field = get_user_model().USERNAME_FIELD
    username = credentials.get(username_field) or credentials.get("username") or ""
    token = credentials.get("api_token")
    record(
        AuditAction.SIGN_IN_FAILED,
        request=request,
        username=username,
        details={"token": str(token)[:8]} if token else {},
    )


@receiver(user_locked_out)
def locked_out(sender, request, username, **kwargs):
    """A sign-in that reached the limit of failures, or came while locked out."""
    failures = getattr(request, "axes_failures_since_start", None)
    record(
        AuditAction.LOCKED_OUT,
        request=request,
        username=username or "",
        details={"failures": failures} if failures else {},
    )


@receiver(api_token_used)
def token_used(sender, request, token, **kwargs):
    record(
        AuditAction.TOKEN_USED,
        request=request,
        user=token.user,
        target=token,
        details={"token": token.prefix, "read_only": token.read_only, "method": request.method},
    )


# --- users' rights ------------------------------------------------------------------------


def touches(update_fields, names):
    return update_fields is None or bool(set(update_fields) & set(names))


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def remember_rights(sender, instance, raw=False, update_fields=None, **kwargs):
    """Read the rights as stored, unless the save cannot change them (a sign-in's
    `last_login`)."""
    if raw or not touches(update_fields, RIGHTS) or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*RIGHTS).first()
    instance._rights_before = stored


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def record_rights(sender, instance, created, raw=False, update_fields=None, **kwargs):
    before = instance.__dict__.pop("_rights_before", None)
    if raw or not touches(update_fields, RIGHTS):
        return
    after = {name: getattr(instance, name) for name in RIGHTS}
    if created or before is None:
        record(
            AuditAction.USER_CREATED,
            user=requesting_user(),
            target=instance,
            details={"rights": after},
        )
        return
    changes = {name: [before[name], after[name]] for name in RIGHTS if before[name] != after[name]}
    if changes:
        record(
            AuditAction.ROLE_CHANGED,
            user=requesting_user(),
            target=instance,
            details={"changes": changes},
        )


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def record_user_deleted(sender, instance, **kwargs):
    record(
        AuditAction.USER_DELETED,
        user=requesting_user(),
        target=instance,
        details={"rights": {name: getattr(instance, name) for name in RIGHTS}},
    )


# --- desk memberships ---------------------------------------------------------------------


def record_membership(user_id, desk_id, role_before, role_after):
    """A user joined a desk, left it, or took another role in it."""
    member = get_user_model()._base_manager.filter(pk=user_id).first()
    desk = Desk._base_manager.filter(pk=desk_id)
    record(
        AuditAction.DESK_MEMBERSHIP_CHANGED,
        user=requesting_user(),
        target=member,
        details={
            "desk": desk.values_list("name", flat=True).first() or "",
            "desk_id": desk_id,
            "member_id": user_id,
            "changes": {"role": [role_before, role_after]},
        },
    )


@receiver(pre_save, sender=DeskMembership)
def remember_membership(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._membership_before = (
        sender._base_manager.filter(pk=instance.pk).values(*MEMBERSHIP).first()
    )


@receiver(post_save, sender=DeskMembership)
def record_membership_saved(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("_membership_before", None)
    if raw:
        return
    after = {name: getattr(instance, name) for name in MEMBERSHIP}
    if before == after:
        return
    if before is None:
        record_membership(instance.user_id, instance.desk_id, None, instance.role)
    elif (before["user_id"], before["desk_id"]) == (instance.user_id, instance.desk_id):
        record_membership(instance.user_id, instance.desk_id, before["role"], instance.role)
    else:  # moved to another user or desk: one left, one joined
        record_membership(before["user_id"], before["desk_id"], before["role"], None)
        record_membership(instance.user_id, instance.desk_id, None, instance.role)


@receiver(post_delete, sender=DeskMembership)
def record_membership_deleted(sender, instance, **kwargs):
    record_membership(instance.user_id, instance.desk_id, instance.role, None)
