"""An officer sets up an authenticator app under My settings (reading the key off the
page), keeps the recovery codes, signs out, signs in with her password and a code of the
app, and once more with a recovery code."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from pocketworld.core.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-1"


def code_of(secret, later=0):
    """The code the app shows `later` seconds from now."""
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, t0=-later):06d}"


def sign_in_with_a_code(page, username, code):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login/code/$"))
    page.get_by_label("code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def test_officer_sets_up_an_authenticator_app_and_signs_in_with_it(
    page, live_server, japan_officer
):
    sign_in(page, live_server, japan_officer.username)
    page.goto(live_server.url + "/settings/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("#authenticator-secret").inner_text()

    page.get_by_label("code").fill("000000" if code_of(secret) != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#error-code")).to_contain_text("The code is wrong")
    time.sleep(1.1)  # the wait after a wrong code
    page.get_by_label("code").fill(code_of(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("Your authenticator app is set up")
    codes = page.locator("#recovery-code-list code").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    # A code is taken once: the app's next one (the server allows one step ahead).
    sign_in_with_a_code(page, japan_officer.username, code_of(secret, later=30))
    page.goto(live_server.url + "/settings/")
    expect(page.locator("#second-factor-status")).to_contain_text("10 recovery codes left")

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_a_code(page, japan_officer.username, codes[0].upper())
    expect(page.locator(".messages")).to_contain_text("You signed in with a recovery code")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill(japan_officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#error-code")).to_contain_text("The code is wrong")
