"""An officer who forgot her password asks for a link on the sign-in page, sets a new
password from the e-mail, and signs in with it; then changes it under My settings."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "Rheinufer-Promenade-2026"
NEWER = "Koenigsallee-Bruecke-2027"


def test_officer_resets_and_changes_her_password(page, live_server, japan_officer, settings):
    settings.SITE_URL = live_server.url
    japan_officer.email = "neu@example.org"
    japan_officer.save()
    page.goto(live_server.url + "/login/")
    page.get_by_role("link", name="Forgotten password?").click()
    page.get_by_label("Email").fill("neu@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#reset-sent")).to_be_visible()

    [message] = mail.outbox
    page.goto(re.search(r"http://\S+/password-reset/\S+/", message.body).group(0))
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Set the password").click()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(japan_officer.username)
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    page.goto(live_server.url + "/settings/")
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Old password").fill(NEW)
    page.get_by_label("New password", exact=True).fill(NEWER)
    page.get_by_label("New password confirmation").fill(NEWER)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".messages")).to_contain_text("Your password is changed")
    japan_officer.refresh_from_db()
    assert japan_officer.check_password(NEWER)
