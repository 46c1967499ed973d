"""The second factor of local accounts: an authenticator app set up under My settings with
a code it shows, then ten recovery codes shown once; signing in asks for a code after the
password; wrong codes make the next attempt wait; roles of REQUIRE_2FA_FOR must set one up
first and may not switch it off; an administrator resets it."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pocketworld.accounts import oidc, services
from pocketworld.accounts.checks import required_second_factor_roles_exist
from pocketworld.accounts.middleware import SecondFactorMiddleware
from pocketworld.core.testing import pages_of

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # the test personas' password
SECOND = datetime.timedelta(seconds=1)
STEP = 30 * SECOND  # an authenticator's code changes every 30 seconds
SETUP = "/settings/second-factor/authenticator/"
MANAGE = "/settings/second-factor/"
CODE_STEP = "/login/code/"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR = ["administrator", "director"]


def code_of(device):
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def another_code_than(device):
    return f"{(int(code_of(device)) + 1) % 1_000_000:06d}"


def with_second_factor(user):
    """Give `user` a confirmed authenticator app; returns (app, recovery codes)."""
    device = TOTPDevice.objects.create(user=user, name="authenticator app")
    return device, services.issue_recovery_codes(user)


def sign_in(username, next_url=None, client=None, path="/login/"):
    client = client or Client()
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client, client.post(path, data)


def give_code(client, code):
    return client.post(CODE_STEP, {"code": code})


def is_signed_in(client):
    return client.get("/").status_code == 200


def signed_in_with_second_factor(user, device, clock):
    """A client through both steps of the sign-in, as a person does."""
    client, _response = sign_in(user.username)
    clock.shift(STEP)  # a code is taken once: the next sign-in uses the app's next one
    assert give_code(client, code_of(device)).status_code == 302
    return client


def shown_recovery_codes(page):
    listing = page.split('id="recovery-code-list"')[1].split("</ol>")[0]
    return re.findall(r"<code>([a-z2-7]{8})</code>", listing)


# --- setting up ----------------------------------------------------------------------------


def test_setting_up_an_app_shows_a_qr_code_and_the_secret_then_recovery_codes_once(
    japan_officer, clock
):
    client = pages_of(japan_officer)
    settings_page = client.get("/settings/").content.decode()
    assert 'id="second-factor"' in settings_page and SETUP in settings_page

    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=japan_officer)
    assert not device.confirmed
    assert re.search(r'<img src="data:image/svg\+xml[^"]+"', page)
    secret = re.search(r'id="authenticator-secret">([A-Z2-7 ]+)<', page).group(1)
    assert services.secret_of(device) == secret and len(secret.replace(" ", "")) == 32
    assert device.config_url.startswith("otpauth://totp/pocketworld%3Aneu?secret=")
    assert device.config_url.endswith("&issuer=pocketworld")
    assert client.get(SETUP).content.decode().count(secret) == 1  # the same app on reload

    response = client.post(SETUP, {"code": code_of(device)})
    assert response.status_code == 302 and response.url == MANAGE + "#recovery-codes"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    page = client.get(MANAGE).content.decode()
    codes = shown_recovery_codes(page)
    assert len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=japan_officer).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)
    again = client.get(MANAGE).content.decode()
    assert 'id="recovery-code-list"' not in again and codes[0] not in again
    assert "10 recovery codes left" in client.get("/settings/").content.decode()


def test_a_wrong_code_leaves_the_app_unconfirmed(japan_officer, clock):
    client = pages_of(japan_officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=japan_officer)
    for wrong in (another_code_than(device), "abc", ""):
        clock.shift(STEP)
        response = client.post(SETUP, {"code": wrong})
        assert response.status_code == 200 and 'id="error-code"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 2  # "" is no code
    assert not StaticDevice.objects.exists()
    assert not services.has_second_factor(japan_officer)
    assert client.get(MANAGE).url == SETUP  # nothing to manage yet


def test_a_new_app_replaces_the_old_one(japan_officer, clock):
    old, _codes = with_second_factor(japan_officer)
    client = signed_in_with_second_factor(japan_officer, old, clock)
    page = client.get(SETUP).content.decode()
    assert "replaces the one you use now" in page
    new = TOTPDevice.objects.get(user=japan_officer, confirmed=False)
    assert client.post(SETUP, {"code": code_of(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=japan_officer)) == [new]
    assert is_signed_in(client)  # this session is verified by the new app


# --- signing in ----------------------------------------------------------------------------


def test_without_a_second_factor_the_password_signs_in(japan_officer):
    client, response = sign_in(japan_officer.username)
    assert response.status_code == 302 and response.url == "/"
    assert is_signed_in(client)


def test_signing_in_asks_for_the_code_after_the_password(japan_officer, clock):
    device, _codes = with_second_factor(japan_officer)
    client, response = sign_in(japan_officer.username, next_url="/companies/")
    assert response.status_code == 302 and response.url == CODE_STEP
    assert not is_signed_in(client)
    assert 'id="id_code"' in client.get(CODE_STEP).content.decode()

    wrong = give_code(client, another_code_than(device))
    assert wrong.status_code == 200 and "The code is wrong" in wrong.content.decode()
    assert not is_signed_in(client)

    clock.shift(2 * SECOND)  # the wait after one wrong code
    response = give_code(client, code_of(device))
    assert response.status_code == 302 and response.url == "/companies/"
    assert is_signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    device.refresh_from_db()
    assert device.throttling_failure_count == 0 and device.last_used_at is not None
    # The code step is over: the page sends signed-in users on.
    assert client.get(CODE_STEP).url == "/login/"


def test_the_code_step_comes_only_after_the_right_password(japan_officer):
    with_second_factor(japan_officer)
    client = Client()
    client.post("/login/", {"username": japan_officer.username, "password": "guess"})
    assert client.get(CODE_STEP).url == "/login/"
    assert Client().get(CODE_STEP).url == "/login/"


def test_the_code_step_expires_after_five_minutes(japan_officer, clock):
    device, _codes = with_second_factor(japan_officer)
    client, _response = sign_in(japan_officer.username)
    clock.shift(datetime.timedelta(minutes=6))
    response = give_code(client, code_of(device))
    assert response.status_code == 302 and response.url == "/login/"
    assert "took too long" in client.get("/login/").content.decode()
    assert not is_signed_in(client)


def test_a_recovery_code_works_once(japan_officer, clock):
    _device, codes = with_second_factor(japan_officer)
    client, _response = sign_in(japan_officer.username)
    typed = codes[0][:4].upper() + " " + codes[0][4:].upper()  # as read off the paper
    assert give_code(client, typed).status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and "9 are left" in home.content.decode()
    assert StaticToken.objects.filter(device__user=japan_officer).count() == 9

    again, _response = sign_in(japan_officer.username)
    clock.shift(STEP)
    response = give_code(again, codes[0])
    assert "The code is wrong" in response.content.decode()
    assert not is_signed_in(again)
    clock.shift(STEP)
    assert give_code(again, codes[1]).status_code == 302 and is_signed_in(again)


def test_an_authenticator_code_works_once(japan_officer, clock):
    device, _codes = with_second_factor(japan_officer)
    code = code_of(device)
    first, _response = sign_in(japan_officer.username)
    assert give_code(first, code).status_code == 302
    second, _response = sign_in(japan_officer.username)
    assert "The code is wrong" in give_code(second, code).content.decode()


def test_wrong_codes_make_the_next_attempt_wait_longer_each_time(japan_officer, clock):
    device, codes = with_second_factor(japan_officer)
    client, _response = sign_in(japan_officer.username)
    for wait in (1, 2, 4):  # each wrong code doubles the wait before the next attempt
        clock.shift(wait * SECOND + SECOND / 2)
        assert "The code is wrong" in give_code(client, another_code_than(device)).content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 3

    clock.shift(SECOND)
    page = give_code(client, code_of(device)).content.decode()
    assert "Too many wrong codes: wait 3 seconds" in page  # refused even the right code
    assert not is_signed_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # a refused attempt is no further failure

    clock.shift(4 * SECOND)
    assert give_code(client, code_of(device)).status_code == 302 and is_signed_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    # Recovery codes have their own count.
    assert StaticDevice.objects.get(user=japan_officer).throttling_failure_count == 0
    assert len(codes) == 10


# --- required for some roles ---------------------------------------------------------------


def test_a_required_role_sets_up_a_second_factor_first(required, director, japan_officer, clock):
    client = pages_of(director)
    for path in ("/", "/companies/", "/settings/", MANAGE):
        response = client.get(path)
        assert response.status_code == 302 and response.url == SETUP, path
    htmx = client.get(reverse("search:suggestions") + "?q=x", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == SETUP
    page = client.get(SETUP).content.decode()
    assert 'id="second-factor-required"' in page
    assert pages_of(japan_officer).get("/").status_code == 200  # desk staff: not required

    device = TOTPDevice.objects.get(user=director)
    assert client.post(SETUP, {"code": code_of(device)}).status_code == 302
    assert is_signed_in(client)
    assert client.get(MANAGE).status_code == 200


def test_a_required_role_signing_in_with_the_password_goes_to_the_set_up(required, director):
    client, response = sign_in(director.username)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").url == SETUP
    logout = client.post("/logout/")
    assert logout.status_code == 302 and logout.url == "/login/"
    assert client.get("/").url.startswith("/login/")


def test_the_api_refuses_a_required_role_without_a_second_factor(required, director, japan_officer):
    response = pages_of(director).get("/api/v1/companies/")
    assert response.status_code == 403
    assert "requires a second factor" in response.json()["detail"]
    assert pages_of(japan_officer).get("/api/v1/companies/").status_code == 200


def test_single_sign_on_users_are_exempt(required, director):
    """The identity provider asks for their second factor."""
    middleware = SecondFactorMiddleware(lambda request: None)

    def answer(backend):
        request = RequestFactory().get("/companies/")
        request.user = director
        director.is_verified = lambda: False
        request.session = SessionStore()
        request.session[BACKEND_SESSION_KEY] = backend
        request.resolver_match = resolve("/companies/")
        return middleware.process_view(request, None, (), {})

    assert answer(oidc.BACKEND) is None
    assert answer("django.contrib.auth.backends.ModelBackend").url == SETUP


def test_the_setting_names_known_roles_only(settings):
    settings.REQUIRE_2FA_FOR = ["director", "administrator"]
    assert required_second_factor_roles_exist(None) == []
    settings.REQUIRE_2FA_FOR = ["director", "boss"]
    [error] = required_second_factor_roles_exist(None)
    assert error.id == "accounts.E001" and "boss" in error.msg


def test_an_older_session_ends_once_a_second_factor_is_set_up(japan_officer, clock):
    older = pages_of(japan_officer)
    assert is_signed_in(older)
    newer = pages_of(japan_officer)
    newer.get(SETUP)
    device = TOTPDevice.objects.get(user=japan_officer)
    newer.post(SETUP, {"code": code_of(device)})
    response = older.get("/companies/")
    assert response.status_code == 302 and response.url == "/login/?next=/companies/"
    assert not is_signed_in(older)
    assert is_signed_in(newer)
    api = pages_of(japan_officer).get("/api/v1/companies/")  # a session without the code
    assert api.status_code == 403 and "second factor" in api.json()["detail"]


# --- the Django admin ----------------------------------------------------------------------


def test_the_admin_sign_in_asks_for_the_code_too(administrator, clock):
    device, _codes = with_second_factor(administrator)
    assert reverse("admin:login") == "/admin/login/"
    client, response = sign_in(administrator.username, path="/admin/login/")
    assert response.status_code == 302 and response.url == CODE_STEP
    assert client.get("/admin/").url.startswith("/admin/login/")
    response = give_code(client, code_of(device))
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").url == "/admin/"


def test_the_admin_sign_in_refuses_who_is_no_administrator(japan_officer):
    client = pages_of(japan_officer)
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_an_administrator_resets_a_second_factor_in_the_admin(administrator, japan_officer):
    device, codes = with_second_factor(japan_officer)
    client = pages_of(administrator)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert listing.status_code == 200 and str(japan_officer) in listing.content.decode()
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200 and device.key not in change.content.decode()
    static = StaticDevice.objects.get(user=japan_officer)
    page = client.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk]))
    assert page.status_code == 200 and codes[0] not in page.content.decode()

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [japan_officer.pk]},
        follow=True,
    )
    assert "The second factor of 1 user is reset." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=japan_officer).exists()
    assert not StaticDevice.objects.filter(user=japan_officer).exists()


def test_reset_second_factor_command(required, director):
    with_second_factor(director)
    out = io.StringIO()
    call_command("reset_second_factor", director.username, stdout=out)
    assert "is removed" in out.getvalue() and "requires one" in out.getvalue()
    assert not services.has_second_factor(director)
    assert not StaticDevice.objects.filter(user=director).exists()
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_second_factor", "nobody")


# --- recovery codes and switching off ------------------------------------------------------


def test_new_recovery_codes_void_the_old(japan_officer, clock):
    device, old_codes = with_second_factor(japan_officer)
    client = signed_in_with_second_factor(japan_officer, device, clock)
    response = client.post("/settings/second-factor/recovery-codes/")
    assert response.status_code == 302 and response.url == MANAGE + "#recovery-codes"
    new_codes = shown_recovery_codes(client.get(MANAGE).content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert client.get("/settings/second-factor/recovery-codes/").status_code == 405

    other, _response = sign_in(japan_officer.username)
    assert "The code is wrong" in give_code(other, old_codes[0]).content.decode()
    clock.shift(STEP)
    assert give_code(other, new_codes[0]).status_code == 302


def test_switching_off_asks_for_the_password_or_a_code(japan_officer, clock):
    device, codes = with_second_factor(japan_officer)
    client = signed_in_with_second_factor(japan_officer, device, clock)
    off = "/settings/second-factor/off/"
    wrong = client.post(off, {"password_or_code": "not my password"})
    assert wrong.status_code == 400 and 'id="error-password_or_code"' in wrong.content.decode()
    assert services.has_second_factor(japan_officer)

    response = client.post(off, {"password_or_code": codes[0]})
    assert response.status_code == 302 and response.url == "/settings/#second-factor"
    assert not TOTPDevice.objects.filter(user=japan_officer).exists()
    assert not StaticDevice.objects.filter(user=japan_officer).exists()
    assert is_signed_in(client)
    again, response = sign_in(japan_officer.username)
    assert response.url == "/" and is_signed_in(again)  # the password alone again


def test_switching_off_with_the_password(japan_officer, clock):
    device, _codes = with_second_factor(japan_officer)
    client = signed_in_with_second_factor(japan_officer, device, clock)
    response = client.post("/settings/second-factor/off/", {"password_or_code": PASSWORD})
    assert response.status_code == 302
    assert not services.has_second_factor(japan_officer)


def test_switching_off_is_refused_while_the_role_requires_it(required, director, clock):
    device, _codes = with_second_factor(director)
    client = signed_in_with_second_factor(director, device, clock)
    page = client.get(MANAGE).content.decode()
    assert 'id="second-factor-off-refused"' in page and 'id="second-factor-off-form"' not in page
    response = client.post("/settings/second-factor/off/", {"password_or_code": PASSWORD})
    assert response.status_code == 403
    assert services.has_second_factor(director)
    assert is_signed_in(client)
