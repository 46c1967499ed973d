"""The second factor of local accounts: an authenticator app (TOTP, django-otp's
`TOTPDevice`) and ten recovery codes (a `StaticDevice` whose tokens each work once).

A user has a second factor once an authenticator app is confirmed with a code it shows.
Wrong codes slow the next attempt on that device down, 1, 2, 4, 8 … seconds (django-otp's
throttling). Users whose role `REQUIRE_2FA_FOR` names must have one and may not switch it
off; an administrator resets it for a user who lost their phone (`reset_second_factor`).
"""

import math
import re
from base64 import b32encode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pocketworld.core.audit import announce

RECOVERY_CODE_COUNT = 10
# What the user sees the devices called (the Django admin lists them by name).
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_CODES_NAME = "recovery codes"
# An authenticator's code is six digits; anything else given is taken for a recovery code.
AUTHENTICATOR_CODE = re.compile(r"\d{6}")
# Recovery codes are eight characters of base32 (django-otp's `StaticToken.random_token`).
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
SEPARATORS = re.compile(r"[\s-]+")


def requires_second_factor(user):
    """Whether the user's role is one that `REQUIRE_2FA_FOR` names."""
    return user.role in settings.REQUIRE_2FA_FOR


def authenticator_of(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_authenticator(user):
    """The authenticator app being set up: unconfirmed until the user gives a code it shows.
    The same one comes back until then, so that reloading the page keeps its QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_of(device):
    """The authenticator's secret as apps ask for it when typed in: base32, in groups of 4."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def confirm_authenticator(device, code):
    """Confirm the authenticator app with a code it shows; it replaces any earlier one, and
    ten new recovery codes replace the old. Returns the recovery codes (shown once); raises
    ValidationError for a wrong code, and the app stays unconfirmed."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        refusal = check(device, normalise(code))
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
            codes = issue_recovery_codes(device.user)
            announce("second_factor_set_up", target=device.user)
    # Raised outside the transaction: the failure counted on the device is kept.
    if refusal is not None:
        raise refusal
    return codes


def renew_recovery_codes(user):
    """The user asks for new recovery codes; returns them (shown once)."""
    with transaction.atomic():
        codes = issue_recovery_codes(user)
        announce("recovery_codes_renewed", target=user)
    return codes


def issue_recovery_codes(user):
    """Ten new recovery codes; the old ones stop working. Returns them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(user, code):
    """The device of `user` that accepts `code`, a code of the authenticator app or a
    recovery code (which is used up); raises ValidationError when it is wrong or comes
    too soon after wrong ones."""
    code = normalise(code)
    model = TOTPDevice if AUTHENTICATOR_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("-pk")
            .first()
        )
        refusal = wrong_code() if device is None else check(device, code)
    # Raised outside the transaction: the failure counted on the device is kept.
    if refusal is not None:
        raise refusal
    return device


def check(device, code):
    """Verify `code` on the device, which must be locked for update: None if it is right,
    else the ValidationError to raise once the failure is saved."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return ValidationError(throttled_message(details), code="throttled")
    if not device.verify_token(code):  # counts the failure on the device
        return wrong_code()
    return None


def wrong_code():
    return ValidationError(_("The code is wrong or has expired."), code="wrong")


def throttled_message(details):
    seconds = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
    return _("Too many wrong codes: wait %(seconds)s seconds, then try again with a new code.") % {
        "seconds": max(seconds, 1)
    }


def normalise(code):
    """Codes as typed: spaces and dashes dropped, recovery codes in lower case."""
    return SEPARATORS.sub("", code or "").lower()


def looks_like_a_code(text):
    """Whether `text` has the form of an authenticator's or a recovery code."""
    code = normalise(text)
    return bool(AUTHENTICATOR_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code))


def switch_off_second_factor(user):
    """The user switches their second factor off; refused while their role requires one."""
    if requires_second_factor(user):
        raise PermissionDenied(_("Your role requires a second factor: it cannot be switched off."))
    with transaction.atomic():
        remove_second_factor(user)
        announce("second_factor_switched_off", target=user)


def reset_second_factor(user):
    """An administrator removes a user's second factor (a lost phone); the user sets up a
    new one at the next sign-in if their role requires it."""
    with transaction.atomic():
        remove_second_factor(user)
        announce("second_factor_reset", target=user)


def remove_second_factor(user):
    """Remove the user's authenticator app and recovery codes (and devices of any kind)."""
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
