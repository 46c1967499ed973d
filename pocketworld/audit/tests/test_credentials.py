"""A user's own credentials changing is recorded: password changed or reset, second factor
set up, renewed, switched off or reset by an administrator, API tokens made and revoked."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pocketworld.accounts.models import APIToken
from pocketworld.audit.models import AuditEvent
from pocketworld.core.testing import pages_of

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # the test personas' password
NEW = "Rheinufer-Promenade-2026"


def recorded(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_a_password_change_and_a_reset_are_recorded(japan_officer):
    pages_of(japan_officer).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    (changed,) = recorded("password_changed")
    assert changed.user == japan_officer and changed.target_id == str(japan_officer.pk)

    japan_officer.refresh_from_db()  # the reset link is made with the new password
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(japan_officer.pk)),
            "token": default_token_generator.make_token(japan_officer),
        },
    )
    client = Client(REMOTE_ADDR="10.4.4.4")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    (reset,) = recorded("password_reset")
    assert reset.user == japan_officer and reset.ip_address == "10.4.4.4"
    assert not mail.outbox  # the link was made here, not asked for


def test_the_second_factor_set_up_renewed_switched_off_and_reset_are_recorded(
    japan_officer, administrator
):
    client = pages_of(japan_officer)
    client.get(reverse("accounts:authenticator_create"))
    device = TOTPDevice.objects.get(user=japan_officer)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post(reverse("accounts:authenticator_create"), {"code": code})
    client.post(reverse("accounts:recovery_codes_create"))
    assert [event.user for event in recorded("second_factor_set_up")] == [japan_officer]
    assert [event.user for event in recorded("recovery_codes_renewed")] == [japan_officer]

    client.post(reverse("accounts:second_factor_delete"), {"password_or_code": PASSWORD})
    (off,) = recorded("second_factor_switched_off")
    assert off.user == japan_officer

    admin = pages_of(administrator)
    admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [japan_officer.pk]},
    )
    call_command("reset_second_factor", japan_officer.username)
    by_admin, by_command = recorded("second_factor_reset")
    assert by_admin.user == administrator and by_admin.target_id == str(japan_officer.pk)
    assert by_command.user is None and by_command.target_id == str(japan_officer.pk)


def test_an_api_token_made_and_revoked_is_recorded_without_its_key(japan_officer):
    client = pages_of(japan_officer)
    client.post(
        reverse("accounts:apitoken_create"),
        {"token-name": "Power BI", "token-valid_until": date.today() + timedelta(days=30)},
    )
    token = APIToken.objects.get(user=japan_officer)
    client.post(reverse("accounts:apitoken_revoke", args=[token.pk]))
    (made,) = recorded("api_token_created")
    (revoked,) = recorded("api_token_revoked")
    for event in (made, revoked):
        assert event.user == japan_officer and event.details["owner"] == japan_officer.pk
        assert token.prefix in event.target_repr
    assert not re.search(r"pw_[\w-]{20,}", str(made.details) + made.target_repr)
